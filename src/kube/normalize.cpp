#include "planton/kube/normalize.hpp"

namespace planton::kube {
namespace {

template <typename Json>
Json stripped(const Json& object) {
    Json copy = object;
    if (!copy.is_object()) return copy;
    copy.erase("status");
    auto metadata = copy.find("metadata");
    if (metadata != copy.end() && metadata->is_object()) {
        for (const char* key :
             {"managedFields", "resourceVersion", "generation", "uid", "creationTimestamp", "selfLink"}) {
            metadata->erase(key);
        }
    }
    return copy;
}

}  // namespace

nlohmann::json without_server_fields(const nlohmann::json& object) {
    return stripped(object);
}
nlohmann::ordered_json without_server_fields(const nlohmann::ordered_json& object) {
    return stripped(object);
}

bool same_content(const nlohmann::json& live, const nlohmann::json& result) {
    nlohmann::json a = stripped(live);
    nlohmann::json b = stripped(result);
    for (nlohmann::json* side : {&a, &b}) {
        if (side->is_object()) {
            side->erase("apiVersion");
            side->erase("kind");
        }
    }
    return a == b;
}

}  // namespace planton::kube
