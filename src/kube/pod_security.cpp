#include "planton/kube/pod_security.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <regex>
#include <set>

#include "planton/kube/json_fields.hpp"

namespace planton::kube {
namespace {

constexpr int kNewestMinor = 32;  // "latest" is evaluated as the newest policy version known
constexpr const char* kLabelPrefix = "pod-security.kubernetes.io/";

using Json = nlohmann::json;
using Names = std::vector<std::string>;

// policy/helpers.go: joinQuote, pluralize.
std::string join_quote(const Names& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "\"" : ", \"") + item + "\"";
    return out;
}
std::string join_quote(const std::set<std::string>& items) {
    return join_quote(Names(items.begin(), items.end()));
}
const char* plural(const char* singular, const char* many, size_t count) {
    return count == 1 ? singular : many;
}
std::string join(const Names& items, const std::string& separator) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}

// visitContainers: init containers, containers, ephemeral containers.
void each_container(const Json& spec, const std::function<void(const Json&)>& visit) {
    for (const char* key : {"initContainers", "containers", "ephemeralContainers"})
        for (const auto& container : array_at(spec, key))
            if (container.is_object()) visit(container);
}

const Json& security_context(const Json& object) {
    return object_at(object, "securityContext");
}
bool is_true(const Json& object, const char* key) {
    return object.is_object() && object.contains(key) && object[key].is_boolean() && object[key].get<bool>();
}
bool is_false(const Json& object, const char* key) {
    return object.is_object() && object.contains(key) && object[key].is_boolean() && !object[key].get<bool>();
}
bool has(const Json& object, const char* key) {
    return object.is_object() && object.contains(key) && !object[key].is_null();
}

Names setters(bool pod, const Names& containers) {
    Names out;
    if (pod) out.push_back("pod");
    if (!containers.empty())
        out.push_back(std::string(plural("container", "containers", containers.size())) + " " +
                      join_quote(containers));
    return out;
}

using Result = std::optional<PodSecurityViolation>;

// ---- baseline -------------------------------------------------------------------------

Result app_armor_profile(const Json& meta, const Json& spec, int) {  // check_appArmorProfile.go
    auto allowed = [](const Json& profile) {
        const std::string type = string_at(profile, "type");
        return type == "RuntimeDefault" || type == "Localhost";
    };
    std::set<std::string> values;
    const Json& pod_profile = object_at(security_context(spec), "appArmorProfile");
    const bool pod_bad = has(security_context(spec), "appArmorProfile") && !allowed(pod_profile);
    if (pod_bad) values.insert(string_at(pod_profile, "type"));
    Names bad;
    each_container(spec, [&](const Json& c) {
        const Json& sc = security_context(c);
        if (has(sc, "appArmorProfile") && !allowed(object_at(sc, "appArmorProfile"))) {
            bad.push_back(string_at(c, "name"));
            values.insert(string_at(object_at(sc, "appArmorProfile"), "type"));
        }
    });
    Names set_by = setters(pod_bad, bad);
    std::set<std::string> annotations;
    for (const auto& [key, value] : object_at(meta, "annotations").items()) {
        if (key.rfind("container.apparmor.security.beta.kubernetes.io/", 0) != 0 || !value.is_string()) continue;
        const std::string v = value.get<std::string>();
        if (v.empty() || v == "runtime/default" || v.rfind("localhost/", 0) == 0) continue;
        annotations.insert(key + "=\"" + v + "\"");
    }
    Names all(values.begin(), values.end());
    all.insert(all.end(), annotations.begin(), annotations.end());
    if (!annotations.empty()) set_by.push_back(plural("annotation", "annotations", annotations.size()));
    if (set_by.empty()) return std::nullopt;
    return PodSecurityViolation{plural("forbidden AppArmor profile", "forbidden AppArmor profiles", all.size()),
                                join(set_by, " and ") + " must not set AppArmor profile type to " + join_quote(all)};
}

const std::set<std::string> kBaselineCapabilities = {
    "AUDIT_WRITE", "CHOWN",  "DAC_OVERRIDE", "FOWNER", "FSETID",    "KILL",      "MKNOD",
    "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"};

Result capabilities_baseline(const Json&, const Json& spec, int) {  // check_capabilities_baseline.go
    Names bad;
    std::set<std::string> caps;
    each_container(spec, [&](const Json& c) {
        bool adds = false;
        for (const auto& cap : array_at(object_at(security_context(c), "capabilities"), "add")) {
            if (cap.is_string() && kBaselineCapabilities.count(cap.get<std::string>()) == 0) {
                caps.insert(cap.get<std::string>());
                adds = true;
            }
        }
        if (adds) bad.push_back(string_at(c, "name"));
    });
    if (bad.empty()) return std::nullopt;
    return PodSecurityViolation{"non-default capabilities",
                                std::string(plural("container", "containers", bad.size())) + " " + join_quote(bad) +
                                    " must not include " + join_quote(caps) +
                                    " in securityContext.capabilities.add"};
}

Result host_namespaces(const Json&, const Json& spec, int) {  // check_hostNamespaces.go
    Names found;
    for (const char* field : {"hostNetwork", "hostPID", "hostIPC"})
        if (is_true(spec, field)) found.push_back(std::string(field) + "=true");
    if (found.empty()) return std::nullopt;
    return PodSecurityViolation{"host namespaces", join(found, ", ")};
}

Result host_path_volumes(const Json&, const Json& spec, int) {  // check_hostPathVolumes.go
    Names bad;
    for (const auto& volume : array_at(spec, "volumes"))
        if (has(volume, "hostPath")) bad.push_back(string_at(volume, "name"));
    if (bad.empty()) return std::nullopt;
    return PodSecurityViolation{"hostPath volumes",
                                std::string(plural("volume", "volumes", bad.size())) + " " + join_quote(bad)};
}

Result host_ports(const Json&, const Json& spec, int) {  // check_hostPorts.go
    Names bad;
    std::set<long long> ports;
    each_container(spec, [&](const Json& c) {
        bool uses = false;
        for (const auto& port : array_at(c, "ports")) {
            const long long host_port = integer_at(port, "hostPort");
            if (host_port != 0) {
                ports.insert(host_port);
                uses = true;
            }
        }
        if (uses) bad.push_back(string_at(c, "name"));
    });
    if (bad.empty()) return std::nullopt;
    std::set<std::string> texts;  // sorted as strings, as upstream sorts them
    for (long long port : ports) texts.insert(std::to_string(port));
    return PodSecurityViolation{"hostPort", std::string(plural("container", "containers", bad.size())) + " " +
                                                join_quote(bad) + " " + plural("uses", "use", bad.size()) + " " +
                                                plural("hostPort", "hostPorts", texts.size()) + " " +
                                                join(Names(texts.begin(), texts.end()), ", ")};
}

Result privileged(const Json&, const Json& spec, int) {  // check_privileged.go
    Names bad;
    each_container(spec, [&](const Json& c) {
        if (is_true(security_context(c), "privileged")) bad.push_back(string_at(c, "name"));
    });
    if (bad.empty()) return std::nullopt;
    return PodSecurityViolation{"privileged", std::string(plural("container", "containers", bad.size())) + " " +
                                                  join_quote(bad) + " must not set securityContext.privileged=true"};
}

Result proc_mount(const Json&, const Json& spec, int) {  // check_procMount.go
    Names bad;
    std::set<std::string> types;
    each_container(spec, [&](const Json& c) {
        const Json& sc = security_context(c);
        if (has(sc, "procMount") && string_at(sc, "procMount") != "Default") {
            bad.push_back(string_at(c, "name"));
            types.insert(string_at(sc, "procMount"));
        }
    });
    if (bad.empty()) return std::nullopt;
    return PodSecurityViolation{"procMount", std::string(plural("container", "containers", bad.size())) + " " +
                                                 join_quote(bad) + " must not set securityContext.procMount to " +
                                                 join_quote(types)};
}

Result se_linux_options(const Json&, const Json& spec, int) {  // check_seLinuxOptions.go
    std::set<std::string> types;
    bool user = false, role = false;
    auto valid = [&](const Json& options) {
        bool ok = true;
        const std::string type = string_at(options, "type");
        if (!(type.empty() || type == "container_t" || type == "container_init_t" || type == "container_kvm_t")) {
            ok = false;
            types.insert(type);
        }
        if (!string_at(options, "user").empty()) ok = false, user = true;
        if (!string_at(options, "role").empty()) ok = false, role = true;
        return ok;
    };
    const bool pod_bad = has(security_context(spec), "seLinuxOptions") &&
                         !valid(object_at(security_context(spec), "seLinuxOptions"));
    Names bad;
    each_container(spec, [&](const Json& c) {
        const Json& sc = security_context(c);
        if (has(sc, "seLinuxOptions") && !valid(object_at(sc, "seLinuxOptions"))) bad.push_back(string_at(c, "name"));
    });
    const Names set_by = setters(pod_bad, bad);
    if (set_by.empty()) return std::nullopt;
    Names data;
    if (!types.empty()) data.push_back(std::string(plural("type", "types", types.size())) + " " + join_quote(types));
    if (user) data.push_back("user may not be set");
    if (role) data.push_back("role may not be set");
    return PodSecurityViolation{"seLinuxOptions", join(set_by, " and ") +
                                                      " set forbidden securityContext.seLinuxOptions: " +
                                                      join(data, "; ")};
}

bool valid_seccomp(const Json& profile) {
    const std::string type = string_at(profile, "type");
    return type == "Localhost" || type == "RuntimeDefault";
}

Result seccomp_profile_baseline(const Json& meta, const Json& spec, int minor) {  // check_seccompProfile_baseline.go
    if (minor < 19) {
        std::set<std::string> forbidden;
        const Json& annotations = object_at(meta, "annotations");
        auto check = [&](const std::string& key) {
            const std::string v = string_at(annotations, key);
            if (!annotations.contains(key)) return;
            if (v == "runtime/default" || v == "docker/default" || v.rfind("localhost/", 0) == 0) return;
            forbidden.insert(key + "=\"" + v + "\"");
        };
        check("seccomp.security.alpha.kubernetes.io/pod");
        each_container(spec, [&](const Json& c) {
            check("container.seccomp.security.alpha.kubernetes.io/" + string_at(c, "name"));
        });
        if (forbidden.empty()) return std::nullopt;
        return PodSecurityViolation{"seccompProfile", std::string("forbidden ") +
                                                          plural("annotation", "annotations", forbidden.size()) + " " +
                                                          join(Names(forbidden.begin(), forbidden.end()), ", ")};
    }
    std::set<std::string> values;
    const Json& pod_profile = object_at(security_context(spec), "seccompProfile");
    const bool pod_bad = has(security_context(spec), "seccompProfile") && !valid_seccomp(pod_profile);
    if (pod_bad) values.insert(string_at(pod_profile, "type"));
    Names bad;
    each_container(spec, [&](const Json& c) {
        const Json& sc = security_context(c);
        if (has(sc, "seccompProfile") && !valid_seccomp(object_at(sc, "seccompProfile"))) {
            bad.push_back(string_at(c, "name"));
            values.insert(string_at(object_at(sc, "seccompProfile"), "type"));
        }
    });
    const Names set_by = setters(pod_bad, bad);
    if (set_by.empty()) return std::nullopt;
    return PodSecurityViolation{"seccompProfile", join(set_by, " and ") +
                                                      " must not set securityContext.seccompProfile.type to " +
                                                      join_quote(values)};
}

Result sysctls(const Json&, const Json& spec, int minor) {  // check_sysctls.go
    std::set<std::string> allowed = {"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
                                     "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
                                     "net.ipv4.ip_unprivileged_port_start"};
    if (minor >= 27) allowed.insert("net.ipv4.ip_local_reserved_ports");
    if (minor >= 29)
        allowed.insert({"net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
                        "net.ipv4.tcp_keepalive_probes"});
    if (minor >= 32) allowed.insert({"net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"});
    Names bad;
    for (const auto& sysctl : array_at(security_context(spec), "sysctls"))
        if (sysctl.is_object() && allowed.count(string_at(sysctl, "name")) == 0)
            bad.push_back(string_at(sysctl, "name"));
    if (bad.empty()) return std::nullopt;
    return PodSecurityViolation{"forbidden sysctls", join(bad, ", ")};
}

Result windows_host_process(const Json&, const Json& spec, int) {  // check_windowsHostProcess.go
    Names bad;
    each_container(spec, [&](const Json& c) {
        if (is_true(object_at(security_context(c), "windowsOptions"), "hostProcess")) bad.push_back(string_at(c, "name"));
    });
    const bool pod_bad = is_true(object_at(security_context(spec), "windowsOptions"), "hostProcess");
    const Names set_by = setters(pod_bad, bad);
    if (set_by.empty()) return std::nullopt;
    return PodSecurityViolation{"hostProcess",
                                join(set_by, " and ") + " must not set securityContext.windowsOptions.hostProcess=true"};
}

// ---- restricted -----------------------------------------------------------------------

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

bool root_user(const Json& sc) {
    return has(sc, "runAsUser") && sc["runAsUser"].is_number_integer() && sc["runAsUser"].get<long long>() == 0;
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

struct Check {
    const char* id;
    bool restricted;
    int since;  // the first policy minor version the check applies to
    Result (*run)(const Json&, const Json&, int);
    const char* overrides;  // the baseline check a restricted one replaces
};

// policy/registry.go order: baseline checks by ID, then restricted checks by ID.
constexpr Check kChecks[] = {
    {"appArmorProfile", false, 0, app_armor_profile, nullptr},
    {"capabilities_baseline", false, 0, capabilities_baseline, nullptr},
    {"hostNamespaces", false, 0, host_namespaces, nullptr},
    {"hostPathVolumes", false, 0, host_path_volumes, nullptr},
    {"hostPorts", false, 0, host_ports, nullptr},
    {"privileged", false, 0, privileged, nullptr},
    {"procMount", false, 0, proc_mount, nullptr},
    {"seLinuxOptions", false, 0, se_linux_options, nullptr},
    {"seccompProfile_baseline", false, 0, seccomp_profile_baseline, nullptr},
    {"sysctls", false, 0, sysctls, nullptr},
    {"windowsHostProcess", false, 0, windows_host_process, nullptr},
    {"allowPrivilegeEscalation", true, 8, allow_privilege_escalation, nullptr},
    {"capabilities_restricted", true, 22, capabilities_restricted, "capabilities_baseline"},
    {"restrictedVolumes", true, 0, restricted_volumes, "hostPathVolumes"},
    {"runAsNonRoot", true, 0, run_as_non_root, nullptr},
    {"runAsUser", true, 23, run_as_user, nullptr},
    {"seccompProfile_restricted", true, 19, seccomp_profile_restricted, "seccompProfile_baseline"},
};

PodSecurityLevel parse_level(const Json& labels, const std::string& mode) {
    PodSecurityLevel out;
    const std::string level_label = kLabelPrefix + mode;
    const std::string version_label = level_label + "-version";
    if (labels.is_object() && labels.contains(level_label)) {
        const std::string value = string_at(labels, level_label);
        if (value == "privileged" || value == "baseline" || value == "restricted") {
            out.level = value;
        } else {
            out.level = mode == "enforce" ? "restricted" : "privileged";
        }
    }
    static const std::regex kVersion("^v1\\.(0|[1-9][0-9]*)$");
    std::smatch match;
    const std::string version = string_at(labels, version_label);
    if (std::regex_match(version, match, kVersion) && match[1].length() < 6) out.minor = std::stoi(match[1]);
    return out;
}

}  // namespace

std::string PodSecurityLevel::text() const {
    return level + ":" + (minor < 0 ? std::string("latest") : "v1." + std::to_string(minor));
}

PodSecurityPolicy pod_security_policy(const nlohmann::json& namespace_labels) {
    return {parse_level(namespace_labels, "enforce"), parse_level(namespace_labels, "warn"),
            parse_level(namespace_labels, "audit")};
}

std::vector<PodSecurityViolation> pod_security_violations(const PodSecurityLevel& level,
                                                          const nlohmann::json& pod_metadata,
                                                          const nlohmann::json& pod_spec) {
    std::vector<PodSecurityViolation> out;
    if (level.level != "baseline" && level.level != "restricted") return out;
    const bool restricted = level.level == "restricted";
    const int minor = level.minor < 0 || level.minor > kNewestMinor ? kNewestMinor : level.minor;
    const Json meta = pod_metadata.is_object() ? pod_metadata : Json::object();
    const Json spec = pod_spec.is_object() ? pod_spec : Json::object();
    std::set<std::string> overridden;
    if (restricted)
        for (const Check& check : kChecks)
            if (check.restricted && check.overrides != nullptr && minor >= check.since) overridden.insert(check.overrides);
    for (const Check& check : kChecks) {
        if (minor < check.since || (check.restricted && !restricted) || overridden.count(check.id) != 0) continue;
        if (auto result = check.run(meta, spec, minor)) out.push_back(std::move(*result));
    }
    return out;
}

}  // namespace planton::kube
