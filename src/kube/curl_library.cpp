#include "curl_library.hpp"

#include <dlfcn.h>

#include <string>

#include "planton/error.hpp"

namespace planton::kube {
namespace {

constexpr const char* kLibcurl = "libcurl.so.4";

[[noreturn]] void cannot_load(const std::string& detail) {
    throw Error(FailureKind::Unreachable, std::string("cannot load ") + kLibcurl + " (" + detail +
                                              "): the cluster commands need libcurl with OpenSSL "
                                              "(Debian: apt-get install libcurl4)");
}

template <typename Function>
void find(void* library, const char* name, Function& function) {
    void* symbol = dlsym(library, name);
    if (symbol == nullptr) cannot_load(std::string("it has no ") + name);
    function = reinterpret_cast<Function>(symbol);
}

CurlLibrary load() {
    // RTLD_LOCAL: libcurl's libraries do not take part in the lookup of anything else.
    void* library = dlopen(kLibcurl, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
        const char* error = dlerror();
        cannot_load(error ? error : "not found");
    }
    CurlLibrary curl{};
    find(library, "curl_easy_init", curl.easy_init);
    find(library, "curl_easy_cleanup", curl.easy_cleanup);
    find(library, "curl_easy_reset", curl.easy_reset);
    find(library, "curl_easy_setopt", curl.easy_setopt);
    find(library, "curl_easy_perform", curl.easy_perform);
    find(library, "curl_easy_getinfo", curl.easy_getinfo);
    find(library, "curl_easy_strerror", curl.easy_strerror);
    find(library, "curl_slist_append", curl.slist_append);
    find(library, "curl_slist_free_all", curl.slist_free_all);
    find(library, "curl_multi_init", curl.multi_init);
    find(library, "curl_multi_cleanup", curl.multi_cleanup);
    find(library, "curl_multi_add_handle", curl.multi_add_handle);
    find(library, "curl_multi_remove_handle", curl.multi_remove_handle);
    find(library, "curl_multi_perform", curl.multi_perform);
    find(library, "curl_multi_poll", curl.multi_poll);
    find(library, "curl_multi_wakeup", curl.multi_wakeup);
    find(library, "curl_multi_info_read", curl.multi_info_read);
    find(library, "curl_share_init", curl.share_init);
    find(library, "curl_share_setopt", curl.share_setopt);
    find(library, "curl_share_cleanup", curl.share_cleanup);
    CURLcode (*global_init)(long) = nullptr;
    find(library, "curl_global_init", global_init);
    // dlsym on a handle searches the library and the ones it loaded: libssl, libcrypto.
    curl.x509_verify_cert_error_string =
        reinterpret_cast<const char* (*)(long)>(dlsym(library, "X509_verify_cert_error_string"));
    // Once, before any handle exists (curl_global_init is not thread-safe); the library
    // stays loaded for the life of the process.
    if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) cannot_load("curl_global_init failed");
    return curl;
}

}  // namespace

const CurlLibrary& curl_library() {
    static const CurlLibrary library = load();
    return library;
}

}  // namespace planton::kube
