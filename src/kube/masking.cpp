#include "planton/kube/masking.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace planton::kube {
namespace {

constexpr std::array<std::string_view, 13> kSecretKeys{
    "token",      "password", "passwd",   "client-key-data", "clientkeydata", ".dockerconfigjson",
    ".dockercfg", "auth",     "id-token", "refresh-token",   "access-token",  "client-secret",
    "bearertoken"};

bool is_secret_key(const std::string& key) {
    std::string lower = key;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::find(kSecretKeys.begin(), kSecretKeys.end(), lower) != kSecretKeys.end();
}

template <typename Json>
void mask_values_of(Json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end()) return;
    if (it->is_object()) {
        for (auto& entry : it->items()) entry.value() = kMasked;
    } else if (!it->is_null()) {
        *it = kMasked;
    }
}

template <typename Json>
void mask_in_place(Json& value) {
    if (value.is_array()) {
        for (auto& item : value) mask_in_place(item);
        return;
    }
    if (!value.is_object()) return;
    const auto kind = value.find("kind");
    const bool is_kind = kind != value.end() && kind->is_string();
    if (is_kind && *kind == "ExecCredential" && value.contains("status")) value["status"] = kMasked;
    for (auto& entry : value.items()) {
        if (is_secret_key(entry.key())) {
            if (!entry.value().is_null()) entry.value() = kMasked;
        } else {
            mask_in_place(entry.value());
        }
    }
    if (is_kind && *kind == "Secret") {
        mask_values_of(value, "data");
        mask_values_of(value, "stringData");
        auto metadata = value.find("metadata");
        if (metadata != value.end() && metadata->is_object()) {
            auto annotations = metadata->find("annotations");
            if (annotations != metadata->end() && annotations->is_object()) {
                auto last = annotations->find("kubectl.kubernetes.io/last-applied-configuration");
                if (last != annotations->end()) *last = kMasked;
            }
        }
    }
}

template <typename Json>
Json masked_copy(const Json& value) {
    Json copy = value;
    mask_in_place(copy);
    return copy;
}

}  // namespace

nlohmann::json mask_secrets(const nlohmann::json& value) {
    return masked_copy(value);
}
nlohmann::ordered_json mask_secrets(const nlohmann::ordered_json& value) {
    return masked_copy(value);
}

std::string masked_body(const std::string& body) {
    if (body.empty()) return body;
    auto parsed = nlohmann::ordered_json::parse(body, nullptr, false);
    if (parsed.is_discarded()) return "<" + std::to_string(body.size()) + " bytes, not JSON>";
    return mask_secrets(parsed).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace planton::kube
