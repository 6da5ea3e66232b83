// The per-target helpers of the runner: manifests in order with their prefixes, a stop
// after an unreachable cluster, and jobs that run at once, each on its own connection.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "cli/cluster_runner.hpp"
#include "cli/console.hpp"
#include "fake_transport.hpp"
#include "run_support.hpp"

using planton::Failure;
using planton::FailureKind;
using planton::cli::ClusterTarget;
using planton::cli::ManifestResult;
using planton::cli::RenderedManifest;
using planton::cli::TargetJob;
using planton::test::daemonset_manifest;
using planton::test::FakeTransport;

namespace {

// A connection over fake transports; each one opened is counted.
planton::kube::Connection fake_connection(std::atomic<int>& opened) {
    planton::kube::Connection connection;
    connection.open_transport = [&opened]() -> std::unique_ptr<planton::kube::Transport> {
        ++opened;
        return std::make_unique<FakeTransport>();
    };
    connection.transport = connection.open_transport();
    connection.client = std::make_unique<planton::kube::Client>(*connection.transport);
    return connection;
}

}  // namespace

TEST_CASE("runner: each manifest in order, prefixed when there are several", "[cli][runner]") {
    std::atomic<int> opened{0};
    const std::vector<RenderedManifest> manifests = {
        daemonset_manifest("a", "ns"), daemonset_manifest("b", "ns"), daemonset_manifest("c", "ns")};
    ClusterTarget target{manifests, fake_connection(opened)};
    std::vector<std::string> seen;
    std::vector<ManifestResult> results;
    planton::cli::for_each_manifest(target, results,
                                    [&](size_t index, const RenderedManifest& m, ManifestResult& r) {
                                        seen.push_back(std::to_string(index) + " " + m.label() + " " +
                                                       planton::cli::ScopedLines::current().prefix());
                                        r.result = "done";
                                        if (index == 1)
                                            r.failure = Failure{FailureKind::Refused, "forbidden"};
                                    });
    CHECK(seen == std::vector<std::string>{"0 ns/a ns/a: ", "1 ns/b ns/b: ", "2 ns/c ns/c: "});
    REQUIRE(results.size() == 3);
    CHECK(results[1].failure->message == "forbidden");
    CHECK_FALSE(results[2].failure);
    CHECK(planton::cli::ScopedLines::current().prefix().empty());

    const std::vector<RenderedManifest> single = {daemonset_manifest("a", "ns")};
    ClusterTarget one{single, fake_connection(opened)};
    planton::cli::for_each_manifest(one, results, [&](size_t, const RenderedManifest&, ManifestResult&) {
        CHECK(planton::cli::ScopedLines::current().prefix().empty());
    });
}

TEST_CASE("runner: after an unreachable cluster the other manifests are not tried", "[cli][runner]") {
    std::atomic<int> opened{0};
    const std::vector<RenderedManifest> manifests = {
        daemonset_manifest("a", "ns"), daemonset_manifest("b", "ns"), daemonset_manifest("c", "ns")};
    ClusterTarget target{manifests, fake_connection(opened)};
    int steps = 0;
    std::vector<ManifestResult> results;
    planton::cli::for_each_manifest(target, results, [&](size_t, const RenderedManifest&, ManifestResult& r) {
        ++steps;
        r.failure = Failure{FailureKind::Unreachable, "cannot connect to https://x: connection refused"};
    });
    CHECK(steps == 1);
    REQUIRE(results.size() == 3);
    for (const ManifestResult& r : results) CHECK(r.failure->kind == FailureKind::Unreachable);
}

TEST_CASE("runner: jobs run at once, each on a connection of its own", "[cli][runner]") {
    std::atomic<int> opened{0};
    const std::vector<RenderedManifest> manifests = {
        daemonset_manifest("a", "ns"), daemonset_manifest("b", "ns"), daemonset_manifest("c", "ns"),
        daemonset_manifest("d", "ns")};
    ClusterTarget target{manifests, fake_connection(opened)};
    REQUIRE(opened == 1);
    std::atomic<int> started{0};
    std::mutex mutex;
    std::set<planton::kube::Client*> clients;
    std::set<std::string> prefixes;
    std::set<std::thread::id> threads;
    std::vector<TargetJob> jobs;
    for (size_t i = 0; i < manifests.size(); ++i) {
        jobs.push_back({i, [&](planton::kube::Client& client) {
                            ++started;
                            // Every job waits for the others to start: run one after another,
                            // they would wait out the deadline and the check below fails.
                            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
                            while (started < 4 && std::chrono::steady_clock::now() < deadline)
                                std::this_thread::sleep_for(std::chrono::milliseconds(1));
                            const std::lock_guard<std::mutex> lock(mutex);
                            clients.insert(&client);
                            prefixes.insert(planton::cli::ScopedLines::current().prefix());
                            threads.insert(std::this_thread::get_id());
                        }});
    }
    std::vector<ManifestResult> results(manifests.size());
    const planton::cli::ScopedLines context(planton::cli::LineScope{"prod", ""});
    planton::cli::run_together(target, jobs, results);
    CHECK(started == 4);
    CHECK(clients.size() == 4);
    CHECK(clients.count(&target.client()) == 1);  // the first job uses the target's own
    CHECK(opened == 4);
    CHECK(threads.size() == 4);
    CHECK(prefixes ==
          std::set<std::string>{"[prod] ns/a: ", "[prod] ns/b: ", "[prod] ns/c: ", "[prod] ns/d: "});
    for (const ManifestResult& r : results) CHECK_FALSE(r.failure);
}

TEST_CASE("runner: a job that throws fails its own manifest only", "[cli][runner]") {
    std::atomic<int> opened{0};
    const std::vector<RenderedManifest> manifests = {daemonset_manifest("a", "ns"),
                                                     daemonset_manifest("b", "ns")};
    ClusterTarget target{manifests, fake_connection(opened)};
    std::atomic<int> ran{0};
    std::vector<TargetJob> jobs = {
        {0, [&](planton::kube::Client&) { ++ran; }},
        {1,
         [&](planton::kube::Client&) {
             ++ran;
             throw planton::Error(FailureKind::Unreachable, "the exec plugin failed");
         }},
    };
    std::vector<ManifestResult> results(2);
    planton::cli::run_together(target, jobs, results);
    CHECK(ran == 2);
    CHECK_FALSE(results[0].failure);
    REQUIRE(results[1].failure);
    CHECK(results[1].failure->kind == FailureKind::Unreachable);
    CHECK(results[1].failure->message == "the exec plugin failed");
}
