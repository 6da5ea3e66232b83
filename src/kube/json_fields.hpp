#pragma once
// Reading fields of API server answers that may be missing or of another type than
// expected: a malformed answer reads as "nothing there" instead of throwing.
#include <string>

#include <nlohmann/json.hpp>

namespace planton::kube {

// object[key] when it is an object; else an empty object.
inline const nlohmann::json& object_at(const nlohmann::json& object, const char* key) {
    static const nlohmann::json empty = nlohmann::json::object();
    if (!object.is_object()) return empty;
    auto it = object.find(key);
    return it != object.end() && it->is_object() ? *it : empty;
}

// object[key] when it is an array; else an empty array.
inline const nlohmann::json& array_at(const nlohmann::json& object, const char* key) {
    static const nlohmann::json empty = nlohmann::json::array();
    if (!object.is_object()) return empty;
    auto it = object.find(key);
    return it != object.end() && it->is_array() ? *it : empty;
}

// object[key] when it is a string; else "".
inline std::string string_at(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) return "";
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// object[key] when it is an integer; else 0 (Go's omitempty leaves zero counts out).
inline long long integer_at(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) return 0;
    auto it = object.find(key);
    return it != object.end() && it->is_number_integer() ? it->get<long long>() : 0;
}

}  // namespace planton::kube
