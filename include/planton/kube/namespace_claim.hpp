#pragma once
// Whose namespace is it? (cli.md "delete", objects.md) A namespace is a manifest's own
// only when apply created it for that manifest: apply then marks it with the annotation
// planton-ds.io/created-for: <manifest name>, and only then. A namespace that already
// existed is used and never marked, so no later delete can take it — with everything
// other teams keep in it.
//
// delete removes a Namespace the manifest renders only when
//  1. it carries the mark, naming this manifest, and
//  2. after the manifest's own objects are gone it holds nothing else, or
//     delete_namespace (--delete-namespace) is set.
// Otherwise the namespace is kept, with the reason.
//
// Requests of namespace_holdings (only for a namespace marked for the manifest, and only
// without --delete-namespace): the discovery documents GET /api/v1 and GET /apis, then
// GET /apis/<group>/<preferred version> per group, then one LIST (limit=500, following
// `continue`) per namespaced resource that can be listed. Discovery rather than a fixed
// list of kinds: what the namespace controller would delete with the namespace is every
// namespaced resource, custom resources included (pkg/controller/namespace/deletion in
// kubernetes/kubernetes discovers them the same way).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "planton/kube/client.hpp"
#include "planton/kube/resources.hpp"

namespace planton::kube {

// The mark of a namespace apply created; its value is the manifest's name.
inline constexpr std::string_view kCreatedForAnnotation = "planton-ds.io/created-for";

// The manifest name a rendered object belongs to (its planton.ai/name label).
std::string manifest_name_of(const nlohmann::ordered_json& rendered);

// The Namespace apply sends. `live` is the namespace as the server has it, or null when
// it does not exist. A namespace about to be created gets the mark of `rendered`'s
// manifest; one that exists keeps exactly the mark it has (sent back unchanged, so that
// server-side apply neither adds nor removes it, and an unchanged re-apply stays
// unchanged); one without a mark gets none.
nlohmann::ordered_json namespace_to_apply(const nlohmann::ordered_json& rendered, const nlohmann::json& live);

// Why `live` (a Namespace) is not the manifest's to delete: "planton-ds did not create
// it", "planton-ds created it for manifest <other>"; empty when it carries the mark of
// `manifest_name`.
std::string claim_refusal(const nlohmann::json& live, const std::string& manifest_name);

// A resource type as discovery lists it.
struct ApiResource {
    std::string group_version;  // "v1", "apps/v1"
    std::string kind;           // "Deployment"
    std::string plural;         // "deployments"
};

// The namespaced resources of one APIResourceList that can be listed and hold objects of
// their own: subresources, resources without the list verb, and events (which
// Kubernetes writes itself) are left out.
std::vector<ApiResource> listable_namespaced(const nlohmann::json& resource_list);

// Whether an object found in the namespace is no reason to keep it: what Kubernetes puts
// in every namespace by itself — the kube-root-ca.crt ConfigMap (the root CA publisher,
// pkg/controller/certificates/rootcacertpublisher), the `default` ServiceAccount (the
// service account controller, pkg/controller/serviceaccount) and the token Secrets of
// the service accounts that go with the namespace (kubernetes.io/service-account-token,
// pkg/controller/serviceaccount/tokens_controller.go) —, an object `rendered` holds, and
// an object whose owner is one (the DaemonSet's pods and ControllerRevisions, which the
// garbage collector removes after it).
bool goes_with_namespace(const ApiResource& resource, const nlohmann::json& item,
                         const std::vector<nlohmann::ordered_json>& rendered);

// What else a namespace holds.
struct NamespaceHoldings {
    std::vector<ResourceRef> found;  // the first few objects found, in discovery order
    std::size_t count = 0;           // how many were found in all
    // Why the contents could not be read (a discovery or LIST that failed); empty when
    // they could. A namespace whose contents are unknown is kept.
    std::string unknown;
};

// Lists what `namespace_` holds besides what goes with it (goes_with_namespace).
NamespaceHoldings namespace_holdings(Client& client, const std::string& namespace_,
                                     const std::vector<nlohmann::ordered_json>& rendered);

// The reason a namespace with these holdings is kept: "it holds configmap/grafana-
// dashboards", "it holds configmap/a, secret/b, deployment.apps/web and 4 more",
// "cannot tell what it holds (…)"; empty when it holds nothing else.
std::string holdings_refusal(const NamespaceHoldings& holdings);

}  // namespace planton::kube
