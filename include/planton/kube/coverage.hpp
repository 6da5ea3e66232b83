#pragma once
// Node coverage (cli.md "Preflight"): which nodes the DaemonSet controller will run a pod
// on, and why not the others, as its NodeShouldRunDaemonPod decides
// (pkg/controller/daemon/daemon_controller.go, "Scheduled by default scheduler" and
// "Taints and tolerations" in the DaemonSet documentation):
// - the pod gets the tolerations the controller adds to every daemon pod
//   (util.AddOrUpdateDaemonPodTolerations): not-ready and unreachable (NoExecute),
//   disk-, memory-, pid-pressure and unschedulable (NoSchedule), network-unavailable
//   (NoSchedule) with hostNetwork. So a cordoned node (spec.unschedulable, tainted
//   node.kubernetes.io/unschedulable:NoSchedule) still runs a daemon pod;
// - the node must match spec.nodeName, the nodeSelector (every label equal) and the
//   required node affinity (nodeSelectorTerms ORed, expressions of a term ANDed, an
//   empty term matches nothing; In, NotIn, Exists, DoesNotExist, Gt, Lt);
// - a NoSchedule or NoExecute taint no toleration tolerates excludes it (PreferNoSchedule
//   never does; tolerationSeconds does not matter for placement). A toleration tolerates
//   a taint (ToleratesTaint) when its effect is empty or equal, its key equal or empty
//   with operator Exists, and operator Exists, or Equal (the default) with equal values.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace planton::kube {

// The pod spec the controller creates from a template's spec: with its tolerations.
nlohmann::json daemon_pod_spec(const nlohmann::json& template_spec);

// Whether `toleration` tolerates `taint` (both as JSON objects of the API).
bool tolerates(const nlohmann::json& toleration, const nlohmann::json& taint);

// Why a pod with `pod_spec` (a daemon_pod_spec) will not run on `node`:
// "taint node-role.kubernetes.io/control-plane:NoSchedule", "node selector disktype=ssd",
// "node affinity", "node name"; nullopt when it will.
std::optional<std::string> exclusion_reason(const nlohmann::json& pod_spec, const nlohmann::json& node);

struct NodeExclusion {
    std::string node;
    std::string reason;
};

struct Coverage {
    long long total = 0;
    long long matching = 0;
    std::vector<NodeExclusion> excluded;  // in the nodes' order
};

// The coverage of the DaemonSet `daemonset` over the items of a NodeList.
Coverage node_coverage(const nlohmann::json& daemonset, const nlohmann::json& node_list);

// "will run on 12 of 15 nodes; not on cp-1, cp-2, cp-3 (taint
// node-role.kubernetes.io/control-plane:NoSchedule)": nodes grouped by reason, in order of
// the first node of each group; at most `max_names` names per group, then "and N more".
std::string coverage_text(const Coverage& coverage, size_t max_names = 10);

// The JSON keys of cli.md: nodes_total, nodes_matching, nodes_excluded [{node, reason}].
nlohmann::json coverage_json(const Coverage& coverage);

}  // namespace planton::kube
