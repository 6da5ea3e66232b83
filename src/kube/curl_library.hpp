#pragma once
// libcurl, loaded with dlopen when the first transport is made instead of linked: the
// offline commands (validate, render, schema, version) then start without mapping and
// relocating libcurl and the ~30 libraries it pulls in (TLS, Kerberos, LDAP, …); see
// ARCHITECTURE.md, "Start fast". Only the functions planton-ds calls are looked up.
#include <curl/curl.h>

namespace planton::kube {

struct CurlLibrary {
    CURL* (*easy_init)();
    void (*easy_cleanup)(CURL*);
    void (*easy_reset)(CURL*);
    CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
    CURLcode (*easy_perform)(CURL*);
    CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
    const char* (*easy_strerror)(CURLcode);
    curl_slist* (*slist_append)(curl_slist*, const char*);
    void (*slist_free_all)(curl_slist*);
    // A stream runs in a multi handle of its own so that another thread can wake it
    // (multi_wakeup) to end it at once.
    CURLM* (*multi_init)();
    CURLMcode (*multi_cleanup)(CURLM*);
    CURLMcode (*multi_add_handle)(CURLM*, CURL*);
    CURLMcode (*multi_remove_handle)(CURLM*, CURL*);
    CURLMcode (*multi_perform)(CURLM*, int*);
    CURLMcode (*multi_poll)(CURLM*, curl_waitfd*, unsigned int, int, int*);
    CURLMcode (*multi_wakeup)(CURLM*);
    CURLMsg* (*multi_info_read)(CURLM*, int*);
    // A share handle lets a transport's easy handles (its requests' and its streams')
    // resume each other's TLS sessions.
    CURLSH* (*share_init)();
    CURLSHcode (*share_setopt)(CURLSH*, CURLSHoption, ...);
    CURLSHcode (*share_cleanup)(CURLSH*);
    // OpenSSL's X509_verify_cert_error_string, from the libcrypto libcurl loaded; nullptr
    // when libcurl is built on another TLS library.
    const char* (*x509_verify_cert_error_string)(long);
};

// The library, loaded (libcurl.so.4) and initialised (curl_global_init) by the first call;
// thread-safe. Throws planton::Error (FailureKind::Unreachable) saying which library is
// missing and which Debian package has it when it cannot be loaded.
const CurlLibrary& curl_library();

}  // namespace planton::kube
