#include "planton/kube/pod_security.hpp"

#include <regex>
#include <set>

#include "planton/kube/json_fields.hpp"

#include "pod_security_checks.hpp"

namespace planton::kube {
namespace pod_security_checks {

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


// A seccomp profile type both levels accept.
bool valid_seccomp(const Json& profile) {
    const std::string type = string_at(profile, "type");
    return type == "Localhost" || type == "RuntimeDefault";
}

}  // namespace pod_security_checks

namespace {

using namespace pod_security_checks;

constexpr int kNewestMinor = 32;  // "latest" is evaluated as the newest policy version known
constexpr const char* kLabelPrefix = "pod-security.kubernetes.io/";

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
