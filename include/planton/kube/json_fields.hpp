#pragma once
// The one way kube and cli read API objects. What the API server answers is input, not
// a promise: a field may be missing, null, or of another type than the API reference
// says (a proxy's error page, an older or newer server, a broken one). Each reader here
// gives "nothing there" — an empty object, array or string, 0, false — instead of
// throwing, so that no nlohmann exception (type_error.302/305/306) ever reaches the
// user, and const operator[] (undefined behaviour on a missing key) is never needed.
//
// Raw nlohmann access (operator[], value(), get<>(), at()) is for JSON planton-ds built
// itself; everything that came from a server is read through these functions. They
// take nlohmann::json (answers) and nlohmann::ordered_json (rendered objects) alike.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace planton::kube {

namespace detail {
// object[key] when `object` is an object that has `key`; else nullptr.
template <class Json>
const Json* member_at(const Json& object, std::string_view key) {
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    return it != object.end() ? &*it : nullptr;
}
}  // namespace detail

// object[key] when `object` is an object holding an object there; else an empty object.
template <class Json>
const Json& object_at(const Json& object, std::string_view key) {
    static const Json empty = Json::object();
    const Json* member = detail::member_at(object, key);
    return member != nullptr && member->is_object() ? *member : empty;
}

// object[key] when it is an array; else an empty array.
template <class Json>
const Json& array_at(const Json& object, std::string_view key) {
    static const Json empty = Json::array();
    const Json* member = detail::member_at(object, key);
    return member != nullptr && member->is_array() ? *member : empty;
}

// object[key] when it is a string; else "".
template <class Json>
std::string string_at(const Json& object, std::string_view key) {
    const Json* member = detail::member_at(object, key);
    return member != nullptr && member->is_string() ? member->template get<std::string>() : "";
}

// object[key] when it is an integer; else 0 (Go's omitempty leaves zero counts out, and
// a count sent as a string or a fraction is no count).
template <class Json>
long long integer_at(const Json& object, std::string_view key) {
    const Json* member = detail::member_at(object, key);
    return member != nullptr && member->is_number_integer() ? member->template get<long long>() : 0;
}

// object[key] when it is a boolean; else false.
template <class Json>
bool bool_at(const Json& object, std::string_view key) {
    const Json* member = detail::member_at(object, key);
    return member != nullptr && member->is_boolean() && member->template get<bool>();
}

// Whether object[key] is there and not null (e.g. metadata.deletionTimestamp).
template <class Json>
bool has_value_at(const Json& object, std::string_view key) {
    const Json* member = detail::member_at(object, key);
    return member != nullptr && !member->is_null();
}

// metadata[key] of an object as a string: name, namespace, uid, resourceVersion, …
template <class Json>
std::string metadata_string(const Json& object, std::string_view key) {
    return string_at(object_at(object, "metadata"), key);
}

// The value of label `key` on an object; "" when it has no such label.
template <class Json>
std::string label_of(const Json& object, std::string_view key) {
    return string_at(object_at(object_at(object, "metadata"), "labels"), key);
}

}  // namespace planton::kube
