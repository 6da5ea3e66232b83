#pragma once
// The container half of the manifest's field table (field_table.cpp): the shared pieces
// (value sources, namespace, image, resources) and everything a container has — env,
// ports, volume mounts, probes, security context — up to the app and sidecar
// containers. Included by field_table.cpp only; one entry per field, built with the
// checked helpers of field_builders.hpp.
#include <array>
#include <span>
#include <string_view>

#include "planton/manifest/fields.hpp"
#include "planton/manifest/model.hpp"

#include "field_builders.hpp"

namespace planton::manifest::field_tables {

using namespace detail;  // NOLINT: the table reads as a list of helper calls

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

inline constexpr ResourceDefaults kDefaults = kAppResourceDefaults;
inline constexpr std::string_view kLimitsParts[] = {"Limits (default cpu ", kDefaults.limits_cpu, ", memory ",
                                                    kDefaults.limits_memory, ")"};
inline constexpr std::string_view kRequestsParts[] = {"Requests (default cpu ", kDefaults.requests_cpu,
                                                      ", memory ", kDefaults.requests_memory, ")"};
inline constexpr auto kLimitsText = joined<joined_size(kLimitsParts)>(kLimitsParts);
inline constexpr auto kRequestsText = joined<joined_size(kRequestsParts)>(kRequestsParts);

// ---- shared pieces -----------------------------------------------------------------
inline constexpr Field kValueFromFields[] = {
    text<&ValueFrom::kind>("kind", "kind", "Kind of the referenced resource"),
    text<&ValueFrom::env>("env", "env", "Environment of the referenced resource"),
    required(text<&ValueFrom::name>("name", "name", "Name of the referenced resource")),
    text<&ValueFrom::field_path>("field_path", "fieldPath", "Field of the referenced resource"),
};
inline constexpr ObjectType kValueFrom = object_type<ValueFrom>(
    "ValueFrom", "A reference that only the Planton orchestrator resolves; planton-ds asks for a literal",
    kValueFromFields);

inline constexpr Field kNamespaceFields[] = {
    text<&StringValueOrRef::value>("value", "value", "The namespace name (DNS-1123 label)"),
    object<&StringValueOrRef::value_from>(kValueFrom, "value_from", "valueFrom",
                                          "A reference (not supported: give a literal value)"),
};
inline constexpr ObjectType kNamespace =
    object_type<StringValueOrRef>("NamespaceValue", "{value: NAME} or {value_from: {...}}", kNamespaceFields);

inline constexpr Field kImageFields[] = {
    required(text<&ImageSpec::repo>("repo", "repo",
                                    "Image repository without tag (e.g. docker.io/fluent/fluentd)")),
    required(text<&ImageSpec::tag>("tag", "tag", "Image tag, or a digest sha256:<64 hex>")),
    text<&ImageSpec::pull_secret_name>("pull_secret_name", "pullSecretName",
                                       "Existing Secret added to imagePullSecrets"),
};
inline constexpr ObjectType kImage = object_type<ImageSpec>("Image", "Container image", kImageFields);

inline constexpr Field kResourceListFields[] = {
    text<&ResourceList::cpu>("cpu", "cpu", "CPU quantity (e.g. 500m)"),
    text<&ResourceList::memory>("memory", "memory", "Memory quantity (e.g. 256Mi)"),
};
inline constexpr ObjectType kResourceList =
    object_type<ResourceList>("ResourceList", "CPU and memory", kResourceListFields);

inline constexpr Field kResourcesFields[] = {
    object<&Resources::limits>(kResourceList, "limits", "limits", {kLimitsText.data(), kLimitsText.size()}),
    object<&Resources::requests>(kResourceList, "requests", "requests",
                                 {kRequestsText.data(), kRequestsText.size()}),
};
inline constexpr ObjectType kResources =
    object_type<Resources>("Resources", "Compute resources", kResourcesFields);

// ---- env ---------------------------------------------------------------------------
inline constexpr Field kEnvVariableFields[] = {
    text<&EnvVariable::value>("value", "value", "The value"),
    object<&EnvVariable::value_from>(kValueFrom, "value_from", "valueFrom",
                                     "A reference (not supported: give a literal value)"),
};
inline constexpr ObjectType kEnvVariable =
    object_type<EnvVariable>("EnvVariableValue", "{value: TEXT} or {value_from: {...}}", kEnvVariableFields);

inline constexpr Field kSecretRefFields[] = {
    required(text<&SecretRef::name>("name", "name", "Name of an existing Secret")),
    required(text<&SecretRef::key>("key", "key", "Key in that Secret")),
    text<&SecretRef::namespace_>("namespace", "namespace",
                                 "Namespace of the Secret (must be the DaemonSet's)"),
};
inline constexpr ObjectType kSecretRef =
    object_type<SecretRef>("SecretRef", "A key of an existing Secret", kSecretRefFields);

inline constexpr Field kEnvSecretFields[] = {
    text<&EnvSecret::value>("value", "value", "Literal secret value, stored in <name>-env-secrets"),
    object<&EnvSecret::secret_ref>(kSecretRef, "secret_ref", "secretRef", "A key of an existing Secret"),
};
inline constexpr ObjectType kEnvSecret =
    object_type<EnvSecret>("EnvSecretValue", "{value: TEXT} or {secret_ref: {name, key}}", kEnvSecretFields);

inline constexpr Field kEnvFields[] = {
    make<&Env::variables>(K::env_variables, "variables", "variables",
                          "NAME: value, {value: ...} or {value_from: {...}}", &kEnvVariable),
    make<&Env::secrets>(K::env_secrets, "secrets", "secrets",
                        "NAME: value, {value: ...} or {secret_ref: {...}}", &kEnvSecret),
};
inline constexpr ObjectType kEnv = object_type<Env>("Env", "Environment of the app container", kEnvFields);

// ---- ports -------------------------------------------------------------------------
inline constexpr Field kPortFields[] = {
    required(text<&Port::name>("name", "name", "Port name: 1-15 of [a-z0-9-]")),
    required(
        integer<&Port::container_port>("container_port", "containerPort", "Port in the container, 1-65535")),
    required(choice<&Port::network_protocol>("network_protocol", "networkProtocol", enums::network_protocol,
                                             "Protocol")),
    integer<&Port::host_port>("host_port", "hostPort", "Port on the node (0: none)"),
};
inline constexpr ObjectType kPort = object_type<Port>("Port", "A port of the app container", kPortFields);

inline constexpr Field kSidecarPortFields[] = {
    required(text<&Port::name>("name", "name", "Port name: 1-15 of [a-z0-9-]")),
    required(
        integer<&Port::container_port>("container_port", "containerPort", "Port in the container, 1-65535")),
    choice<&Port::network_protocol>("protocol", "protocol", enums::network_protocol, "Protocol"),
};
inline constexpr ObjectType kSidecarPort =
    object_type<Port>("SidecarPort", "A port of a sidecar or init container", kSidecarPortFields);

// ---- volume mounts -----------------------------------------------------------------
inline constexpr Field kHostPathFields[] = {
    required(text<&HostPathSource::path>("path", "path", "Absolute path on the node")),
    choice<&HostPathSource::type>("type", "type", enums::host_path_type, "Host path type"),
};
inline constexpr ObjectType kHostPath =
    object_type<HostPathSource>("HostPath", "A path on the node", kHostPathFields);

inline constexpr Field kObjectSourceFields[] = {
    required(text<&ObjectSource::name>("name", "name", "Name of the ConfigMap or Secret")),
    text<&ObjectSource::key>("key", "key", "Only this key (with path)"),
    text<&ObjectSource::path>("path", "path", "File name for key"),
    make<&ObjectSource::default_mode>(K::file_mode, "default_mode", "defaultMode",
                                      "File mode 0-0777 (octal 0644 or decimal 420)"),
};
inline constexpr ObjectType kObjectSource =
    object_type<ObjectSource>("ObjectSource", "Files from a ConfigMap or Secret", kObjectSourceFields);

inline constexpr Field kEmptyDirFields[] = {
    choice<&EmptyDirSource::medium>("medium", "medium", enums::empty_dir_medium, "\"\" (disk) or Memory"),
    text<&EmptyDirSource::size_limit>("size_limit", "sizeLimit", "Size limit (quantity)"),
};
inline constexpr ObjectType kEmptyDir =
    object_type<EmptyDirSource>("EmptyDir", "Scratch space", kEmptyDirFields);

inline constexpr Field kPvcFields[] = {
    required(text<&PvcSource::claim_name>("claim_name", "claimName", "Name of the PersistentVolumeClaim")),
    flag<&PvcSource::read_only>("read_only", "readOnly", "Mount the claim read-only"),
};
inline constexpr ObjectType kPvc = object_type<PvcSource>("Pvc", "A PersistentVolumeClaim", kPvcFields);

inline constexpr Field kVolumeMountFields[] = {
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
inline constexpr ObjectType kVolumeMount =
    object_type<VolumeMount>("VolumeMount", "A volume and where it is mounted", kVolumeMountFields);

// ---- probes ------------------------------------------------------------------------
inline constexpr Field kHttpHeaderFields[] = {
    required(text<&HttpHeader::name>("name", "name", "Header name")),
    text<&HttpHeader::value>("value", "value", "Header value"),
};
inline constexpr ObjectType kHttpHeader =
    object_type<HttpHeader>("HttpHeader", "An HTTP header", kHttpHeaderFields);

inline constexpr Field kHttpGetFields[] = {
    text<&HttpGetAction::path>("path", "path", "Request path"),
    integer<&HttpGetAction::port_number>("port_number", "portNumber", "Port number (or port_name)"),
    text<&HttpGetAction::port_name>("port_name", "portName", "Name of a declared port (or port_number)"),
    text<&HttpGetAction::host>("host", "host", "Host (default: the pod IP)"),
    choice<&HttpGetAction::scheme>("scheme", "scheme", enums::probe_scheme, "HTTP or HTTPS"),
    objects<&HttpGetAction::http_headers>(kHttpHeader, "http_headers", "httpHeaders", "Request headers"),
};
inline constexpr ObjectType kHttpGet =
    object_type<HttpGetAction>("HttpGet", "An HTTP GET check", kHttpGetFields);

inline constexpr Field kGrpcFields[] = {
    required(integer<&GrpcAction::port>("port", "port", "gRPC port, 1-65535")),
    text<&GrpcAction::service>("service", "service", "Service name for the health check"),
};
inline constexpr ObjectType kGrpc = object_type<GrpcAction>("Grpc", "A gRPC health check", kGrpcFields);

inline constexpr Field kTcpSocketFields[] = {
    integer<&TcpSocketAction::port_number>("port_number", "portNumber", "Port number (or port_name)"),
    text<&TcpSocketAction::port_name>("port_name", "portName", "Name of a declared port (or port_number)"),
    text<&TcpSocketAction::host>("host", "host", "Host (default: the pod IP)"),
};
inline constexpr ObjectType kTcpSocket =
    object_type<TcpSocketAction>("TcpSocket", "A TCP connect check", kTcpSocketFields);

inline constexpr Field kExecFields[] = {
    required(strings<&ExecAction::command>("command", "command", "Command to run (non-empty)")),
};
inline constexpr ObjectType kExec = object_type<ExecAction>("Exec", "A command check", kExecFields);

inline constexpr Field kProbeFields[] = {
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
inline constexpr ObjectType kProbe =
    object_type<Probe>("Probe", "A probe with exactly one handler", kProbeFields);

// ---- security context --------------------------------------------------------------
inline constexpr Field kCapabilitiesFields[] = {
    strings<&Capabilities::add>("add", "add", "Capabilities to add"),
    strings<&Capabilities::drop>("drop", "drop", "Capabilities to drop"),
};
inline constexpr ObjectType kCapabilities =
    object_type<Capabilities>("Capabilities", "Linux capabilities", kCapabilitiesFields);

inline constexpr Field kSecurityContextFields[] = {
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
inline constexpr ObjectType kSecurityContext = object_type<SecurityContext>(
    "SecurityContext", "Security context of the app container", kSecurityContextFields);

// ---- containers --------------------------------------------------------------------
inline constexpr Field kAppFields[] = {
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
inline constexpr ObjectType kApp =
    object_type<AppContainer>("AppContainer", "The main container", kAppFields);

inline constexpr Field kSidecarEnvFields[] = {
    required(text<&SidecarEnvVar::name>("name", "name", "Variable name")),
    text<&SidecarEnvVar::value>("value", "value", "Value"),
};
inline constexpr ObjectType kSidecarEnv =
    object_type<SidecarEnvVar>("SidecarEnvVar", "An environment variable", kSidecarEnvFields);

inline constexpr Field kSidecarFields[] = {
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
inline constexpr ObjectType kSidecar =
    object_type<Sidecar>("Sidecar", "A sidecar or init container", kSidecarFields);

inline constexpr Field kContainerFields[] = {
    required(object<&Container::app>(kApp, "app", "app", "The main container")),
    objects<&Container::sidecars>(kSidecar, "sidecars", "sidecars", "Sidecar containers"),
};
inline constexpr ObjectType kContainer =
    object_type<Container>("Container", "The pod's containers", kContainerFields);

}  // namespace planton::manifest::field_tables
