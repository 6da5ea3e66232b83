// The field table of the manifest (manifest.md), one entry per field, built with the
// checked helpers of field_builders.hpp.
#include <array>
#include <span>
#include <string_view>

#include "planton/manifest/fields.hpp"
#include "planton/manifest/model.hpp"

#include "field_builders.hpp"

namespace planton::manifest {
namespace {

// Descriptions that name a value defined elsewhere (the resource defaults of model.hpp)
// are joined at compile time, so the schema never shows a default that is not applied.
constexpr std::size_t joined_size(std::span<const std::string_view> parts) {
    std::size_t size = 0;
    for (std::string_view part : parts) size += part.size();
    return size;
}
template <std::size_t N>
constexpr std::array<char, N> joined(std::span<const std::string_view> parts) {
    std::array<char, N> out{};
    std::size_t i = 0;
    for (std::string_view part : parts)
        for (char c : part) out[i++] = c;
    return out;
}

constexpr ResourceDefaults kDefaults = kAppResourceDefaults;
constexpr std::string_view kLimitsParts[] = {"Limits (default cpu ", kDefaults.limits_cpu, ", memory ",
                                             kDefaults.limits_memory, ")"};
constexpr std::string_view kRequestsParts[] = {"Requests (default cpu ", kDefaults.requests_cpu, ", memory ",
                                               kDefaults.requests_memory, ")"};
constexpr auto kLimitsText = joined<joined_size(kLimitsParts)>(kLimitsParts);
constexpr auto kRequestsText = joined<joined_size(kRequestsParts)>(kRequestsParts);

using namespace detail;  // NOLINT: the table reads as a list of helper calls
// ---- metadata ----------------------------------------------------------------------
constexpr Field kMetadataFields[] = {
    required(text<&Metadata::name>("name", "name",
                                   "Name of the DaemonSet and its objects (DNS-1123, at most 63)")),
    text<&Metadata::id>("id", "id", "Planton resource id; becomes a label"),
    text<&Metadata::org>("org", "org", "Planton organization; becomes a label"),
    text<&Metadata::env>("env", "env", "Planton environment; becomes a label"),
    string_map<&Metadata::labels>("labels", "labels", "Labels added to every rendered object"),
    string_map<&Metadata::annotations>("annotations", "annotations",
                                       "Annotations added to every rendered object"),
    ignored("slug", "slug", "Planton slug (accepted, ignored)"),
    ignored("tags", "tags", "Planton tags (accepted, ignored)"),
    ignored("group", "group", "Planton group (accepted, ignored)"),
    ignored("version", "version", "Planton version (accepted, ignored)"),
    ignored("relationships", "relationships", "Planton relationships (accepted, ignored)"),
};
constexpr ObjectType kMetadata =
    object_type<Metadata>("Metadata", "Metadata of the manifest", kMetadataFields);

// ---- shared pieces -----------------------------------------------------------------
constexpr Field kValueFromFields[] = {
    text<&ValueFrom::kind>("kind", "kind", "Kind of the referenced resource"),
    text<&ValueFrom::env>("env", "env", "Environment of the referenced resource"),
    required(text<&ValueFrom::name>("name", "name", "Name of the referenced resource")),
    text<&ValueFrom::field_path>("field_path", "fieldPath", "Field of the referenced resource"),
};
constexpr ObjectType kValueFrom = object_type<ValueFrom>(
    "ValueFrom", "A reference that only the Planton orchestrator resolves; planton-ds asks for a literal",
    kValueFromFields);

constexpr Field kNamespaceFields[] = {
    text<&StringValueOrRef::value>("value", "value", "The namespace name (DNS-1123 label)"),
    object<&StringValueOrRef::value_from>(kValueFrom, "value_from", "valueFrom",
                                          "A reference (not supported: give a literal value)"),
};
constexpr ObjectType kNamespace =
    object_type<StringValueOrRef>("NamespaceValue", "{value: NAME} or {value_from: {...}}", kNamespaceFields);

constexpr Field kImageFields[] = {
    required(text<&ImageSpec::repo>("repo", "repo",
                                    "Image repository without tag (e.g. docker.io/fluent/fluentd)")),
    required(text<&ImageSpec::tag>("tag", "tag", "Image tag, or a digest sha256:<64 hex>")),
    text<&ImageSpec::pull_secret_name>("pull_secret_name", "pullSecretName",
                                       "Existing Secret added to imagePullSecrets"),
};
constexpr ObjectType kImage = object_type<ImageSpec>("Image", "Container image", kImageFields);

constexpr Field kResourceListFields[] = {
    text<&ResourceList::cpu>("cpu", "cpu", "CPU quantity (e.g. 500m)"),
    text<&ResourceList::memory>("memory", "memory", "Memory quantity (e.g. 256Mi)"),
};
constexpr ObjectType kResourceList =
    object_type<ResourceList>("ResourceList", "CPU and memory", kResourceListFields);

constexpr Field kResourcesFields[] = {
    object<&Resources::limits>(kResourceList, "limits", "limits", {kLimitsText.data(), kLimitsText.size()}),
    object<&Resources::requests>(kResourceList, "requests", "requests",
                                 {kRequestsText.data(), kRequestsText.size()}),
};
constexpr ObjectType kResources = object_type<Resources>("Resources", "Compute resources", kResourcesFields);

// ---- env ---------------------------------------------------------------------------
constexpr Field kEnvVariableFields[] = {
    text<&EnvVariable::value>("value", "value", "The value"),
    object<&EnvVariable::value_from>(kValueFrom, "value_from", "valueFrom",
                                     "A reference (not supported: give a literal value)"),
};
constexpr ObjectType kEnvVariable =
    object_type<EnvVariable>("EnvVariableValue", "{value: TEXT} or {value_from: {...}}", kEnvVariableFields);

constexpr Field kSecretRefFields[] = {
    required(text<&SecretRef::name>("name", "name", "Name of an existing Secret")),
    required(text<&SecretRef::key>("key", "key", "Key in that Secret")),
    text<&SecretRef::namespace_>("namespace", "namespace",
                                 "Namespace of the Secret (must be the DaemonSet's)"),
};
constexpr ObjectType kSecretRef =
    object_type<SecretRef>("SecretRef", "A key of an existing Secret", kSecretRefFields);

constexpr Field kEnvSecretFields[] = {
    text<&EnvSecret::value>("value", "value", "Literal secret value, stored in <name>-env-secrets"),
    object<&EnvSecret::secret_ref>(kSecretRef, "secret_ref", "secretRef", "A key of an existing Secret"),
};
constexpr ObjectType kEnvSecret =
    object_type<EnvSecret>("EnvSecretValue", "{value: TEXT} or {secret_ref: {name, key}}", kEnvSecretFields);

constexpr Field kEnvFields[] = {
    make<&Env::variables>(K::env_variables, "variables", "variables",
                          "NAME: value, {value: ...} or {value_from: {...}}", &kEnvVariable),
    make<&Env::secrets>(K::env_secrets, "secrets", "secrets",
                        "NAME: value, {value: ...} or {secret_ref: {...}}", &kEnvSecret),
};
constexpr ObjectType kEnv = object_type<Env>("Env", "Environment of the app container", kEnvFields);

// ---- ports -------------------------------------------------------------------------
constexpr Field kPortFields[] = {
    required(text<&Port::name>("name", "name", "Port name: 1-15 of [a-z0-9-]")),
    required(
        integer<&Port::container_port>("container_port", "containerPort", "Port in the container, 1-65535")),
    required(choice<&Port::network_protocol>("network_protocol", "networkProtocol", enums::network_protocol,
                                             "Protocol")),
    integer<&Port::host_port>("host_port", "hostPort", "Port on the node (0: none)"),
};
constexpr ObjectType kPort = object_type<Port>("Port", "A port of the app container", kPortFields);

constexpr Field kSidecarPortFields[] = {
    required(text<&Port::name>("name", "name", "Port name: 1-15 of [a-z0-9-]")),
    required(
        integer<&Port::container_port>("container_port", "containerPort", "Port in the container, 1-65535")),
    choice<&Port::network_protocol>("protocol", "protocol", enums::network_protocol, "Protocol"),
};
constexpr ObjectType kSidecarPort =
    object_type<Port>("SidecarPort", "A port of a sidecar or init container", kSidecarPortFields);

// ---- volume mounts -----------------------------------------------------------------
constexpr Field kHostPathFields[] = {
    required(text<&HostPathSource::path>("path", "path", "Absolute path on the node")),
    choice<&HostPathSource::type>("type", "type", enums::host_path_type, "Host path type"),
};
constexpr ObjectType kHostPath =
    object_type<HostPathSource>("HostPath", "A path on the node", kHostPathFields);

constexpr Field kObjectSourceFields[] = {
    required(text<&ObjectSource::name>("name", "name", "Name of the ConfigMap or Secret")),
    text<&ObjectSource::key>("key", "key", "Only this key (with path)"),
    text<&ObjectSource::path>("path", "path", "File name for key"),
    make<&ObjectSource::default_mode>(K::file_mode, "default_mode", "defaultMode",
                                      "File mode 0-0777 (octal 0644 or decimal 420)"),
};
constexpr ObjectType kObjectSource =
    object_type<ObjectSource>("ObjectSource", "Files from a ConfigMap or Secret", kObjectSourceFields);

constexpr Field kEmptyDirFields[] = {
    choice<&EmptyDirSource::medium>("medium", "medium", enums::empty_dir_medium, "\"\" (disk) or Memory"),
    text<&EmptyDirSource::size_limit>("size_limit", "sizeLimit", "Size limit (quantity)"),
};
constexpr ObjectType kEmptyDir = object_type<EmptyDirSource>("EmptyDir", "Scratch space", kEmptyDirFields);

constexpr Field kPvcFields[] = {
    required(text<&PvcSource::claim_name>("claim_name", "claimName", "Name of the PersistentVolumeClaim")),
    flag<&PvcSource::read_only>("read_only", "readOnly", "Mount the claim read-only"),
};
constexpr ObjectType kPvc = object_type<PvcSource>("Pvc", "A PersistentVolumeClaim", kPvcFields);

constexpr Field kVolumeMountFields[] = {
    required(text<&VolumeMount::name>("name", "name", "Volume name (DNS-1123 label)")),
    required(text<&VolumeMount::mount_path>("mount_path", "mountPath", "Absolute path in the container")),
    flag<&VolumeMount::read_only>("read_only", "readOnly", "Mount read-only"),
    text<&VolumeMount::sub_path>("sub_path", "subPath", "Sub-path of the volume to mount"),
    choice<&VolumeMount::mount_propagation>("mount_propagation", "mountPropagation", enums::mount_propagation,
                                            "Mount propagation (Bidirectional needs privileged)"),
    make<&VolumeMount::host_path>(K::host_path, "host_path", "hostPath", "Host path: PATH or {path, type}",
                                  &kHostPath),
    make<&VolumeMount::host_path>(K::host_path_type, "host_path_type", "hostPathType",
                                  "Type of the flat host_path form", nullptr, enums::host_path_type),
    object<&VolumeMount::config_map>(kObjectSource, "config_map", "configMap", "Files from a ConfigMap"),
    object<&VolumeMount::secret>(kObjectSource, "secret", "secret", "Files from a Secret"),
    object<&VolumeMount::empty_dir>(kEmptyDir, "empty_dir", "emptyDir", "Scratch space"),
    object<&VolumeMount::pvc>(kPvc, "pvc", "pvc", "A PersistentVolumeClaim"),
};
constexpr ObjectType kVolumeMount =
    object_type<VolumeMount>("VolumeMount", "A volume and where it is mounted", kVolumeMountFields);

// ---- probes ------------------------------------------------------------------------
constexpr Field kHttpHeaderFields[] = {
    required(text<&HttpHeader::name>("name", "name", "Header name")),
    text<&HttpHeader::value>("value", "value", "Header value"),
};
constexpr ObjectType kHttpHeader = object_type<HttpHeader>("HttpHeader", "An HTTP header", kHttpHeaderFields);

constexpr Field kHttpGetFields[] = {
    text<&HttpGetAction::path>("path", "path", "Request path"),
    integer<&HttpGetAction::port_number>("port_number", "portNumber", "Port number (or port_name)"),
    text<&HttpGetAction::port_name>("port_name", "portName", "Name of a declared port (or port_number)"),
    text<&HttpGetAction::host>("host", "host", "Host (default: the pod IP)"),
    choice<&HttpGetAction::scheme>("scheme", "scheme", enums::probe_scheme, "HTTP or HTTPS"),
    objects<&HttpGetAction::http_headers>(kHttpHeader, "http_headers", "httpHeaders", "Request headers"),
};
constexpr ObjectType kHttpGet = object_type<HttpGetAction>("HttpGet", "An HTTP GET check", kHttpGetFields);

constexpr Field kGrpcFields[] = {
    required(integer<&GrpcAction::port>("port", "port", "gRPC port, 1-65535")),
    text<&GrpcAction::service>("service", "service", "Service name for the health check"),
};
constexpr ObjectType kGrpc = object_type<GrpcAction>("Grpc", "A gRPC health check", kGrpcFields);

constexpr Field kTcpSocketFields[] = {
    integer<&TcpSocketAction::port_number>("port_number", "portNumber", "Port number (or port_name)"),
    text<&TcpSocketAction::port_name>("port_name", "portName", "Name of a declared port (or port_number)"),
    text<&TcpSocketAction::host>("host", "host", "Host (default: the pod IP)"),
};
constexpr ObjectType kTcpSocket =
    object_type<TcpSocketAction>("TcpSocket", "A TCP connect check", kTcpSocketFields);

constexpr Field kExecFields[] = {
    required(strings<&ExecAction::command>("command", "command", "Command to run (non-empty)")),
};
constexpr ObjectType kExec = object_type<ExecAction>("Exec", "A command check", kExecFields);

constexpr Field kProbeFields[] = {
    integer<&Probe::initial_delay_seconds>("initial_delay_seconds", "initialDelaySeconds",
                                           "Delay before the first check"),
    integer<&Probe::period_seconds>("period_seconds", "periodSeconds", "Seconds between checks"),
    integer<&Probe::timeout_seconds>("timeout_seconds", "timeoutSeconds", "Seconds before a check times out"),
    integer<&Probe::success_threshold>("success_threshold", "successThreshold", "Successes to pass"),
    integer<&Probe::failure_threshold>("failure_threshold", "failureThreshold", "Failures to fail"),
    object<&Probe::http_get>(kHttpGet, "http_get", "httpGet", "HTTP GET handler"),
    object<&Probe::grpc>(kGrpc, "grpc", "grpc", "gRPC handler"),
    object<&Probe::tcp_socket>(kTcpSocket, "tcp_socket", "tcpSocket", "TCP handler"),
    object<&Probe::exec>(kExec, "exec", "exec", "Command handler"),
};
constexpr ObjectType kProbe = object_type<Probe>("Probe", "A probe with exactly one handler", kProbeFields);

// ---- security context --------------------------------------------------------------
constexpr Field kCapabilitiesFields[] = {
    strings<&Capabilities::add>("add", "add", "Capabilities to add"),
    strings<&Capabilities::drop>("drop", "drop", "Capabilities to drop"),
};
constexpr ObjectType kCapabilities =
    object_type<Capabilities>("Capabilities", "Linux capabilities", kCapabilitiesFields);

constexpr Field kSecurityContextFields[] = {
    flag<&SecurityContext::privileged>("privileged", "privileged", "Run privileged"),
    integer<&SecurityContext::run_as_user>("run_as_user", "runAsUser", "User id"),
    integer<&SecurityContext::run_as_group>("run_as_group", "runAsGroup", "Group id"),
    flag<&SecurityContext::run_as_non_root>("run_as_non_root", "runAsNonRoot", "Refuse to run as root"),
    flag<&SecurityContext::read_only_root_filesystem>("read_only_root_filesystem", "readOnlyRootFilesystem",
                                                      "Read-only root filesystem"),
    flag<&SecurityContext::allow_privilege_escalation>(
        "allow_privilege_escalation", "allowPrivilegeEscalation", "Allow privilege escalation"),
    object<&SecurityContext::capabilities>(kCapabilities, "capabilities", "capabilities",
                                           "Linux capabilities"),
};
constexpr ObjectType kSecurityContext = object_type<SecurityContext>(
    "SecurityContext", "Security context of the app container", kSecurityContextFields);

// ---- containers --------------------------------------------------------------------
constexpr Field kAppFields[] = {
    required(object<&AppContainer::image>(kImage, "image", "image", "Container image")),
    object<&AppContainer::resources>(kResources, "resources", "resources", "Compute resources"),
    object<&AppContainer::env>(kEnv, "env", "env", "Environment variables and secrets"),
    objects<&AppContainer::ports>(kPort, "ports", "ports", "Ports"),
    objects<&AppContainer::volume_mounts>(kVolumeMount, "volume_mounts", "volumeMounts",
                                          "Volumes and mounts"),
    object<&AppContainer::liveness_probe>(kProbe, "liveness_probe", "livenessProbe", "Liveness probe"),
    object<&AppContainer::readiness_probe>(kProbe, "readiness_probe", "readinessProbe", "Readiness probe"),
    object<&AppContainer::startup_probe>(kProbe, "startup_probe", "startupProbe", "Startup probe"),
    strings<&AppContainer::command>("command", "command", "Entrypoint"),
    strings<&AppContainer::args>("args", "args", "Arguments"),
    object<&AppContainer::security_context>(kSecurityContext, "security_context", "securityContext",
                                            "Security context"),
};
constexpr ObjectType kApp = object_type<AppContainer>("AppContainer", "The main container", kAppFields);

constexpr Field kSidecarEnvFields[] = {
    required(text<&SidecarEnvVar::name>("name", "name", "Variable name")),
    text<&SidecarEnvVar::value>("value", "value", "Value"),
};
constexpr ObjectType kSidecarEnv =
    object_type<SidecarEnvVar>("SidecarEnvVar", "An environment variable", kSidecarEnvFields);

constexpr Field kSidecarFields[] = {
    required(text<&Sidecar::name>("name", "name", "Container name (DNS-1123 label, unique)")),
    required(text<&Sidecar::image>("image", "image", "Full image reference (repo:tag)")),
    objects<&Sidecar::ports>(kSidecarPort, "ports", "ports", "Ports"),
    object<&Sidecar::resources>(kResources, "resources", "resources", "Compute resources"),
    objects<&Sidecar::env>(kSidecarEnv, "env", "env", "Environment variables"),
    strings<&Sidecar::command>("command", "command", "Entrypoint"),
    strings<&Sidecar::args>("args", "args", "Arguments"),
    objects<&Sidecar::volume_mounts>(kVolumeMount, "volume_mounts", "volumeMounts",
                                     "Mounts of volumes the app container declares"),
};
constexpr ObjectType kSidecar =
    object_type<Sidecar>("Sidecar", "A sidecar or init container", kSidecarFields);

constexpr Field kContainerFields[] = {
    required(object<&Container::app>(kApp, "app", "app", "The main container")),
    objects<&Container::sidecars>(kSidecar, "sidecars", "sidecars", "Sidecar containers"),
};
constexpr ObjectType kContainer =
    object_type<Container>("Container", "The pod's containers", kContainerFields);

// ---- scheduling --------------------------------------------------------------------
constexpr Field kTolerationFields[] = {
    text<&Toleration::key>("key", "key", "Taint key (empty: all, with Exists)"),
    choice<&Toleration::operator_>("operator", "operator", enums::toleration_operator, "Exists or Equal"),
    text<&Toleration::value>("value", "value", "Taint value (empty with Exists)"),
    choice<&Toleration::effect>("effect", "effect", enums::toleration_effect, "Taint effect"),
    integer<&Toleration::toleration_seconds>("toleration_seconds", "tolerationSeconds",
                                             "Seconds to stay bound (NoExecute only)"),
};
constexpr ObjectType kToleration = object_type<Toleration>("Toleration", "A toleration", kTolerationFields);

constexpr Field kRollingUpdateFields[] = {
    make<&RollingUpdate::max_unavailable>(K::int_or_percent, "max_unavailable", "maxUnavailable",
                                          "Integer or percentage"),
    make<&RollingUpdate::max_surge>(K::int_or_percent, "max_surge", "maxSurge", "Integer or percentage"),
};
constexpr ObjectType kRollingUpdate =
    object_type<RollingUpdate>("RollingUpdate", "Rolling update parameters", kRollingUpdateFields);

constexpr Field kUpdateStrategyFields[] = {
    choice<&UpdateStrategy::type>("type", "type", enums::update_strategy_type, "RollingUpdate or OnDelete"),
    object<&UpdateStrategy::rolling_update>(kRollingUpdate, "rolling_update", "rollingUpdate",
                                            "Rolling update parameters"),
};
constexpr ObjectType kUpdateStrategy =
    object_type<UpdateStrategy>("UpdateStrategy", "How pods are replaced", kUpdateStrategyFields);

constexpr Field kMatchExpressionFields[] = {
    required(text<&MatchExpression::key>("key", "key", "Node label key")),
    required(choice<&MatchExpression::operator_>("operator", "operator", enums::node_selector_operator,
                                                 "Operator")),
    strings<&MatchExpression::values>("values", "values", "Values (per the operator)"),
};
constexpr ObjectType kMatchExpression =
    object_type<MatchExpression>("MatchExpression", "A node label requirement", kMatchExpressionFields);

constexpr Field kNodeSelectorTermFields[] = {
    objects<&NodeSelectorTerm::match_expressions>(kMatchExpression, "match_expressions", "matchExpressions",
                                                  "Requirements, all must hold"),
};
constexpr ObjectType kNodeSelectorTerm =
    object_type<NodeSelectorTerm>("NodeSelectorTerm", "A node selector term", kNodeSelectorTermFields);

constexpr Field kPreferredTermFields[] = {
    required(integer<&PreferredTerm::weight>("weight", "weight", "Weight 1-100")),
    required(object<&PreferredTerm::term>(kNodeSelectorTerm, "term", "term", "The term")),
};
constexpr ObjectType kPreferredTerm =
    object_type<PreferredTerm>("PreferredTerm", "A weighted node selector term", kPreferredTermFields);

constexpr Field kNodeAffinityFields[] = {
    objects<&NodeAffinity::required>(kNodeSelectorTerm, "required", "required", "Terms, one must hold"),
    objects<&NodeAffinity::preferred>(kPreferredTerm, "preferred", "preferred", "Weighted preferences"),
};
constexpr ObjectType kNodeAffinity =
    object_type<NodeAffinity>("NodeAffinity", "Node affinity", kNodeAffinityFields);

constexpr Field kAffinityFields[] = {
    object<&Affinity::node_affinity>(kNodeAffinity, "node_affinity", "nodeAffinity", "Node affinity"),
};
constexpr ObjectType kAffinity = object_type<Affinity>("Affinity", "Pod affinity", kAffinityFields);

// ---- rbac --------------------------------------------------------------------------
constexpr Field kPolicyRuleFields[] = {
    required(
        strings<&PolicyRule::api_groups>("api_groups", "apiGroups", "API groups (\"\" is the core group)")),
    required(strings<&PolicyRule::resources>("resources", "resources", "Resources")),
    required(strings<&PolicyRule::verbs>("verbs", "verbs", "Verbs")),
    strings<&PolicyRule::resource_names>("resource_names", "resourceNames", "Only these names"),
};
constexpr ObjectType kPolicyRule = object_type<PolicyRule>("PolicyRule", "An RBAC rule", kPolicyRuleFields);

constexpr Field kRbacFields[] = {
    objects<&Rbac::cluster_rules>(kPolicyRule, "cluster_rules", "clusterRules", "ClusterRole rules"),
    objects<&Rbac::namespace_rules>(kPolicyRule, "namespace_rules", "namespaceRules", "Role rules"),
};
constexpr ObjectType kRbac = object_type<Rbac>("Rbac", "Roles for the service account", kRbacFields);

constexpr Field kTargetClusterFields[] = {
    text<&TargetCluster::cluster_kind>("cluster_kind", "clusterKind", "Kind of cluster (informational)"),
    text<&TargetCluster::cluster_name>("cluster_name", "clusterName", "Cluster name (informational)"),
};
constexpr ObjectType kTargetCluster = object_type<TargetCluster>(
    "TargetCluster", "Informational; credentials come from kubeconfig", kTargetClusterFields);

// ---- dns -----------------------------------------------------------------------------
constexpr Field kDnsOptionFields[] = {
    required(text<&DnsOption::name>("name", "name", "Resolver option name (e.g. ndots)")),
    text<&DnsOption::value>("value", "value", "Resolver option value"),
};
constexpr ObjectType kDnsOption =
    object_type<DnsOption>("DnsOption", "A resolver option (resolv.conf options)", kDnsOptionFields);

constexpr Field kDnsConfigFields[] = {
    strings<&DnsConfig::nameservers>("nameservers", "nameservers", "At most 3 IPv4 or IPv6 addresses"),
    strings<&DnsConfig::searches>("searches", "searches", "At most 32 search domains"),
    objects<&DnsConfig::options>(kDnsOption, "options", "options", "Resolver options"),
};
constexpr ObjectType kDnsConfig = object_type<DnsConfig>(
    "DnsConfig", "The pod's DNS settings (dnsConfig); with dns_policy None, at least one nameserver",
    kDnsConfigFields);

// ---- spec --------------------------------------------------------------------------
constexpr Field kSpecFields[] = {
    object<&Spec::target_cluster>(kTargetCluster, "target_cluster", "targetCluster",
                                  "Target cluster (informational)"),
    required(make<&Spec::namespace_>(K::string_or_value, "namespace", "namespace", "NAME or {value: NAME}",
                                     &kNamespace)),
    flag<&Spec::create_namespace>("create_namespace", "createNamespace", "Create the namespace"),
    required(object<&Spec::container>(kContainer, "container", "container", "The pod's containers")),
    string_map<&Spec::node_selector>("node_selector", "nodeSelector", "Node labels the pods require"),
    objects<&Spec::tolerations>(kToleration, "tolerations", "tolerations", "Tolerations"),
    object<&Spec::update_strategy>(kUpdateStrategy, "update_strategy", "updateStrategy", "Update strategy"),
    integer<&Spec::min_ready_seconds>("min_ready_seconds", "minReadySeconds", "Seconds a pod must be ready"),
    flag<&Spec::create_service_account>("create_service_account", "createServiceAccount",
                                        "Create a service account"),
    text<&Spec::service_account_name>("service_account_name", "serviceAccountName", "Service account name"),
    string_map<&Spec::config_maps>("config_maps", "configMaps", "ConfigMap name -> content"),
    object<&Spec::rbac>(kRbac, "rbac", "rbac", "Roles for the service account"),
    flag<&Spec::host_network>("host_network", "hostNetwork", "Use the node's network"),
    flag<&Spec::host_pid>("host_pid", "hostPid", "Use the node's PID namespace"),
    flag<&Spec::host_ipc>("host_ipc", "hostIpc", "Use the node's IPC namespace"),
    choice<&Spec::dns_policy>("dns_policy", "dnsPolicy", enums::dns_policy,
                              "DNS policy (None needs dns_config)"),
    object<&Spec::dns_config>(kDnsConfig, "dns_config", "dnsConfig", "The pod's DNS settings"),
    text<&Spec::priority_class_name>("priority_class_name", "priorityClassName",
                                     "Priority class (e.g. system-node-critical)"),
    integer<&Spec::revision_history_limit>("revision_history_limit", "revisionHistoryLimit",
                                           "Old revisions to keep"),
    integer<&Spec::termination_grace_period_seconds>("termination_grace_period_seconds",
                                                     "terminationGracePeriodSeconds", "Grace period on stop"),
    string_map<&Spec::pod_annotations>("pod_annotations", "podAnnotations",
                                       "Annotations of the pod template"),
    object<&Spec::affinity>(kAffinity, "affinity", "affinity", "Node affinity"),
    objects<&Spec::init_containers>(kSidecar, "init_containers", "initContainers", "Init containers"),
};
constexpr ObjectType kSpec = object_type<Spec>("Spec", "The DaemonSet", kSpecFields);

// ---- documents ---------------------------------------------------------------------
constexpr Field kManifestFields[] = {
    required(make<&Manifest::api_version>(K::string, "api_version", "apiVersion",
                                          "kubernetes.project-planton.org/v1", nullptr, enums::api_version)),
    required(make<&Manifest::kind>(K::string, "kind", "kind", "KubernetesDaemonSet", nullptr, enums::kind)),
    required(object<&Manifest::metadata>(kMetadata, "metadata", "metadata", "Metadata")),
    required(object<&Manifest::spec>(kSpec, "spec", "spec", "The DaemonSet")),
    ignored("status", "status", "Planton status (accepted, ignored)"),
};
constexpr ObjectType kManifest =
    object_type<Manifest>("KubernetesDaemonSet", "A KubernetesDaemonSet manifest", kManifestFields);

constexpr Field kDoksFields[] = {
    make<&Document::provider_kube_config>(K::string, "kube_config", "kubeConfig", "A kubeconfig, as text"),
};
constexpr ObjectType kDoks = object_type<Document>(
    "DigitalOceanDoksProviderConfig", "DigitalOcean Kubernetes credentials", kDoksFields, /*open=*/true);

constexpr Field kStackInputFields[] = {
    required(object<&Document::manifest>(kManifest, "target", "target", "The KubernetesDaemonSet manifest")),
    make<&Document::docker_config_json>(K::string, "docker_config_json", "dockerConfigJson",
                                        "Content of a .dockerconfigjson; becomes the image pull Secret"),
    Field{"provider_config",
          "providerConfig",
          K::provider_config,
          &kDoks,
          {},
          false,
          "Cluster credentials; only digital_ocean_doks.kube_config is supported",
          &whole},
};
constexpr ObjectType kStackInput = object_type<Document>(
    "StackInput", "A stack input as Planton's IaC modules receive it", kStackInputFields);

constexpr const ObjectType* kAllTypes[] = {
    &kMetadata,
    &kValueFrom,
    &kNamespace,
    &kImage,
    &kResourceList,
    &kResources,
    &kEnvVariable,
    &kSecretRef,
    &kEnvSecret,
    &kEnv,
    &kPort,
    &kSidecarPort,
    &kHostPath,
    &kObjectSource,
    &kEmptyDir,
    &kPvc,
    &kVolumeMount,
    &kHttpHeader,
    &kHttpGet,
    &kGrpc,
    &kTcpSocket,
    &kExec,
    &kProbe,
    &kCapabilities,
    &kSecurityContext,
    &kApp,
    &kSidecarEnv,
    &kSidecar,
    &kContainer,
    &kToleration,
    &kRollingUpdate,
    &kUpdateStrategy,
    &kMatchExpression,
    &kNodeSelectorTerm,
    &kPreferredTerm,
    &kNodeAffinity,
    &kAffinity,
    &kPolicyRule,
    &kRbac,
    &kTargetCluster,
    &kDnsOption,
    &kDnsConfig,
    &kSpec,
    &kManifest,
    &kDoks,
    &kStackInput,
};

}  // namespace

const ObjectType& manifest_type() {
    return kManifest;
}
const ObjectType& stack_input_type() {
    return kStackInput;
}
std::span<const ObjectType* const> all_object_types() {
    return kAllTypes;
}

}  // namespace planton::manifest
