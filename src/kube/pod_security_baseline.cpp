// The baseline checks of the Pod Security Standards (pod_security_checks.hpp).
#include <algorithm>
#include <functional>
#include <optional>
#include <set>

#include "planton/kube/json_fields.hpp"

#include "pod_security_checks.hpp"

namespace planton::kube::pod_security_checks {

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

}  // namespace planton::kube::pod_security_checks
