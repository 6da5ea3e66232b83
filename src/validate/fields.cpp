// The rules the field table states for every field: required fields are given (and not
// empty), required lists have an entry, and fields with fixed values hold one of them.
// Walking the table keeps these rules in step with the parser and the JSON Schema.
#include "planton/manifest/fields.hpp"

#include <algorithm>

#include "rules.hpp"

namespace planton::validate::detail {
namespace {

using manifest::Field;
using manifest::ObjectType;
using K = manifest::FieldKind;

// Fields whose diagnostics Planton words itself (manifest.md quotes these messages).
struct Wording {
    std::string_view type;
    std::string_view field;
    std::string_view id;
    std::string_view message;  // empty: built from the allowed value
};

constexpr Wording kRequiredWording[] = {
    {"Image", "repo", "image-repo-required", "Image repo is required"},
    {"Image", "tag", "image-tag-required", "Image tag is required"},
};

constexpr Wording kValueWording[] = {
    {"Port", "network_protocol", "invalid-protocol",
     R"(The network protocol must be one of "SCTP", "TCP", or "UDP".)"},
    {"SidecarPort", "protocol", "invalid-protocol",
     R"(The network protocol must be one of "SCTP", "TCP", or "UDP".)"},
    {"Toleration", "operator", "invalid-toleration-operator",
     R"(The operator must be one of "Exists" or "Equal".)"},
    {"Toleration", "effect", "invalid-toleration-effect",
     R"(The effect must be one of "NoSchedule", "PreferNoSchedule", or "NoExecute".)"},
    {"UpdateStrategy", "type", "invalid-update-strategy-type",
     R"(The update strategy type must be one of "RollingUpdate" or "OnDelete".)"},
    {"KubernetesDaemonSet", "api_version", "invalid-api-version", ""},
    {"KubernetesDaemonSet", "kind", "invalid-kind", ""},
};

template <std::size_t N>
const Wording* wording_of(const Wording (&table)[N], const ObjectType& type, const Field& field) {
    for (const Wording& w : table) {
        if (w.type == type.name && w.field == field.name) return &w;
    }
    return nullptr;
}

class FieldWalk {
public:
    explicit FieldWalk(Report& report) : report_(report) {}

    void object(const ObjectType& type, void* object) {
        for (const Field& field : type.fields) {
            if (field.member != nullptr) this->field(type, field, field.member(object));
        }
    }

private:
    void field(const ObjectType& owner, const Field& field, void* member) {
        switch (field.kind) {
            case K::string:
            case K::int_or_percent:
                text(owner, field, *static_cast<manifest::Str*>(member));
                return;
            case K::integer:
            case K::file_mode:
            case K::boolean:
                if (field.required) required(owner, field, *static_cast<manifest::Node*>(member));
                return;
            case K::object:
            case K::string_or_value:
            case K::host_path: {
                manifest::Node& node = field.type->node(member);
                if (field.required) required(owner, field, node);
                if (node.present) object(*field.type, member);
                return;
            }
            case K::object_list:
            case K::env_variables:
            case K::env_secrets: {
                const manifest::Node& node = field.type->list_node(member);
                if (field.required) required_list(field, node, field.type->list_size(member));
                for (std::size_t i = 0; i < field.type->list_size(member); ++i) {
                    void* item = field.type->list_item(member, i);
                    if (field.type->node(item).present) object(*field.type, item);
                }
                return;
            }
            case K::string_list: {
                const auto& list = *static_cast<manifest::List<manifest::Str>*>(member);
                if (field.required) required_list(field, list, list.items.size());
                return;
            }
            case K::string_map:
            case K::host_path_type:  // checked as the host path's type
            case K::provider_config:
            case K::ignored:
                return;
        }
    }

    void required(const ObjectType& owner, const Field& field, const manifest::Node& node) {
        if (!left_out(node)) return;
        if (const Wording* w = wording_of(kRequiredWording, owner, field)) {
            report_.error(w->id, std::string(w->message), node);
        } else {
            report_.error("missing-field", "required field \"" + std::string(field.name) + "\" is missing",
                          node);
        }
    }

    void required_list(const Field& field, const manifest::Node& node, std::size_t size) {
        if (left_out(node)) {
            report_.error("missing-field", "required field \"" + std::string(field.name) + "\" is missing",
                          node);
        } else if (node.present && size == 0) {
            report_.error("empty-list", "\"" + std::string(field.name) + "\" needs at least one entry", node);
        }
    }

    void text(const ObjectType& owner, const Field& field, const manifest::Str& s) {
        if (field.required && s.present && s.value.empty()) {
            if (const Wording* w = wording_of(kRequiredWording, owner, field)) {
                report_.error(w->id, std::string(w->message), s);
            } else {
                report_.error("missing-field", "\"" + std::string(field.name) + "\" must not be empty", s);
            }
            return;
        }
        if (field.required) required(owner, field, s);
        if (!given(s) || field.values.empty()) return;
        if (std::find(field.values.begin(), field.values.end(), s.value) != field.values.end()) return;
        const Wording* w = wording_of(kValueWording, owner, field);
        if (w != nullptr && !w->message.empty()) {
            report_.error(w->id, std::string(w->message), s);
        } else if (w != nullptr) {
            report_.error(w->id,
                          std::string(field.camel_name) + " must be " + in_quotes(field.values.front()) +
                              ", not " + in_quotes(s.value),
                          s);
        } else {
            std::string allowed;
            for (std::string_view value : field.values) {
                if (value.empty()) continue;
                if (!allowed.empty()) allowed += ", ";
                allowed += in_quotes(value);
            }
            report_.error(
                "invalid-value",
                std::string(field.name) + " must be one of " + allowed + ", not " + in_quotes(s.value), s);
        }
    }

    Report& report_;
};

}  // namespace

void check_fields(const manifest::Document& doc, Report& report) {
    FieldWalk walk(report);
    // The walk only reads; the table's accessors take non-const pointers.
    auto& document = const_cast<manifest::Document&>(doc);
    if (doc.kind == manifest::DocumentKind::stack_input) {
        walk.object(manifest::stack_input_type(), &document);
    } else {
        walk.object(manifest::manifest_type(), &document.manifest);
    }
}

}  // namespace planton::validate::detail
