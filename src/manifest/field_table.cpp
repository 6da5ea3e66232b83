// The field table of the manifest (manifest.md), one entry per field, built with the
// checked helpers of field_builders.hpp.
#include <span>
#include <string_view>

#include "planton/manifest/fields.hpp"
#include "planton/manifest/model.hpp"

#include "field_builders.hpp"
#include "field_table_containers.hpp"

namespace planton::manifest {
namespace {

using namespace detail;        // NOLINT: the table reads as a list of helper calls
using namespace field_tables;  // NOLINT: the container half (field_table_containers.hpp)
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
