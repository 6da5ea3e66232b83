// The setup every cluster command shares: a target is the run's manifests and a
// connection to one context, opened from the cluster flags (cli.md "Kubernetes access").
#include <catch2/catch.hpp>

#include "cli/cluster_target.hpp"
#include "temp_dir.hpp"

using planton::cli::ClusterOptions;
using planton::cli::open_cluster_target;
using planton::cli::RenderedManifest;

namespace {

const std::string kKubeconfig = R"(apiVersion: v1
kind: Config
current-context: a
clusters:
- {name: one, cluster: {server: "https://one.test:6443"}}
- {name: two, cluster: {server: "https://two.test:6443"}}
users:
- {name: u, user: {token: t}}
contexts:
- {name: a, context: {cluster: one, user: u}}
- {name: b, context: {cluster: two, user: u}}
)";

}  // namespace

TEST_CASE("a target per context, each with its own connection", "[cli][target]") {
    planton::test::TempDir dir;
    ClusterOptions cluster;
    cluster.kubeconfig = dir.write("kubeconfig", kKubeconfig);
    const std::vector<RenderedManifest> manifests(1);

    const auto current = open_cluster_target(manifests, cluster, "");
    CHECK(current.context() == "a");
    CHECK(current.client().transport().server() == "https://one.test:6443");
    CHECK(&current.manifests == &manifests);

    const auto other = open_cluster_target(manifests, cluster, "b");
    CHECK(other.context() == "b");
    CHECK(other.client().transport().server() == "https://two.test:6443");
    CHECK(&other.client() != &current.client());

    try {
        open_cluster_target(manifests, cluster, "c");
        FAIL("no error");
    } catch (const planton::Error& e) {
        CHECK(e.kind() == planton::FailureKind::Unreachable);
        CHECK_THAT(e.what(), Catch::Contains("\"c\"") && Catch::Contains("a, b"));
    }
}

TEST_CASE("a stack input's kubeconfig stands in for --kubeconfig", "[cli][target]") {
    std::vector<RenderedManifest> manifests(1);
    manifests[0].document.kind = planton::manifest::DocumentKind::stack_input;
    manifests[0].document.provider_kube_config.present = true;
    manifests[0].document.provider_kube_config.value = kKubeconfig;
    const auto target = open_cluster_target(manifests, ClusterOptions{}, "b");
    CHECK(target.client().transport().server() == "https://two.test:6443");
}

TEST_CASE("the contexts of a run: one, several in the order given, or all", "[cli][target]") {
    planton::test::TempDir dir;
    ClusterOptions cluster;
    cluster.kubeconfig = dir.write("kubeconfig", kKubeconfig);
    const std::vector<RenderedManifest> manifests(1);
    using planton::cli::target_contexts;

    CHECK(target_contexts(manifests, cluster).names == std::vector<std::string>{""});  // the current-context
    CHECK(target_contexts(manifests, cluster).kubeconfig == nullptr);  // one target reads it itself
    cluster.contexts = {"b"};
    CHECK(target_contexts(manifests, cluster).names == std::vector<std::string>{"b"});
    cluster.contexts = {"b", "a"};
    CHECK(cluster.fleet());
    CHECK(target_contexts(manifests, cluster).names == std::vector<std::string>{"b", "a"});

    cluster.contexts = {"a", "nope", "b"};
    try {
        target_contexts(manifests, cluster);
        FAIL("no error");
    } catch (const planton::Error& e) {
        CHECK(e.kind() == planton::FailureKind::Unreachable);
        CHECK(std::string(e.what()) == "context \"nope\" is not in the kubeconfig; known contexts: a, b");
    }

    cluster.contexts.clear();
    cluster.all_contexts = true;
    CHECK(cluster.fleet());
    CHECK(target_contexts(manifests, cluster).names == std::vector<std::string>{"a", "b"});
}

TEST_CASE("the contexts of a fleet resolve from the kubeconfig the run read once", "[cli][target]") {
    planton::test::TempDir dir;
    ClusterOptions cluster;
    cluster.kubeconfig = dir.write("kubeconfig", kKubeconfig);
    cluster.all_contexts = true;
    const std::vector<RenderedManifest> manifests(1);
    const auto run = planton::cli::target_contexts(manifests, cluster);
    REQUIRE(run.kubeconfig != nullptr);
    CHECK(run.kubeconfig->source == cluster.kubeconfig);

    // The file is not read again: the targets open with it gone.
    dir.write("kubeconfig", "not: [a kubeconfig");
    for (const std::string& name : run.names) {
        const auto target = open_cluster_target(manifests, cluster, name, run.kubeconfig);
        CHECK(target.context() == name);
        CHECK(target.client().transport().server() == (name == "a" ? "https://one.test:6443" : "https://two.test:6443"));
    }
    try {
        open_cluster_target(manifests, cluster, "c", run.kubeconfig);
        FAIL("no error");
    } catch (const planton::Error& e) {
        CHECK(e.kind() == planton::FailureKind::Unreachable);
        CHECK_THAT(e.what(), Catch::Contains("\"c\"") && Catch::Contains("a, b"));
    }
    // Without it, a target reads the file as it is now.
    CHECK_THROWS_AS(open_cluster_target(manifests, cluster, "a"), planton::Error);
}
