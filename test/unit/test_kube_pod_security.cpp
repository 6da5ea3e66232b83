#include <catch2/catch.hpp>

#include "planton/kube/pod_security.hpp"

using nlohmann::json;
using planton::kube::pod_security_policy;
using planton::kube::pod_security_violations;
using planton::kube::PodSecurityLevel;

namespace {

// "reason (detail)" per failed check, joined as the API server's message joins them.
std::string failed(const std::string& level, const json& spec, const json& meta = json::object(), int minor = -1) {
    PodSecurityLevel lv;
    lv.level = level;
    lv.minor = minor;
    std::string out;
    for (const auto& v : pod_security_violations(lv, meta, spec))
        out += (out.empty() ? "" : ", ") + v.reason + (v.detail.empty() ? "" : " (" + v.detail + ")");
    return out;
}

// A container that passes restricted.
json good_container(const std::string& name) {
    return {{"name", name},
            {"image", "x"},
            {"securityContext",
             {{"allowPrivilegeEscalation", false},
              {"capabilities", {{"drop", json::array({"ALL"})}}},
              {"runAsNonRoot", true},
              {"seccompProfile", {{"type", "RuntimeDefault"}}}}}};
}

json spec_with(const json& container, const json& extra = json::object()) {
    json spec = {{"containers", json::array({container})}};
    spec.update(extra);
    return spec;
}

}  // namespace

TEST_CASE("pod security: the namespace labels", "[kube][pod_security]") {
    auto policy = pod_security_policy(json::object());
    CHECK(policy.enforce.text() == "privileged:latest");
    policy = pod_security_policy({{"pod-security.kubernetes.io/enforce", "baseline"},
                                  {"pod-security.kubernetes.io/enforce-version", "v1.29"},
                                  {"pod-security.kubernetes.io/warn", "restricted"},
                                  {"pod-security.kubernetes.io/audit", "nonsense"}});
    CHECK(policy.enforce.text() == "baseline:v1.29");
    CHECK(policy.warn.text() == "restricted:latest");
    CHECK(policy.audit.text() == "privileged:latest");  // fails open
    // An enforce level that does not parse counts as restricted; a bad version as latest.
    policy = pod_security_policy({{"pod-security.kubernetes.io/enforce", "strict"},
                                  {"pod-security.kubernetes.io/enforce-version", "1.29"}});
    CHECK(policy.enforce.text() == "restricted:latest");
}

TEST_CASE("pod security: baseline and restricted checks", "[kube][pod_security]") {
    struct Case {
        const char* name;
        const char* level;
        json spec;
        std::string expected;
    };
    json privileged = good_container("agent");
    privileged["securityContext"]["privileged"] = true;
    json caps = good_container("agent");
    caps["securityContext"]["capabilities"]["add"] = json::array({"SYS_ADMIN", "NET_ADMIN", "CHOWN"});
    json ports = good_container("agent");
    ports["ports"] = json::array({{{"containerPort", 9100}, {"hostPort", 9100}}});
    json root = good_container("agent");
    root["securityContext"].erase("runAsNonRoot");
    json escalation = good_container("agent");
    escalation["securityContext"].erase("allowPrivilegeEscalation");
    json unconfined = good_container("agent");
    unconfined["securityContext"]["seccompProfile"]["type"] = "Unconfined";
    json no_seccomp = good_container("agent");
    no_seccomp["securityContext"].erase("seccompProfile");
    const json plain = {{"name", "agent"}, {"image", "x"}};

    const std::vector<Case> cases = {
        {"privileged passes nothing at privileged", "privileged", spec_with(privileged), ""},
        {"a good pod passes restricted", "restricted", spec_with(good_container("agent")), ""},
        {"a plain pod passes baseline", "baseline", spec_with(plain), ""},
        {"privileged container", "baseline", spec_with(privileged),
         "privileged (container \"agent\" must not set securityContext.privileged=true)"},
        {"host namespaces", "baseline", spec_with(plain, {{"hostNetwork", true}, {"hostPID", true}}),
         "host namespaces (hostNetwork=true, hostPID=true)"},
        {"hostPath volumes at baseline", "baseline",
         spec_with(plain, {{"volumes", json::array({{{"name", "varlog"}, {"hostPath", {{"path", "/var/log"}}}},
                                                    {{"name", "cfg"}, {"configMap", {{"name", "c"}}}}})}}),
         "hostPath volumes (volume \"varlog\")"},
        {"hostPath volumes at restricted: the restricted volume check replaces it", "restricted",
         spec_with(good_container("agent"),
                   {{"volumes", json::array({{{"name", "varlog"}, {"hostPath", {{"path", "/var/log"}}}}})}}),
         "restricted volume types (volume \"varlog\" uses restricted volume type \"hostPath\")"},
        {"host ports", "baseline", spec_with(ports), "hostPort (container \"agent\" uses hostPort 9100)"},
        {"capabilities beyond the baseline set", "baseline", spec_with(caps),
         "non-default capabilities (container \"agent\" must not include \"NET_ADMIN\", \"SYS_ADMIN\" in "
         "securityContext.capabilities.add)"},
        {"capabilities at restricted", "restricted", spec_with(caps),
         "unrestricted capabilities (container \"agent\" must not include \"CHOWN\", \"NET_ADMIN\", \"SYS_ADMIN\" in "
         "securityContext.capabilities.add)"},
        {"allowPrivilegeEscalation unset", "restricted", spec_with(escalation),
         "allowPrivilegeEscalation != false (container \"agent\" must set "
         "securityContext.allowPrivilegeEscalation=false)"},
        {"runAsNonRoot unset", "restricted", spec_with(root),
         "runAsNonRoot != true (pod or container \"agent\" must set securityContext.runAsNonRoot=true)"},
        {"runAsNonRoot on the pod is enough", "restricted",
         spec_with(root, {{"securityContext", {{"runAsNonRoot", true}}}}), ""},
        {"runAsUser 0", "restricted", spec_with(good_container("agent"), {{"securityContext", {{"runAsUser", 0}}}}),
         "runAsUser=0 (pod must not set runAsUser=0)"},
        {"seccomp Unconfined at baseline", "baseline", spec_with(unconfined),
         "seccompProfile (container \"agent\" must not set securityContext.seccompProfile.type to \"Unconfined\")"},
        {"seccomp unset at restricted", "restricted", spec_with(no_seccomp),
         "seccompProfile (pod or container \"agent\" must set securityContext.seccompProfile.type to "
         "\"RuntimeDefault\" or \"Localhost\")"},
        {"seccomp on the pod is enough", "restricted",
         spec_with(no_seccomp, {{"securityContext", {{"seccompProfile", {{"type", "RuntimeDefault"}}}}}}), ""},
        {"a plain container at restricted, in registry order", "restricted", spec_with(plain),
         "allowPrivilegeEscalation != false (container \"agent\" must set "
         "securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container \"agent\" must set "
         "securityContext.capabilities.drop=[\"ALL\"]), runAsNonRoot != true (pod or container \"agent\" must set "
         "securityContext.runAsNonRoot=true), seccompProfile (pod or container \"agent\" must set "
         "securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")"},
        {"init containers count too", "baseline",
         {{"containers", json::array({plain})}, {"initContainers", json::array({privileged})}},
         "privileged (container \"agent\" must not set securityContext.privileged=true)"},
        {"forbidden sysctls", "baseline",
         spec_with(plain, {{"securityContext", {{"sysctls", json::array({{{"name", "kernel.msgmax"}, {"value", "1"}}})}}}}),
         "forbidden sysctls (kernel.msgmax)"},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        CHECK(failed(c.level, c.spec) == c.expected);
    }
}

TEST_CASE("pod security: policy versions", "[kube][pod_security]") {
    json root = good_container("agent");
    root["securityContext"].erase("runAsNonRoot");
    const json spec = spec_with(good_container("agent"), {{"securityContext", {{"runAsUser", 0}}}});
    // runAsUser is checked from v1.23 on; capabilities_restricted from v1.22.
    CHECK(failed("restricted", spec, json::object(), 22) == "");
    CHECK(failed("restricted", spec, json::object(), 23) == "runAsUser=0 (pod must not set runAsUser=0)");
    // Before v1.19, seccomp is judged on the annotations.
    const json meta = {{"annotations", {{"seccomp.security.alpha.kubernetes.io/pod", "unconfined"}}}};
    CHECK(failed("baseline", spec_with({{"name", "a"}}), meta, 18) ==
          "seccompProfile (forbidden annotation seccomp.security.alpha.kubernetes.io/pod=\"unconfined\")");
}
