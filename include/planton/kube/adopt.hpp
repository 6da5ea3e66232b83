#pragma once
// apply --adopt: objects kubectl wrote client-side become planton-ds's to apply
// server-side, as kubectl does on its own first server-side apply (client-go's
// csaupgrade.UpgradeManagedFieldsPatch, used by kubectl apply --server-side since 1.26).
//
// Without it, the first server-side apply over `kubectl apply` (client-side) conflicts
// with "kubectl-client-side-apply" on every field it changes, and even when forced
// leaves that manager owning the fields the manifest later drops, so they are never
// removed. Adoption moves the ownership of the managers of managed_fields.hpp's
// client_side_managers() to the applier's Apply entry; other managers (an Apply manager
// such as Planton's Pulumi module, controllers) keep theirs.
//
// Requests: for an object with such a manager, one PATCH
// (application/json-patch+json) of metadata.managedFields with the resourceVersion it was
// read at; a 409 (written in between) reads it again (GET) and tries again, three times
// at most. Nothing in a dry run.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "planton/error.hpp"
#include "planton/kube/client.hpp"
#include "planton/kube/resources.hpp"

namespace planton::kube {

struct Adoption {
    std::vector<std::string> from;   // the client-side managers whose fields moved; empty: none
    nlohmann::json live;             // the object after the adoption (as read when nothing moved)
    std::optional<Failure> failure;  // the PATCH or GET that failed
};

// Adopts `ref`, read as `live` (null: it does not exist, nothing to adopt), for
// `field_manager`. In a dry run only says what would move.
Adoption adopt(Client& client, const ResourceRef& ref, const nlohmann::json& live, const std::string& field_manager,
               bool dry_run);

// The Apply managers other than `field_manager` that owned fields of `before` and own
// fewer (or none) in `after`: whose fields a forced apply took over.
std::vector<std::string> apply_managers_overridden(const nlohmann::json& before, const nlohmann::json& after,
                                                   const std::string& field_manager);

}  // namespace planton::kube
