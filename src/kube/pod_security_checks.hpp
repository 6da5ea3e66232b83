#pragma once
// The checks of the Pod Security Standards (pod_security.hpp), shared by the files that
// hold them: the helpers and the registry in pod_security.cpp, the baseline checks in
// pod_security_baseline.cpp, the restricted ones in pod_security_restricted.cpp. Each
// check follows its file in k8s.io/pod-security-admission/policy (named beside it).
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "planton/kube/pod_security.hpp"

namespace planton::kube::pod_security_checks {

using Json = nlohmann::json;
using Names = std::vector<std::string>;
using Result = std::optional<PodSecurityViolation>;

// policy/helpers.go: joinQuote, pluralize; and the other helpers the checks share.
std::string join_quote(const Names& items);
std::string join_quote(const std::set<std::string>& items);
const char* plural(const char* singular, const char* many, size_t count);
std::string join(const Names& items, const std::string& separator);
void each_container(const Json& spec, const std::function<void(const Json&)>& visit);
const Json& security_context(const Json& object);
bool is_true(const Json& object, const char* key);
bool is_false(const Json& object, const char* key);
bool has(const Json& object, const char* key);
Names setters(bool pod, const Names& containers);
bool valid_seccomp(const Json& profile);  // Localhost or RuntimeDefault

// A check: (pod metadata, pod spec, policy minor version) -> the violation, if any.
// baseline
Result app_armor_profile(const Json& meta, const Json& spec, int);  // check_appArmorProfile.go
Result capabilities_baseline(const Json&, const Json& spec, int);  // check_capabilities_baseline.go
Result host_namespaces(const Json&, const Json& spec, int);  // check_hostNamespaces.go
Result host_path_volumes(const Json&, const Json& spec, int);  // check_hostPathVolumes.go
Result host_ports(const Json&, const Json& spec, int);  // check_hostPorts.go
Result privileged(const Json&, const Json& spec, int);  // check_privileged.go
Result proc_mount(const Json&, const Json& spec, int);  // check_procMount.go
Result se_linux_options(const Json&, const Json& spec, int);  // check_seLinuxOptions.go
Result seccomp_profile_baseline(const Json& meta, const Json& spec, int minor);  // check_seccompProfile_baseline.go
Result sysctls(const Json&, const Json& spec, int minor);  // check_sysctls.go
Result windows_host_process(const Json&, const Json& spec, int);  // check_windowsHostProcess.go
// restricted
Result allow_privilege_escalation(const Json&, const Json& spec, int);  // check_allowPrivilegeEscalation.go
Result capabilities_restricted(const Json&, const Json& spec, int);  // check_capabilities_restricted.go
Result restricted_volumes(const Json&, const Json& spec, int);  // check_restrictedVolumes.go
Result run_as_non_root(const Json&, const Json& spec, int);  // check_runAsNonRoot.go
Result run_as_user(const Json&, const Json& spec, int);  // check_runAsUser.go
Result seccomp_profile_restricted(const Json&, const Json& spec, int);  // check_seccompProfile_restricted.go

}  // namespace planton::kube::pod_security_checks
