#include "planton/kube/adopt.hpp"

#include <algorithm>

#include "planton/kube/json_fields.hpp"
#include "planton/kube/managed_fields.hpp"

namespace planton::kube {
namespace {

constexpr int kAttempts = 3;

// The fieldsV1 of each Apply entry on the main resource, by manager.
std::vector<std::pair<std::string, nlohmann::json>> apply_entries(const nlohmann::json& object) {
    std::vector<std::pair<std::string, nlohmann::json>> out;
    for (const auto& entry : array_at(object_at(object, "metadata"), "managedFields")) {
        if (string_at(entry, "operation") != "Apply" || !string_at(entry, "subresource").empty()) continue;
        out.emplace_back(string_at(entry, "manager"), object_at(entry, "fieldsV1"));
    }
    return out;
}

}  // namespace

Adoption adopt(Client& client, const ResourceRef& ref, const nlohmann::json& live, const std::string& field_manager,
               bool dry_run) {
    Adoption adoption;
    adoption.live = live;
    for (int attempt = 0; attempt < kAttempts && adoption.live.is_object(); ++attempt) {
        const std::vector<std::string> from = update_managers_among(adoption.live, client_side_managers());
        const std::optional<nlohmann::json> upgraded =
            upgrade_managed_fields(adoption.live, client_side_managers(), field_manager);
        if (from.empty() || !upgraded) return adoption;
        if (dry_run) {
            adoption.from = from;
            return adoption;
        }
        CallResult patched =
            client.patch(ref, "application/json-patch+json",
                         upgrade_patch(*upgraded, metadata_string(adoption.live, "resourceVersion")), field_manager);
        if (patched.ok()) {
            adoption.from = from;
            adoption.live = patched.body;
            return adoption;
        }
        if (patched.response.status != 409) {
            adoption.failure = call_failure(patched, ref, "adopt", client.transport().server());
            return adoption;
        }
        CallResult again = client.get(ref);
        if (!again.ok()) {
            adoption.failure = call_failure(again, ref, "read (to adopt)", client.transport().server());
            return adoption;
        }
        adoption.live = again.body;
    }
    if (adoption.live.is_object() && !update_managers_among(adoption.live, client_side_managers()).empty()) {
        adoption.failure = Failure{FailureKind::Refused,
                                   "cannot adopt " + display_name(ref) + ": it kept changing while planton-ds "
                                   "moved its fields (tried " + std::to_string(kAttempts) + " times); run apply again"};
    }
    return adoption;
}

std::vector<std::string> apply_managers_overridden(const nlohmann::json& before, const nlohmann::json& after,
                                                   const std::string& field_manager) {
    const auto now = apply_entries(after);
    std::vector<std::string> names;
    for (const auto& [manager, fields] : apply_entries(before)) {
        if (manager == field_manager || fields.empty()) continue;
        const auto found = std::find_if(now.begin(), now.end(), [&wanted = manager](const auto& e) { return e.first == wanted; });
        if (found == now.end() || found->second != fields) names.push_back(manager);
    }
    return names;
}

}  // namespace planton::kube
