// What the two ways of running many cluster connections at once cost, measured apart
// from everything else planton-ds does: N HTTPS connections (each its own CA and
// token, as each context has), each sending R keep-alive GETs one after another, as a
// rollout wait polls,
//   threads: one thread and one easy handle per connection (what the fleet runner does);
//   multi:   every easy handle in one libcurl multi handle, driven by one thread.
// Prints wall time, user and system CPU and peak RSS. Used to choose the fleet runner's
// design (ARCHITECTURE.md "Cluster commands"); not run by the tests.
//
//   curl_concurrency threads|multi REQUESTS TARGETS_FILE
// TARGETS_FILE: one connection per line, "URL CA_FILE TOKEN" (the URL with its path).
#include <sys/resource.h>
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <curl/curl.h>

namespace {

struct Target {
    std::string url, ca_pem, authorization;
};

size_t discard(char*, size_t size, size_t count, void*) { return size * count; }

CURL* handle_for(const Target& target, curl_slist*& headers) {
    CURL* handle = curl_easy_init();
    headers = curl_slist_append(nullptr, target.authorization.c_str());
    curl_easy_setopt(handle, CURLOPT_URL, target.url.c_str());
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, discard);
    curl_blob blob{const_cast<char*>(target.ca_pem.data()), target.ca_pem.size(), CURL_BLOB_COPY};
    curl_easy_setopt(handle, CURLOPT_CAINFO_BLOB, &blob);
    return handle;
}

double seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; }

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: curl_concurrency threads|multi REQUESTS TARGETS_FILE\n");
        return 2;
    }
    const bool multi = std::strcmp(argv[1], "multi") == 0;
    const int requests = std::atoi(argv[2]);
    std::vector<Target> targets;
    std::ifstream list(argv[3]);
    for (std::string url, ca, token; list >> url >> ca >> token;) {
        std::ifstream file(ca);
        std::stringstream pem;
        pem << file.rdbuf();
        targets.push_back({url, pem.str(), "Authorization: Bearer " + token});
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    timespec start{}, end{};
    clock_gettime(CLOCK_MONOTONIC, &start);
    int failures = 0;
    if (!multi) {
        std::vector<std::thread> threads;
        std::vector<int> failed(targets.size(), 0);
        for (size_t i = 0; i < targets.size(); ++i) {
            threads.emplace_back([&, i] {
                curl_slist* headers = nullptr;
                CURL* handle = handle_for(targets[i], headers);
                for (int r = 0; r < requests; ++r) failed[i] += curl_easy_perform(handle) != CURLE_OK;
                curl_easy_cleanup(handle);
                curl_slist_free_all(headers);
            });
        }
        for (auto& thread : threads) thread.join();
        for (int f : failed) failures += f;
    } else {
        CURLM* m = curl_multi_init();
        std::vector<CURL*> handles(targets.size());
        std::vector<curl_slist*> headers(targets.size());
        std::vector<int> left(targets.size(), requests);
        for (size_t i = 0; i < targets.size(); ++i) {
            handles[i] = handle_for(targets[i], headers[i]);
            curl_easy_setopt(handles[i], CURLOPT_PRIVATE, reinterpret_cast<char*>(i));
            curl_multi_add_handle(m, handles[i]);
        }
        for (int running = 1; running > 0;) {
            curl_multi_perform(m, &running);
            int queued = 0;
            while (CURLMsg* message = curl_multi_info_read(m, &queued)) {
                if (message->msg != CURLMSG_DONE) continue;
                char* index = nullptr;
                curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &index);
                const size_t i = reinterpret_cast<size_t>(index);
                failures += message->data.result != CURLE_OK;
                curl_multi_remove_handle(m, handles[i]);
                if (--left[i] > 0) {
                    curl_multi_add_handle(m, handles[i]);  // the next GET, on the kept connection
                    running = 1;
                }
            }
            if (running > 0) curl_multi_poll(m, nullptr, 0, 1000, nullptr);
        }
        for (size_t i = 0; i < targets.size(); ++i) {
            curl_easy_cleanup(handles[i]);
            curl_slist_free_all(headers[i]);
        }
        curl_multi_cleanup(m);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("%s: %zu connections x %d requests: wall %.3f s, user %.3f s, sys %.3f s, peak RSS %.1f MB, "
                "failures %d\n",
                argv[1], targets.size(), requests,
                static_cast<double>(end.tv_sec - start.tv_sec) + static_cast<double>(end.tv_nsec - start.tv_nsec) / 1e9,
                seconds(usage.ru_utime), seconds(usage.ru_stime), static_cast<double>(usage.ru_maxrss) / 1024,
                failures);
    curl_global_cleanup();
    return failures == 0 ? 0 : 1;
}
