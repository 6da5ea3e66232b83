#include "planton/kube/namespace_claim.hpp"

#include <algorithm>

#include "planton/kube/json_fields.hpp"
#include "planton/manifest/labels.hpp"

namespace planton::kube {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::size_t kNamesShown = 5;  // objects named in a "kept" line; the rest are counted
constexpr const char* kListPageSize = "500";

// The group of an apiVersion: "" for "v1", "apps" for "apps/v1".
std::string group_of(const std::string& api_version) {
    const auto slash = api_version.find('/');
    return slash == std::string::npos ? "" : api_version.substr(0, slash);
}

std::string created_for(const json& live) {
    return string_at(object_at(object_at(live, "metadata"), "annotations"), kCreatedForAnnotation);
}

// Whether `rendered` holds an object of this group and kind named `name`.
bool rendered_has(const std::vector<ordered_json>& rendered, const std::string& group, const std::string& kind,
                  const std::string& name) {
    return std::any_of(rendered.begin(), rendered.end(), [&](const ordered_json& object) {
        return string_at(object, "kind") == kind && metadata_string(object, "name") == name &&
               group_of(string_at(object, "apiVersion")) == group;
    });
}

// The path of one page of the LIST of `resource` in the namespace.
std::string list_path(const ApiResource& resource, const std::string& namespace_, const std::string& cont) {
    std::string path = (resource.group_version.find('/') == std::string::npos ? "/api/" : "/apis/") +
                       resource.group_version + "/namespaces/" + namespace_ + "/" + resource.plural +
                       "?limit=" + kListPageSize;
    if (!cont.empty()) path += "&continue=" + url_encode(cont);
    return path;
}

std::string failed_read(const CallResult& answer, const std::string& what, const std::string& server) {
    return describe_list_failure(answer, "", what, "", server);
}

// The resources to look through: the core group's, then each group's preferred version.
// Empty with `unknown` set when discovery failed.
std::vector<ApiResource> discover(Client& client, std::string& unknown) {
    std::vector<ApiResource> out;
    const std::string server = client.transport().server();
    const CallResult core = client.get_path("/api/v1");
    if (!core.ok()) {
        unknown = failed_read(core, "the resources of /api/v1", server);
        return {};
    }
    out = listable_namespaced(core.body);
    const CallResult groups = client.get_path("/apis");
    if (!groups.ok()) {
        unknown = failed_read(groups, "the API groups", server);
        return {};
    }
    for (const json& group : array_at(groups.body, "groups")) {
        const std::string name = string_at(group, "name");
        // metrics.k8s.io serves live usage figures of pods and nodes, not objects stored in
        // the namespace: they come and go with the pods.
        if (name.empty() || name == "metrics.k8s.io") continue;
        const std::string version = string_at(object_at(group, "preferredVersion"), "groupVersion");
        if (version.empty()) continue;
        const CallResult list = client.get_path("/apis/" + version);
        if (!list.ok()) {
            unknown = failed_read(list, "the resources of /apis/" + version, server);
            return {};
        }
        for (ApiResource& resource : listable_namespaced(list.body)) out.push_back(std::move(resource));
    }
    return out;
}

}  // namespace

std::string manifest_name_of(const ordered_json& rendered) {
    return label_of(rendered, manifest::kPlantonNameLabel);
}

ordered_json namespace_to_apply(const ordered_json& rendered, const json& live) {
    std::string mark;
    if (live.is_null()) {
        mark = manifest_name_of(rendered);
    } else {
        mark = created_for(live);
    }
    if (mark.empty()) return rendered;
    ordered_json out = rendered;
    out["metadata"]["annotations"][std::string(kCreatedForAnnotation)] = mark;
    return out;
}

std::string claim_refusal(const json& live, const std::string& manifest_name) {
    const std::string mark = created_for(live);
    if (mark.empty()) return "planton-ds did not create it";
    if (mark != manifest_name) return "planton-ds created it for manifest " + mark;
    return "";
}

std::vector<ApiResource> listable_namespaced(const json& resource_list) {
    std::vector<ApiResource> out;
    const std::string group_version = string_at(resource_list, "groupVersion");
    if (group_version.empty()) return out;
    for (const json& resource : array_at(resource_list, "resources")) {
        const std::string plural = string_at(resource, "name");
        if (plural.empty() || plural.find('/') != std::string::npos || !bool_at(resource, "namespaced")) continue;
        if (plural == "events") continue;  // core/v1 and events.k8s.io: written by Kubernetes itself
        const json& verbs = array_at(resource, "verbs");
        if (std::find(verbs.begin(), verbs.end(), json("list")) == verbs.end()) continue;
        out.push_back({group_version, string_at(resource, "kind"), plural});
    }
    return out;
}

bool goes_with_namespace(const ApiResource& resource, const json& item, const std::vector<ordered_json>& rendered) {
    const std::string group = group_of(resource.group_version);
    const std::string name = metadata_string(item, "name");
    if (group.empty()) {
        if (resource.kind == "ConfigMap" && name == "kube-root-ca.crt") return true;
        if (resource.kind == "ServiceAccount" && name == "default") return true;
        if (resource.kind == "Secret" && string_at(item, "type") == "kubernetes.io/service-account-token") {
            const std::string account =
                string_at(object_at(object_at(item, "metadata"), "annotations"), "kubernetes.io/service-account.name");
            if (account == "default" || rendered_has(rendered, "", "ServiceAccount", account)) return true;
        }
    }
    if (rendered_has(rendered, group, resource.kind, name)) return true;
    for (const json& owner : array_at(object_at(item, "metadata"), "ownerReferences")) {
        if (rendered_has(rendered, group_of(string_at(owner, "apiVersion")), string_at(owner, "kind"),
                         string_at(owner, "name")))
            return true;
    }
    return false;
}

NamespaceHoldings namespace_holdings(Client& client, const std::string& namespace_,
                                     const std::vector<ordered_json>& rendered) {
    NamespaceHoldings holdings;
    const std::vector<ApiResource> resources = discover(client, holdings.unknown);
    if (!holdings.unknown.empty()) return holdings;
    for (const ApiResource& resource : resources) {
        std::string cont;
        do {
            const CallResult page = client.get_path(list_path(resource, namespace_, cont));
            if (page.not_found()) break;  // served no more (a custom resource removed meanwhile)
            if (!page.ok()) {
                holdings.unknown = failed_read(page, resource.plural + " in namespace " + namespace_,
                                               client.transport().server());
                return holdings;
            }
            for (const json& item : array_at(page.body, "items")) {
                if (goes_with_namespace(resource, item, rendered)) continue;
                ++holdings.count;
                if (holdings.found.size() < kNamesShown)
                    holdings.found.push_back(
                        {resource.group_version, resource.kind, metadata_string(item, "name"), namespace_});
            }
            const std::string next = metadata_string(page.body, "continue");
            if (!next.empty() && next == cont) {
                holdings.unknown = "the server answered the LIST of " + resource.plural + " with the same page again";
                return holdings;
            }
            cont = next;
        } while (!cont.empty());
    }
    return holdings;
}

std::string holdings_refusal(const NamespaceHoldings& holdings) {
    if (!holdings.unknown.empty()) return "cannot tell what else it holds (" + holdings.unknown + ")";
    if (holdings.count == 0) return "";
    std::string names;
    for (const ResourceRef& ref : holdings.found) names += (names.empty() ? "" : ", ") + display_name(ref);
    if (holdings.count > holdings.found.size())
        names += " and " + std::to_string(holdings.count - holdings.found.size()) + " more";
    return "it holds " + names;
}

}  // namespace planton::kube
