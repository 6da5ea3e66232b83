#pragma once
// Masking of secret material before anything is logged or shown. Used by the request
// log (-vv bodies) and by diff (Secret data).
#include <string>

#include <nlohmann/json.hpp>

namespace planton::kube {

inline constexpr const char* kMasked = "***";

// A copy of `value` with every secret replaced by "***":
// - in a Secret (kind Secret, also as an item of a list): each value of `data` and
//   `stringData` (the keys stay, so that which keys exist and changed stays visible),
//   and the kubectl last-applied-configuration annotation, which repeats them;
// - in an ExecCredential: the whole `status`;
// - anywhere: the value of a key named token, password, client-key-data,
//   passwd, clientKeyData, .dockerconfigjson, .dockercfg, auth, id-token, refresh-token,
//   access-token, client-secret or bearerToken (case-insensitive, any JSON type).
nlohmann::json mask_secrets(const nlohmann::json& value);
nlohmann::ordered_json mask_secrets(const nlohmann::ordered_json& value);

// A request or response body for the trace log: JSON is masked with mask_secrets and
// printed compactly; anything else is described by its size only, since it cannot be
// masked reliably ("<212 bytes, not JSON>"). Empty stays empty.
std::string masked_body(const std::string& body);

}  // namespace planton::kube
