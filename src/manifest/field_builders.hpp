#pragma once
// Compile-time helpers that build the field table (field_table.cpp): each entry names
// the model member it fills, and the helpers check that the member's C++ type fits the
// field's kind, so that the table and model.hpp cannot drift apart. A mismatch is a
// compile error (a throw during constant evaluation).
#include <type_traits>

#include "planton/manifest/fields.hpp"
#include "planton/manifest/model.hpp"

namespace planton::manifest::detail {

using K = FieldKind;

template <class T>
inline constexpr char kModelKey = 0;

template <class M>
struct MemberTraits;
template <class C, class V>
struct MemberTraits<V C::*> {
    using Owner = C;
    using Value = V;
};

template <class T>
struct ListTraits {
    using Item = void;
};
template <class T>
struct ListTraits<List<T>> {
    using Item = T;
};

template <auto M>
void* access(void* object) {
    using Owner = typename MemberTraits<decltype(M)>::Owner;
    return &(static_cast<Owner*>(object)->*M);
}

inline void* whole(void* object) {
    return object;
}

template <class T>
Node& node_of(void* object) {
    return *static_cast<T*>(object);
}
template <class T>
Node& list_node_of(void* list) {
    return *static_cast<List<T>*>(list);
}
template <class T>
void* append_to(void* list) {
    return &static_cast<List<T>*>(list)->items.emplace_back();
}
template <class T>
std::size_t size_of(const void* list) {
    return static_cast<const List<T>*>(list)->items.size();
}
template <class T>
void* item_of(void* list, std::size_t index) {
    return &static_cast<List<T>*>(list)->items[index];
}

template <class T>
consteval bool is_model(const ObjectType* type) {
    return type != nullptr && type->model == &kModelKey<T>;
}

// Whether a member of C++ type V can hold a field of `kind` (with mapping form `type`).
template <class V>
consteval bool fits(K kind, const ObjectType* type) {
    switch (kind) {
        case K::string:
        case K::int_or_percent:
            return std::is_same_v<V, Str>;
        case K::integer:
        case K::file_mode:
            return std::is_same_v<V, Int>;
        case K::boolean:
            return std::is_same_v<V, Bool>;
        case K::object:
            return is_model<V>(type);
        case K::object_list:
            if constexpr (std::is_void_v<typename ListTraits<V>::Item>) {
                return false;
            } else {
                return is_model<typename ListTraits<V>::Item>(type);
            }
        case K::string_list:
            return std::is_same_v<V, List<Str>>;
        case K::string_map:
            return std::is_same_v<V, StrMap>;
        case K::string_or_value:
            return std::is_same_v<V, StringValueOrRef> && is_model<V>(type);
        case K::env_variables:
            return std::is_same_v<V, List<EnvVariable>> && is_model<EnvVariable>(type);
        case K::env_secrets:
            return std::is_same_v<V, List<EnvSecret>> && is_model<EnvSecret>(type);
        case K::host_path:
            return std::is_same_v<V, HostPathSource> && is_model<V>(type);
        case K::host_path_type:
            return std::is_same_v<V, HostPathSource>;
        case K::provider_config:
        case K::ignored:
            return false;
    }
    return false;
}

template <auto M>
consteval Field make(K kind, std::string_view name, std::string_view camel, std::string_view description,
                     const ObjectType* type = nullptr, std::span<const std::string_view> values = {}) {
    if (!fits<typename MemberTraits<decltype(M)>::Value>(kind, type)) {
        throw "the field's kind does not fit its model member";
    }
    return Field{name, camel, kind, type, values, false, description, &access<M>};
}

template <auto M>
consteval Field text(std::string_view name, std::string_view camel, std::string_view description) {
    return make<M>(K::string, name, camel, description);
}
template <auto M>
consteval Field choice(std::string_view name, std::string_view camel,
                       std::span<const std::string_view> values, std::string_view description) {
    return make<M>(K::string, name, camel, description, nullptr, values);
}
template <auto M>
consteval Field integer(std::string_view name, std::string_view camel, std::string_view description) {
    return make<M>(K::integer, name, camel, description);
}
template <auto M>
consteval Field flag(std::string_view name, std::string_view camel, std::string_view description) {
    return make<M>(K::boolean, name, camel, description);
}
template <auto M>
consteval Field strings(std::string_view name, std::string_view camel, std::string_view description) {
    return make<M>(K::string_list, name, camel, description);
}
template <auto M>
consteval Field string_map(std::string_view name, std::string_view camel, std::string_view description) {
    return make<M>(K::string_map, name, camel, description);
}
template <auto M>
consteval Field object(const ObjectType& type, std::string_view name, std::string_view camel,
                       std::string_view description) {
    return make<M>(K::object, name, camel, description, &type);
}
template <auto M>
consteval Field objects(const ObjectType& type, std::string_view name, std::string_view camel,
                        std::string_view description) {
    return make<M>(K::object_list, name, camel, description, &type);
}
consteval Field ignored(std::string_view name, std::string_view camel, std::string_view description) {
    return Field{name, camel, K::ignored, nullptr, {}, false, description, nullptr};
}
consteval Field required(Field field) {
    field.required = true;
    return field;
}

template <class T>
consteval ObjectType object_type(std::string_view name, std::string_view description,
                                 std::span<const Field> fields, bool open = false) {
    if (fields.size() > kMaxFieldsPerType) throw "an object type has more fields than kMaxFieldsPerType";
    if constexpr (std::is_base_of_v<Node, T>) {
        return ObjectType{name,        description,      fields,        open,        &kModelKey<T>,
                          &node_of<T>, &list_node_of<T>, &append_to<T>, &size_of<T>, &item_of<T>};
    } else {
        return ObjectType{name,    description, fields,  open,    &kModelKey<T>,
                          nullptr, nullptr,     nullptr, nullptr, nullptr};
    }
}

}  // namespace planton::manifest::detail
