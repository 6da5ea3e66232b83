#include <catch2/catch.hpp>

#include "planton/kube/coverage.hpp"

using nlohmann::json;
using planton::kube::coverage_json;
using planton::kube::coverage_text;
using planton::kube::daemon_pod_spec;
using planton::kube::exclusion_reason;
using planton::kube::node_coverage;
using planton::kube::tolerates;

namespace {

json node(const std::string& name, const json& labels = json::object(), const json& taints = json::array(),
          bool unschedulable = false) {
    json n = {{"metadata", {{"name", name}, {"labels", labels}}}, {"spec", json::object()}};
    if (!taints.empty()) n["spec"]["taints"] = taints;
    if (unschedulable) n["spec"]["unschedulable"] = true;
    return n;
}

json taint(const std::string& key, const std::string& effect, const std::string& value = "") {
    json t = {{"key", key}, {"effect", effect}};
    if (!value.empty()) t["value"] = value;
    return t;
}

std::string reason(const json& template_spec, const json& n) {
    return exclusion_reason(daemon_pod_spec(template_spec), n).value_or("runs");
}

json required(const json& terms) {
    return {{"affinity", {{"nodeAffinity", {{"requiredDuringSchedulingIgnoredDuringExecution",
                                               {{"nodeSelectorTerms", terms}}}}}}}};
}

}  // namespace

TEST_CASE("coverage: a toleration tolerates a taint as ToleratesTaint says", "[kube][coverage]") {
    struct Case {
        const char* name;
        json toleration;
        json taint;
        bool expected;
    };
    const json dedicated = taint("dedicated", "NoSchedule", "infra");
    const std::vector<Case> cases = {
        {"Exists, same key", {{"key", "dedicated"}, {"operator", "Exists"}}, dedicated, true},
        {"Exists, other key", {{"key", "gpu"}, {"operator", "Exists"}}, dedicated, false},
        {"Equal, same value", {{"key", "dedicated"}, {"operator", "Equal"}, {"value", "infra"}}, dedicated, true},
        {"Equal, other value", {{"key", "dedicated"}, {"operator", "Equal"}, {"value", "web"}}, dedicated, false},
        {"no operator means Equal", {{"key", "dedicated"}, {"value", "infra"}}, dedicated, true},
        {"no operator, no value, against a value", {{"key", "dedicated"}}, dedicated, false},
        {"empty key with Exists tolerates every taint", {{"operator", "Exists"}}, dedicated, true},
        {"empty key with Exists and an effect: that effect only",
         {{"operator", "Exists"}, {"effect", "NoExecute"}}, dedicated, false},
        {"effect-less toleration matches every effect", {{"key", "dedicated"}, {"operator", "Exists"}},
         taint("dedicated", "NoExecute"), true},
        {"other effect", {{"key", "dedicated"}, {"operator", "Exists"}, {"effect", "NoExecute"}}, dedicated, false},
        {"NoExecute with tolerationSeconds still tolerates (placement ignores the seconds)",
         {{"key", "k"}, {"operator", "Exists"}, {"effect", "NoExecute"}, {"tolerationSeconds", 30}},
         taint("k", "NoExecute"), true},
        {"Equal without a value against a taint without a value", {{"key", "k"}, {"operator", "Equal"}},
         taint("k", "NoSchedule"), true},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        CHECK(tolerates(c.toleration, c.taint) == c.expected);
    }
}

TEST_CASE("coverage: why a node runs no daemon pod", "[kube][coverage]") {
    struct Case {
        const char* name;
        json spec;
        json node;
        std::string expected;
    };
    const json plain = json::object();
    const std::vector<Case> cases = {
        {"untainted node", plain, node("w1"), "runs"},
        {"control-plane taint", plain,
         node("cp-1", json::object(), json::array({taint("node-role.kubernetes.io/control-plane", "NoSchedule")})),
         "taint node-role.kubernetes.io/control-plane:NoSchedule"},
        {"a taint with a value is shown with it", plain,
         node("w1", json::object(), json::array({taint("dedicated", "NoExecute", "db")})),
         "taint dedicated=db:NoExecute"},
        {"PreferNoSchedule never excludes", plain,
         node("w1", json::object(), json::array({taint("soft", "PreferNoSchedule")})), "runs"},
        {"tolerated taint",
         {{"tolerations", json::array({{{"key", "node-role.kubernetes.io/control-plane"}, {"operator", "Exists"},
                                        {"effect", "NoSchedule"}}})}},
         node("cp-1", json::object(), json::array({taint("node-role.kubernetes.io/control-plane", "NoSchedule")})),
         "runs"},
        // The tolerations the DaemonSet controller adds itself.
        {"cordoned node (unschedulable and its taint)", plain,
         node("w1", json::object(), json::array({taint("node.kubernetes.io/unschedulable", "NoSchedule")}), true),
         "runs"},
        {"not-ready NoExecute", plain,
         node("w1", json::object(), json::array({taint("node.kubernetes.io/not-ready", "NoExecute")})), "runs"},
        {"unreachable NoExecute", plain,
         node("w1", json::object(), json::array({taint("node.kubernetes.io/unreachable", "NoExecute")})), "runs"},
        {"disk pressure", plain,
         node("w1", json::object(), json::array({taint("node.kubernetes.io/disk-pressure", "NoSchedule")})), "runs"},
        {"network-unavailable without hostNetwork", plain,
         node("w1", json::object(), json::array({taint("node.kubernetes.io/network-unavailable", "NoSchedule")})),
         "taint node.kubernetes.io/network-unavailable:NoSchedule"},
        {"network-unavailable with hostNetwork", {{"hostNetwork", true}},
         node("w1", json::object(), json::array({taint("node.kubernetes.io/network-unavailable", "NoSchedule")})),
         "runs"},
        {"node selector matches", {{"nodeSelector", {{"disktype", "ssd"}}}}, node("w1", {{"disktype", "ssd"}}),
         "runs"},
        {"node selector: other value", {{"nodeSelector", {{"disktype", "ssd"}}}}, node("w1", {{"disktype", "hdd"}}),
         "node selector disktype=ssd"},
        {"node selector: label missing", {{"nodeSelector", {{"disktype", "ssd"}}}}, node("w1"),
         "node selector disktype=ssd"},
        {"affinity In", required(json::parse(R"([{"matchExpressions":[{"key":"zone","operator":"In","values":["a","b"]}]}])")),
         node("w1", {{"zone", "b"}}), "runs"},
        {"affinity In, not listed",
         required(json::parse(R"([{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]}]}])")),
         node("w1", {{"zone", "b"}}), "required node affinity"},
        {"affinity NotIn with the label missing matches",
         required(json::parse(R"([{"matchExpressions":[{"key":"zone","operator":"NotIn","values":["a"]}]}])")),
         node("w1"), "runs"},
        {"affinity NotIn, listed",
         required(json::parse(R"([{"matchExpressions":[{"key":"zone","operator":"NotIn","values":["a"]}]}])")),
         node("w1", {{"zone", "a"}}), "required node affinity"},
        {"affinity Exists", required(json::parse(R"([{"matchExpressions":[{"key":"gpu","operator":"Exists"}]}])")),
         node("w1", {{"gpu", ""}}), "runs"},
        {"affinity Exists, missing",
         required(json::parse(R"([{"matchExpressions":[{"key":"gpu","operator":"Exists"}]}])")), node("w1"),
         "required node affinity"},
        {"affinity DoesNotExist",
         required(json::parse(R"([{"matchExpressions":[{"key":"gpu","operator":"DoesNotExist"}]}])")),
         node("w1", {{"gpu", "1"}}), "required node affinity"},
        {"affinity Gt", required(json::parse(R"([{"matchExpressions":[{"key":"cores","operator":"Gt","values":["8"]}]}])")),
         node("w1", {{"cores", "16"}}), "runs"},
        {"affinity Gt, equal is not greater",
         required(json::parse(R"([{"matchExpressions":[{"key":"cores","operator":"Gt","values":["8"]}]}])")),
         node("w1", {{"cores", "8"}}), "required node affinity"},
        {"affinity Lt", required(json::parse(R"([{"matchExpressions":[{"key":"cores","operator":"Lt","values":["8"]}]}])")),
         node("w1", {{"cores", "4"}}), "runs"},
        {"affinity Gt, not a number",
         required(json::parse(R"([{"matchExpressions":[{"key":"cores","operator":"Gt","values":["8"]}]}])")),
         node("w1", {{"cores", "many"}}), "required node affinity"},
        {"expressions of one term are ANDed",
         required(json::parse(R"([{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]},
                                                       {"key":"gpu","operator":"Exists"}]}])")),
         node("w1", {{"zone", "a"}}), "required node affinity"},
        {"terms are ORed",
         required(json::parse(R"([{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]}]},
                                  {"matchExpressions":[{"key":"gpu","operator":"Exists"}]}])")),
         node("w1", {{"gpu", "1"}}), "runs"},
        {"an empty term matches nothing", required(json::parse(R"([{}])")), node("w1"), "required node affinity"},
        {"matchFields on the node name",
         required(json::parse(R"([{"matchFields":[{"key":"metadata.name","operator":"In","values":["w2"]}]}])")),
         node("w1"), "required node affinity"},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        CHECK(reason(c.spec, c.node) == c.expected);
    }
}

TEST_CASE("coverage: the controller's tolerations are added once, the template's kept", "[kube][coverage]") {
    const json spec = daemon_pod_spec(json::parse(
        R"({"tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute"},
                           {"key":"dedicated","operator":"Equal","value":"infra","effect":"NoSchedule"}]})"));
    CHECK(spec["tolerations"].size() == 7);
    CHECK(spec["tolerations"][1]["key"] == "dedicated");
}

TEST_CASE("coverage: counts, text and JSON over a node list", "[kube][coverage]") {
    const json daemonset = {{"spec", {{"template", {{"spec", {{"nodeSelector", {{"os", "linux"}}}}}}}}}};
    json nodes = {{"items", json::array()}};
    const json cp_taint = json::array({taint("node-role.kubernetes.io/control-plane", "NoSchedule")});
    for (const char* name : {"cp-1", "cp-2", "cp-3"}) nodes["items"].push_back(node(name, {{"os", "linux"}}, cp_taint));
    for (int i = 1; i <= 12; ++i) nodes["items"].push_back(node("w" + std::to_string(i), {{"os", "linux"}}));
    nodes["items"].push_back(node("win-1", {{"os", "windows"}}));
    const auto coverage = node_coverage(daemonset, nodes);
    CHECK(coverage.total == 16);
    CHECK(coverage.matching == 12);
    CHECK(coverage_text(coverage) ==
          "will run on 12 of 16 nodes; not on cp-1, cp-2, cp-3 (taint "
          "node-role.kubernetes.io/control-plane:NoSchedule); win-1 (node selector os=linux)");
    CHECK(coverage_text(coverage, 2) ==
          "will run on 12 of 16 nodes; not on cp-1, cp-2 and 1 more (taint "
          "node-role.kubernetes.io/control-plane:NoSchedule); win-1 (node selector os=linux)");
    const json out = coverage_json(coverage);
    CHECK(out["nodes_total"] == 16);
    CHECK(out["nodes_matching"] == 12);
    CHECK(out["nodes_excluded"][3] == json({{"node", "win-1"}, {"reason", "node selector os=linux"}}));
    CHECK(coverage_text(node_coverage(daemonset, json::object())) == "will run on 0 of 0 nodes");
}
