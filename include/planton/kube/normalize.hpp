#pragma once
// Comparing what the server returned with what is live, without the fields the server
// manages itself. Used by apply --dry-run server (unchanged vs configured) and by diff.
#include <nlohmann/json.hpp>

namespace planton::kube {

// A copy of `object` without status, metadata.managedFields, resourceVersion,
// generation, uid, creationTimestamp and selfLink: the fields that change on every
// write or that the user does not set, so that two versions of one object compare
// equal when only those differ.
nlohmann::json without_server_fields(const nlohmann::json& object);
nlohmann::ordered_json without_server_fields(const nlohmann::ordered_json& object);

// Whether `live` (as read with GET or LIST) and `result` (as returned by an apply) have
// the same content once the server fields are left out. apiVersion and kind are not
// compared, since list items come without them.
bool same_content(const nlohmann::json& live, const nlohmann::json& result);

}  // namespace planton::kube
