// The restricted checks of the Pod Security Standards (pod_security_checks.hpp).
#include <algorithm>
#include <functional>
#include <optional>
#include <set>

#include "planton/kube/json_fields.hpp"

#include "pod_security_checks.hpp"

namespace planton::kube::pod_security_checks {
namespace {

bool root_user(const Json& sc) {
    return has(sc, "runAsUser") && sc["runAsUser"].is_number_integer() && sc["runAsUser"].get<long long>() == 0;
}

}  // namespace

Result allow_privilege_escalation(const Json&, const Json& spec, int) {  // check_allowPrivilegeEscalation.go
    Names bad;
    each_container(spec, [&](const Json& c) {
        if (!is_false(security_context(c), "allowPrivilegeEscalation")) bad.push_back(string_at(c, "name"));
    });
    if (bad.empty()) return std::nullopt;
    return PodSecurityViolation{"allowPrivilegeEscalation != false",
                                std::string(plural("container", "containers", bad.size())) + " " + join_quote(bad) +
                                    " must set securityContext.allowPrivilegeEscalation=false"};
}

Result capabilities_restricted(const Json&, const Json& spec, int) {  // check_capabilities_restricted.go
    Names missing_drop, adding;
    std::set<std::string> caps;
    each_container(spec, [&](const Json& c) {
        const Json& sc = security_context(c);
        if (!has(sc, "capabilities") || !sc["capabilities"].is_object()) {
            missing_drop.push_back(string_at(c, "name"));
            return;
        }
        const Json& capabilities = sc["capabilities"];
        bool drops_all = false;
        for (const auto& cap : array_at(capabilities, "drop"))
            drops_all = drops_all || (cap.is_string() && cap.get<std::string>() == "ALL");
        if (!drops_all) missing_drop.push_back(string_at(c, "name"));
        bool adds = false;
        for (const auto& cap : array_at(capabilities, "add")) {
            if (cap.is_string() && cap.get<std::string>() != "NET_BIND_SERVICE") {
                caps.insert(cap.get<std::string>());
                adds = true;
            }
        }
        if (adds) adding.push_back(string_at(c, "name"));
    });
    Names details;
    if (!missing_drop.empty())
        details.push_back(std::string(plural("container", "containers", missing_drop.size())) + " " +
                          join_quote(missing_drop) + " must set securityContext.capabilities.drop=[\"ALL\"]");
    if (!adding.empty())
        details.push_back(std::string(plural("container", "containers", adding.size())) + " " + join_quote(adding) +
                          " must not include " + join_quote(caps) + " in securityContext.capabilities.add");
    if (details.empty()) return std::nullopt;
    return PodSecurityViolation{"unrestricted capabilities", join(details, "; ")};
}

Result restricted_volumes(const Json&, const Json& spec, int) {  // check_restrictedVolumes.go
    static const char* kAllowed[] = {"configMap", "csi",       "downwardAPI", "emptyDir",
                                     "ephemeral", "persistentVolumeClaim", "projected", "secret"};
    static const char* kRestricted[] = {"hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs",
                                        "iscsi", "glusterfs", "rbd", "flexVolume", "cinder", "cephfs", "flocker",
                                        "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk",
                                        "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos"};
    Names bad;
    std::set<std::string> types;
    for (const auto& volume : array_at(spec, "volumes")) {
        if (!volume.is_object()) continue;
        if (std::any_of(std::begin(kAllowed), std::end(kAllowed), [&](const char* t) { return has(volume, t); }))
            continue;
        bad.push_back(string_at(volume, "name"));
        const auto* type = std::find_if(std::begin(kRestricted), std::end(kRestricted),
                                        [&](const char* t) { return has(volume, t); });
        types.insert(type != std::end(kRestricted) ? *type : "unknown");
    }
    if (bad.empty()) return std::nullopt;
    return PodSecurityViolation{"restricted volume types",
                                std::string(plural("volume", "volumes", bad.size())) + " " + join_quote(bad) + " " +
                                    plural("uses", "use", bad.size()) + " " +
                                    plural("restricted volume type", "restricted volume types", types.size()) + " " +
                                    join_quote(types)};
}

Result run_as_non_root(const Json&, const Json& spec, int) {  // check_runAsNonRoot.go
    const Json& pod_sc = security_context(spec);
    const bool pod_bad = is_false(pod_sc, "runAsNonRoot");
    const bool pod_true = is_true(pod_sc, "runAsNonRoot");
    Names explicit_bad, implicit_bad;
    each_container(spec, [&](const Json& c) {
        const Json& sc = security_context(c);
        if (has(sc, "runAsNonRoot")) {
            if (is_false(sc, "runAsNonRoot")) explicit_bad.push_back(string_at(c, "name"));
        } else if (!pod_true) {
            implicit_bad.push_back(string_at(c, "name"));
        }
    });
    const Names set_by = setters(pod_bad, explicit_bad);
    if (!set_by.empty())
        return PodSecurityViolation{"runAsNonRoot != true",
                                    join(set_by, " and ") + " must not set securityContext.runAsNonRoot=false"};
    if (!implicit_bad.empty())
        return PodSecurityViolation{"runAsNonRoot != true",
                                    std::string("pod or ") + plural("container", "containers", implicit_bad.size()) +
                                        " " + join_quote(implicit_bad) + " must set securityContext.runAsNonRoot=true"};
    return std::nullopt;
}

Result run_as_user(const Json&, const Json& spec, int) {  // check_runAsUser.go
    Names bad;
    each_container(spec, [&](const Json& c) {
        if (root_user(security_context(c))) bad.push_back(string_at(c, "name"));
    });
    const Names set_by = setters(root_user(security_context(spec)), bad);
    if (set_by.empty()) return std::nullopt;
    return PodSecurityViolation{"runAsUser=0", join(set_by, " and ") + " must not set runAsUser=0"};
}

Result seccomp_profile_restricted(const Json&, const Json& spec, int) {  // check_seccompProfile_restricted.go
    std::set<std::string> values;
    const Json& pod_sc = security_context(spec);
    const bool pod_has = has(pod_sc, "seccompProfile");
    const bool pod_bad = pod_has && !valid_seccomp(pod_sc["seccompProfile"]);
    const bool pod_set = pod_has && valid_seccomp(pod_sc["seccompProfile"]);
    if (pod_bad) values.insert(string_at(pod_sc["seccompProfile"], "type"));
    Names explicit_bad, implicit_bad;
    each_container(spec, [&](const Json& c) {
        const Json& sc = security_context(c);
        if (has(sc, "seccompProfile")) {
            if (!valid_seccomp(sc["seccompProfile"])) {
                explicit_bad.push_back(string_at(c, "name"));
                values.insert(string_at(sc["seccompProfile"], "type"));
            }
        } else if (!pod_set) {
            implicit_bad.push_back(string_at(c, "name"));
        }
    });
    const Names set_by = setters(pod_bad, explicit_bad);
    if (!set_by.empty())
        return PodSecurityViolation{"seccompProfile", join(set_by, " and ") +
                                                          " must not set securityContext.seccompProfile.type to " +
                                                          join_quote(values)};
    if (!implicit_bad.empty())
        return PodSecurityViolation{
            "seccompProfile", std::string("pod or ") + plural("container", "containers", implicit_bad.size()) + " " +
                                  join_quote(implicit_bad) +
                                  " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\""};
    return std::nullopt;
}

}  // namespace planton::kube::pod_security_checks
