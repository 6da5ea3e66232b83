#pragma once
// Pod Security Admission as kube-apiserver's PodSecurity plugin evaluates a pod
// (staging/src/k8s.io/pod-security-admission): the namespace labels
// pod-security.kubernetes.io/<enforce|warn|audit>[-version] (api/helpers.go), and the
// baseline and restricted checks of the Pod Security Standards (policy/check_*.go, with
// their reasons and details; policy/registry.go: baseline checks first, then restricted,
// each sorted by check ID, a restricted check replacing the baseline check it overrides).
// Used by preflight to say before apply what the API server would refuse.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace planton::kube {

// A level and policy version: "restricted:latest", "baseline:v1.29".
struct PodSecurityLevel {
    std::string level = "privileged";  // privileged, baseline, restricted
    int minor = -1;                    // -1: latest
    std::string text() const;
};

// The enforce, warn and audit levels of a namespace's labels. Defaults are privileged;
// an enforce level that does not parse counts as restricted, a warn or audit one as
// privileged (fail open), a version that does not parse as latest (api/helpers.go).
struct PodSecurityPolicy {
    PodSecurityLevel enforce, warn, audit;
};
PodSecurityPolicy pod_security_policy(const nlohmann::json& namespace_labels);

// One failed check: its forbidden reason ("privileged", "hostPath volumes") and detail
// (`container "agent" must not set securityContext.privileged=true`).
struct PodSecurityViolation {
    std::string reason;
    std::string detail;
};

// The checks a pod (its metadata and spec) fails at `level`, in the registry's order.
// Empty at privileged.
std::vector<PodSecurityViolation> pod_security_violations(const PodSecurityLevel& level,
                                                          const nlohmann::json& pod_metadata,
                                                          const nlohmann::json& pod_spec);

}  // namespace planton::kube
