#pragma once
// The typed model of a KubernetesDaemonSet manifest (../shared/spec/manifest.md).
//
// Every part of the model is a Node: it knows whether the manifest wrote it
// (`present`), where (`line`/`column`, 1-based, of the value node; for an absent field,
// the position of the mapping that should have held it) and its canonical snake_case
// field path. Spellings are already folded: the model does not know whether the user
// wrote `container_port` or `containerPort`. Maps whose keys are user data (env
// variable names, labels, config map names) keep their keys unchanged and in manifest
// order.
//
// The parser fills the model as far as the YAML allows and reports type errors itself;
// a field whose value had the wrong type is left `present == false` with `type_error`
// set, so that rules do not report it a second time.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace planton::manifest {

struct Node {
    bool present = false;
    bool type_error = false;  // written, but with a value of the wrong YAML type
    int line = 0;
    int column = 0;
    std::string path;
};

template <class T>
struct Scalar : Node {
    T value{};
};

using Str = Scalar<std::string>;
using Int = Scalar<std::int64_t>;
using Bool = Scalar<bool>;

template <class T>
struct List : Node {
    std::vector<T> items;
};

// One entry of a user-keyed map: `key` holds the key text and its position, `value`
// the value. The map's order is the manifest's order.
struct StrEntry {
    Str key;
    Str value;
};
struct StrMap : Node {
    std::vector<StrEntry> entries;
};

// ---- metadata ----------------------------------------------------------------------
struct Metadata : Node {
    Str name, id, org, env;
    StrMap labels, annotations;
};

// ---- shared pieces -----------------------------------------------------------------
// `{kind, env, name, field_path}`: a reference only the Planton orchestrator resolves.
struct ValueFrom : Node {
    Str kind, env, name, field_path;
};

// `NAME`, `{value: NAME}` or `{value_from: {...}}` (spec.namespace).
struct StringValueOrRef : Node {
    Str value;
    ValueFrom value_from;
};

struct ImageSpec : Node {
    Str repo, tag, pull_secret_name;
};

struct ResourceList : Node {
    Str cpu, memory;  // Kubernetes quantities, as written (YAML `1` becomes "1")
};
struct Resources : Node {
    ResourceList limits, requests;
};

// manifest.md's defaults of the app container's resources: each value left out takes
// its default (sidecars and init containers have none). validate compares requests with
// limits after applying them, render writes them, the schema and lint messages name them.
struct ResourceDefaults {
    std::string_view limits_cpu = "1000m";
    std::string_view limits_memory = "1Gi";
    std::string_view requests_cpu = "50m";
    std::string_view requests_memory = "100Mi";
};
inline constexpr ResourceDefaults kAppResourceDefaults{};

// ---- env ---------------------------------------------------------------------------
// variables: NAME: "text" | {value: "text"} | {value_from: {...}}
struct EnvVariable : Node {
    Str name;  // the map key
    Str value;
    ValueFrom value_from;
};
struct SecretRef : Node {
    Str name, key, namespace_;
};
// secrets: NAME: "text" | {value: "text"} | {secret_ref: {name, key, namespace}}
struct EnvSecret : Node {
    Str name;  // the map key
    Str value;
    SecretRef secret_ref;
};
struct Env : Node {
    List<EnvVariable> variables;
    List<EnvSecret> secrets;
};

// ---- ports -------------------------------------------------------------------------
struct Port : Node {
    Str name;
    Int container_port;
    Str network_protocol;  // sidecar ports spell it `protocol`; both land here
    Int host_port;
};

// ---- volume mounts -----------------------------------------------------------------
struct HostPathSource : Node {
    Str path, type;
    bool nested = false;  // written as `host_path: {path, type}`
};
// config_map / secret sources: {name, key, path, default_mode}
struct ObjectSource : Node {
    Str name, key, path;
    Int default_mode;  // YAML 0644 is octal, 420 decimal
};
struct EmptyDirSource : Node {
    Str medium, size_limit;
};
struct PvcSource : Node {
    Str claim_name;
    Bool read_only;
};
struct VolumeMount : Node {
    Str name, mount_path, sub_path, mount_propagation;
    Bool read_only;
    HostPathSource host_path;
    ObjectSource config_map, secret;
    EmptyDirSource empty_dir;
    PvcSource pvc;
};

// ---- probes ------------------------------------------------------------------------
struct HttpHeader : Node {
    Str name, value;
};
struct HttpGetAction : Node {
    Str path, port_name, host, scheme;
    Int port_number;
    List<HttpHeader> http_headers;
};
struct GrpcAction : Node {
    Int port;
    Str service;
};
struct TcpSocketAction : Node {
    Int port_number;
    Str port_name, host;
};
struct ExecAction : Node {
    List<Str> command;
};
struct Probe : Node {
    Int initial_delay_seconds, period_seconds, timeout_seconds, success_threshold,
        failure_threshold;
    HttpGetAction http_get;
    GrpcAction grpc;
    TcpSocketAction tcp_socket;
    ExecAction exec;
};

// ---- security context --------------------------------------------------------------
struct Capabilities : Node {
    List<Str> add, drop;
};
struct SecurityContext : Node {
    Bool privileged, run_as_non_root, read_only_root_filesystem, allow_privilege_escalation;
    Int run_as_user, run_as_group;
    Capabilities capabilities;
};

// ---- containers --------------------------------------------------------------------
struct AppContainer : Node {
    ImageSpec image;
    Resources resources;
    Env env;
    List<Port> ports;
    List<VolumeMount> volume_mounts;
    Probe liveness_probe, readiness_probe, startup_probe;
    List<Str> command, args;
    SecurityContext security_context;
};

struct SidecarEnvVar : Node {
    Str name, value;
};
// A sidecar or an init container: `image` is a full reference string ("repo:tag").
// `volume_mounts` name volumes that the app container's mounts declare.
struct Sidecar : Node {
    Str name, image;
    List<Port> ports;
    Resources resources;
    List<SidecarEnvVar> env;
    List<Str> command, args;
    List<VolumeMount> volume_mounts;
};

struct Container : Node {
    AppContainer app;
    List<Sidecar> sidecars;
};

// ---- scheduling --------------------------------------------------------------------
struct Toleration : Node {
    Str key, operator_, value, effect;
    Int toleration_seconds;
};

// max_unavailable / max_surge as text: YAML `1` and `"1"` both give "1"; "25%" stays.
struct RollingUpdate : Node {
    Str max_unavailable, max_surge;
};
struct UpdateStrategy : Node {
    Str type;
    RollingUpdate rolling_update;
};

struct MatchExpression : Node {
    Str key, operator_;
    List<Str> values;
};
struct NodeSelectorTerm : Node {
    List<MatchExpression> match_expressions;
};
struct PreferredTerm : Node {
    Int weight;
    NodeSelectorTerm term;
};
struct NodeAffinity : Node {
    List<NodeSelectorTerm> required;
    List<PreferredTerm> preferred;
};
struct Affinity : Node {
    NodeAffinity node_affinity;
};

// ---- rbac --------------------------------------------------------------------------
struct PolicyRule : Node {
    List<Str> api_groups, resources, verbs, resource_names;
};
struct Rbac : Node {
    List<PolicyRule> cluster_rules, namespace_rules;
};

struct TargetCluster : Node {
    Str cluster_kind, cluster_name;
};

// ---- dns -----------------------------------------------------------------------------
struct DnsOption : Node {
    Str name, value;
};
// The pod's dnsConfig: resolver settings merged with (or, with dns_policy None, instead
// of) those the policy gives.
struct DnsConfig : Node {
    List<Str> nameservers, searches;
    List<DnsOption> options;
};

// ---- spec --------------------------------------------------------------------------
struct Spec : Node {
    TargetCluster target_cluster;
    StringValueOrRef namespace_;
    Bool create_namespace;
    Container container;
    StrMap node_selector;
    List<Toleration> tolerations;
    UpdateStrategy update_strategy;
    Int min_ready_seconds;
    Bool create_service_account;
    Str service_account_name;
    StrMap config_maps;  // ConfigMap name -> content
    Rbac rbac;
    Bool host_network, host_pid, host_ipc;
    Str dns_policy, priority_class_name;
    DnsConfig dns_config;
    Int revision_history_limit, termination_grace_period_seconds;
    StrMap pod_annotations;
    Affinity affinity;
    List<Sidecar> init_containers;
};

struct Manifest : Node {
    Str api_version, kind;
    Metadata metadata;
    Spec spec;
};

// One YAML document of an input file.
enum class DocumentKind {
    daemonset,    // apiVersion/kind of a KubernetesDaemonSet (possibly wrong values)
    stack_input,  // no apiVersion/kind, a `target` key
    other,        // another kind, or not a mapping: skipped and counted by validate
    invalid,      // could not be read at all (syntax error, too deep, …): has diagnostics
};

struct Document {
    std::string file;  // display name ("-" is shown as "<stdin>")
    int index = 0;     // 0-based among the file's non-empty documents
    int line = 0;      // where the document starts
    DocumentKind kind = DocumentKind::invalid;
    Manifest manifest;  // for daemonset and stack_input (the target)
    // Stack input extras.
    Str docker_config_json;
    Str provider_kube_config;  // provider_config.digital_ocean_doks.kube_config
    Str provider_name;         // the key under provider_config, when one was given
};

}  // namespace planton::manifest
