// objects.md "The DaemonSet": selector, template, pod-level fields, the last object.
#include <catch2/catch.hpp>

#include "planton/render/emit.hpp"

#include "render_support.hpp"

using namespace planton::test;  // NOLINT: test helpers

TEST_CASE("the DaemonSet is last, keys in conventional order", "[render][daemonset]") {
    auto objects = render_ok(manifest_yaml("  create_namespace: true\n  config_maps: {c: x}\n"));
    const Object& ds = objects.back();
    CHECK(ds["kind"] == "DaemonSet");
    CHECK(ds["apiVersion"] == "apps/v1");
    CHECK(keys(ds) == std::vector<std::string>{"apiVersion", "kind", "metadata", "spec"});
    CHECK(keys(ds["metadata"]) == std::vector<std::string>{"name", "namespace", "labels"});
    CHECK(keys(ds["spec"]) == std::vector<std::string>{"selector", "template"});
    CHECK(keys(ds["spec"]["template"]) == std::vector<std::string>{"metadata", "spec"});
}

TEST_CASE("the selector is exactly the name label", "[render][daemonset]") {
    Object ds = daemonset_of(manifest_yaml("", "", "  id: x1\n  labels: {team: a}\n"));
    CHECK(ds["spec"]["selector"] == Object::parse(R"({"matchLabels": {"app.kubernetes.io/name": "agent"}})"));
}

TEST_CASE("two DaemonSets in one namespace select distinct pods (Planton's module selects app: daemonset)",
          "[render][daemonset]") {
    Object a = daemonset_of(manifest_yaml("", "", "", "log-agent", "ops"));
    Object b = daemonset_of(manifest_yaml("", "", "", "metrics-agent", "ops"));
    CHECK(a["spec"]["selector"] != b["spec"]["selector"]);
    CHECK(a["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"] == "log-agent");
    CHECK(b["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"] == "metrics-agent");
    // Each template matches its own selector only.
    CHECK(a["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/name"] == "log-agent");
    CHECK(b["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/name"] == "metrics-agent");
}

TEST_CASE("a minimal manifest renders a minimal pod spec", "[render][daemonset]") {
    Object pod = pod_spec_of(manifest_yaml());
    CHECK(keys(pod) == std::vector<std::string>{"containers"});
    Object ds = daemonset_of(manifest_yaml());
    CHECK_FALSE(ds["spec"].contains("updateStrategy"));
    CHECK_FALSE(ds["spec"].contains("minReadySeconds"));
    CHECK_FALSE(ds["spec"].contains("revisionHistoryLimit"));
}

TEST_CASE("pod-level fields in the order of the PodSpec type", "[render][daemonset]") {
    Object pod = pod_spec_of(manifest_yaml(
        "  host_network: true\n  host_pid: true\n  host_ipc: true\n  priority_class_name: "
        "system-node-critical\n"
        "  termination_grace_period_seconds: 30\n  node_selector: {kubernetes.io/os: linux, gpu: \"true\"}\n"
        "  create_service_account: true\n"
        "  tolerations: [{operator: Exists}]\n"
        "  affinity: {node_affinity: {required: [{match_expressions: [{key: a, operator: Exists}]}]}}\n"
        "  init_containers: [{name: init, image: \"busybox:1.36\"}]\n",
        "      volume_mounts: [{name: v, mount_path: /v, empty_dir: {}}]\n", "", "agent"));
    CHECK(keys(pod) == std::vector<std::string>{"volumes", "initContainers", "containers",
                                                "terminationGracePeriodSeconds", "dnsPolicy", "nodeSelector",
                                                "serviceAccountName", "hostNetwork", "hostPID", "hostIPC",
                                                "affinity", "tolerations", "priorityClassName"});
    CHECK(pod["hostNetwork"] == true);
    CHECK(pod["hostPID"] == true);
    CHECK(pod["hostIPC"] == true);
    CHECK(pod["priorityClassName"] == "system-node-critical");
    CHECK(pod["terminationGracePeriodSeconds"] == 30);
    CHECK(pod["nodeSelector"] == Object::parse(R"({"kubernetes.io/os": "linux", "gpu": "true"})"));
}

TEST_CASE("host namespaces only when true", "[render][daemonset]") {
    Object pod = pod_spec_of(manifest_yaml("  host_network: false\n  host_pid: false\n  host_ipc: false\n"));
    CHECK_FALSE(pod.contains("hostNetwork"));
    CHECK_FALSE(pod.contains("hostPID"));
    CHECK_FALSE(pod.contains("hostIPC"));
    CHECK_FALSE(pod.contains("dnsPolicy"));
}

TEST_CASE("dnsPolicy: as given, else ClusterFirstWithHostNet on the host network", "[render][daemonset]") {
    CHECK(pod_spec_of(manifest_yaml("  host_network: true\n"))["dnsPolicy"] == "ClusterFirstWithHostNet");
    CHECK(pod_spec_of(manifest_yaml("  host_network: true\n  dns_policy: ClusterFirst\n"))["dnsPolicy"] ==
          "ClusterFirst");
    CHECK(pod_spec_of(manifest_yaml("  dns_policy: Default\n"))["dnsPolicy"] == "Default");
}

TEST_CASE("dnsConfig from dns_config, after priorityClassName as Kubernetes orders it",
          "[render][daemonset]") {
    const Object pod = pod_spec_of(manifest_yaml(
        "  dns_policy: None\n  priority_class_name: system-node-critical\n  dns_config:\n"
        "    nameservers: [1.1.1.1, \"2001:db8::53\"]\n    searches: [svc.cluster.local, example.com.]\n"
        "    options: [{name: ndots, value: \"2\"}, {name: edns0}]\n"));
    CHECK(pod["dnsPolicy"] == "None");
    CHECK(pod["dnsConfig"] == Object::parse(R"({"nameservers": ["1.1.1.1", "2001:db8::53"],
        "searches": ["svc.cluster.local", "example.com."],
        "options": [{"name": "ndots", "value": "2"}, {"name": "edns0"}]})"));
    CHECK(keys(pod).back() == "dnsConfig");
    // Only what was given; nothing without dns_config.
    CHECK(
        pod_spec_of(manifest_yaml("  dns_config: {options: [{name: ndots, value: \"1\"}]}\n"))["dnsConfig"] ==
        Object::parse(R"({"options": [{"name": "ndots", "value": "1"}]})"));
    CHECK_FALSE(pod_spec_of(manifest_yaml("  dns_policy: Default\n")).contains("dnsConfig"));
}

TEST_CASE("terminationGracePeriodSeconds 0 is kept: it was given", "[render][daemonset]") {
    CHECK(pod_spec_of(manifest_yaml(
              "  termination_grace_period_seconds: 0\n"))["terminationGracePeriodSeconds"] == 0);
}

TEST_CASE("minReadySeconds when non-zero, revisionHistoryLimit when given", "[render][daemonset]") {
    Object spec =
        daemonset_of(manifest_yaml("  min_ready_seconds: 15\n  revision_history_limit: 0\n"))["spec"];
    CHECK(spec["minReadySeconds"] == 15);
    CHECK(spec["revisionHistoryLimit"] == 0);
    CHECK(keys(spec) ==
          std::vector<std::string>{"selector", "template", "minReadySeconds", "revisionHistoryLimit"});
    CHECK_FALSE(daemonset_of(manifest_yaml("  min_ready_seconds: 0\n"))["spec"].contains("minReadySeconds"));
}

TEST_CASE("the same manifest renders byte-identical output", "[render][daemonset]") {
    const std::string yaml = manifest_yaml("  config_maps: {b: x, a: y}\n  create_service_account: true\n",
                                           "      env: {variables: {Z: z, A: a}, secrets: {S: s}}\n");
    CHECK(planton::render::to_yaml(render_ok(yaml)) == planton::render::to_yaml(render_ok(yaml)));
}
