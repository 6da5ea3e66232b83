#pragma once
// The container half of the manifest's field table (field_table.cpp): the shared pieces
// (value sources, namespace, image, resources) and everything a container has — env,
// ports, volume mounts, probes, security context — up to the app and sidecar
// containers. Included by field_table.cpp only; one entry per field, built with the
// checked helpers of field_builders.hpp. The tables are constexpr without `inline`, so of
// internal linkage as they were in field_table.cpp: with vague linkage GCC's sanitizer
// build cannot take their addresses in constant expressions.
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

constexpr ResourceDefaults kDefaults = kAppResourceDefaults;
constexpr std::string_view kLimitsParts[] = {"Limits (default cpu ", kDefaults.limits_cpu, ", memory ",
                                             kDefaults.limits_memory, ")"};
constexpr std::string_view kRequestsParts[] = {"Requests (default cpu ", kDefaults.requests_cpu, ", memory ",
                                               kDefaults.requests_memory, ")"};
constexpr auto kLimitsText = joined<joined_size(kLimitsParts)>(kLimitsParts);
constexpr auto kRequestsText = joined<joined_size(kRequestsParts)>(kRequestsParts);

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

}  // namespace planton::manifest::field_tables
