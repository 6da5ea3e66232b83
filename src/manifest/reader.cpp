#include "reader.hpp"

#include <array>

#include "scalars.hpp"

namespace planton::manifest::detail {
namespace {

std::string_view describe_kind(YamlKind kind) {
    switch (kind) {
        case YamlKind::mapping:
            return "a mapping";
        case YamlKind::sequence:
            return "a list";
        default:
            return "nothing";
    }
}

}  // namespace

bool Reader::read_document(const ObjectType& type, NodeId root, void* object) {
    read_object(type, root, object);
    return !stopped_;
}

void Reader::error(std::string id, std::string message, int line, int column, std::string path) {
    diagnostics_.push_back(
        Diagnostic{Severity::error, std::move(id), std::move(message), std::move(path), file_, line, column});
}

void Reader::push_field(std::string_view name) {
    if (!path_.empty()) path_ += '.';
    path_ += name;
}
void Reader::push_index(std::size_t index) {
    path_ += '[';
    path_ += std::to_string(index);
    path_ += ']';
}
void Reader::push_key(std::string_view key) {
    append_key_segment(path_, key);
}

NodeId Reader::resolve(NodeId id) {
    if (tree_[id].kind != YamlKind::alias) return id;
    if (!in_alias_) alias_site_ = id;
    in_alias_ = true;
    return tree_[id].text;
}

bool Reader::take_budget(NodeId at) {
    if (stopped_) return false;
    if (budget_.remaining > 0) {
        --budget_.remaining;
        return true;
    }
    stopped_ = true;
    const std::string limit = std::to_string(kMaxWalkEntries);
    if (in_alias_) {
        // Point at the alias whose expansion ran out, not inside the anchored content.
        error("alias-limit",
              "aliases expand this input past " + limit +
                  " mapping entries and list items (an alias bomb?); reading stops here",
              tree_[alias_site_].line, tree_[alias_site_].column, path_);
    } else {
        error("too-many-nodes",
              "this input has more than " + limit + " mapping entries and list items; reading stops here",
              tree_[at].line, tree_[at].column, path_);
    }
    return false;
}

void Reader::set_present(Node& node, NodeId value) {
    node.present = true;
    node.line = line_of(value);
    node.column = column_of(value);
    node.path = path_;
}

void Reader::set_absent(Node& node, int line, int column) {
    // A node read already keeps its place: the flat host_path_type is read before the
    // absent host_path it belongs to is filled in.
    if (node.present) return;
    node.line = line;
    node.column = column;
    node.path = path_;
}

void Reader::wrong_type(Node& node, NodeId value, std::string_view expected) {
    const YamlNode& v = tree_[value];
    std::string got =
        v.kind == YamlKind::scalar ? quoted(tree_.text(value)) : std::string(describe_kind(v.kind));
    type_error(node, value, "expected " + std::string(expected) + ", got " + got);
}

void Reader::type_error(Node& node, NodeId value, std::string message) {
    node.present = false;
    node.type_error = true;
    set_absent(node, line_of(value), column_of(value));
    error("wrong-type", std::move(message), line_of(value), column_of(value), path_);
}

void Reader::read_object(const ObjectType& type, NodeId map, void* object) {
    std::array<NodeId, kMaxFieldsPerType> seen{};
    const bool complete =
        for_each_pair(map, "a field name", [&](NodeId key, std::string_view name, NodeId value) {
            const Field* field = find_field(type, name);
            if (field == nullptr) {
                if (!type.open) unknown_field(type, key, name);
                return;
            }
            const auto index = static_cast<std::size_t>(field - type.fields.data());
            PathScope scope(path_);
            push_field(field->name);
            if (seen[index] != 0) {
                const std::string_view first = tree_.text(seen[index]);
                std::string message = "duplicate field " + quoted(name) + ": already given";
                if (first != name) message += " as " + quoted(first);
                message += " on line " + std::to_string(tree_[seen[index]].line);
                error("duplicate-field", std::move(message), line_of(key), column_of(key), path_);
                return;
            }
            seen[index] = key;
            read_field(*field, map, key, value, object);
        });
    if (!complete) return;
    for (std::size_t i = 0; i < type.fields.size(); ++i) {
        if (seen[i] == 0) fill_absent_field(type.fields[i], object, line_of(map), column_of(map));
    }
}

void Reader::unknown_field(const ObjectType& type, NodeId key, std::string_view name) {
    PathScope scope(path_);
    push_key(name);
    std::string message = "unknown field " + quoted(name);
    if (name == "<<" && tree_[key].plain) {
        message = "merge keys (\"<<\") are not supported; write the fields out";
    } else if (const std::string_view suggestion = suggest_field(type, name); !suggestion.empty()) {
        message += "; did you mean " + quoted(suggestion) + "?";
    }
    error("unknown-field", std::move(message), line_of(key), column_of(key), path_);
}

void Reader::read_field(const Field& field, NodeId map, NodeId key, NodeId value, void* object) {
    if (field.kind == FieldKind::ignored) return;
    AliasScope alias(in_alias_);
    const NodeId v = resolve(value);
    const YamlKind kind = tree_[v].kind;
    void* member = field.member(object);
    if (kind == YamlKind::null) {
        fill_absent(field, object, line_of(v), column_of(v));
        return;
    }
    switch (field.kind) {
        case FieldKind::string:
        case FieldKind::int_or_percent:
            read_string(v, *static_cast<Str*>(member));
            return;
        case FieldKind::integer:
        case FieldKind::file_mode:
            read_integer(v, field.kind == FieldKind::file_mode, *static_cast<Int*>(member));
            return;
        case FieldKind::boolean:
            read_bool(v, *static_cast<Bool*>(member));
            return;
        case FieldKind::object:
        case FieldKind::string_or_value: {
            Node& node = field.type->node(member);
            if (kind == YamlKind::mapping) {
                set_present(node, v);
                read_object(*field.type, v, member);
            } else if (kind == YamlKind::scalar && field.kind == FieldKind::string_or_value) {
                set_present(node, v);
                read_string(v, static_cast<StringValueOrRef*>(member)->value);
                fill_absent_field(field.type->fields[1], member, line_of(v), column_of(v));
            } else {
                wrong_type(
                    node, v,
                    field.kind == FieldKind::object ? "a mapping" : "a string or a mapping with \"value\"");
                fill_absent_object(*field.type, member, line_of(v), column_of(v));
            }
            return;
        }
        case FieldKind::object_list:
        case FieldKind::string_list:
            read_items(field, v, member);
            return;
        case FieldKind::string_map:
            read_string_map(v, *static_cast<StrMap*>(member));
            return;
        case FieldKind::env_variables:
            read_env(field, v, *static_cast<List<EnvVariable>*>(member));
            return;
        case FieldKind::env_secrets:
            read_env(field, v, *static_cast<List<EnvSecret>*>(member));
            return;
        case FieldKind::host_path:
            read_host_path(field, v, *static_cast<HostPathSource*>(member));
            return;
        case FieldKind::host_path_type:
            read_host_path_type(map, key, v, *static_cast<HostPathSource*>(member));
            return;
        case FieldKind::provider_config:
            read_provider_config(field, v, *static_cast<Document*>(member));
            return;
        case FieldKind::ignored:
            return;
    }
}

void Reader::read_items(const Field& field, NodeId list, void* member) {
    const bool objects = field.kind == FieldKind::object_list;
    Node& node = objects ? field.type->list_node(member) : *static_cast<List<Str>*>(member);
    if (tree_[list].kind != YamlKind::sequence) {
        wrong_type(node, list, "a list");
        return;
    }
    set_present(node, list);
    NodeId item = YamlTree::first_child(list);
    for (std::uint32_t i = 0; i < tree_[list].size; ++i, item = tree_.next_sibling(item)) {
        PathScope scope(path_);
        push_index(i);
        if (!take_budget(item)) return;
        AliasScope alias(in_alias_);
        const NodeId v = resolve(item);
        const YamlNode& y = tree_[v];
        if (!objects) {
            Str& s = static_cast<List<Str>*>(member)->items.emplace_back();
            if (y.kind == YamlKind::null) {
                set_absent(s, line_of(v), column_of(v));
            } else {
                read_string(v, s);
            }
            continue;
        }
        void* object = field.type->append(member);
        Node& item_node = field.type->node(object);
        if (y.kind == YamlKind::mapping) {
            set_present(item_node, v);
            read_object(*field.type, v, object);
            continue;
        }
        if (y.kind == YamlKind::null) {
            set_absent(item_node, line_of(v), column_of(v));
        } else {
            wrong_type(item_node, v, "a mapping");
        }
        fill_absent_object(*field.type, object, line_of(v), column_of(v));
    }
}

void Reader::read_string_map(NodeId map, StrMap& out) {
    if (tree_[map].kind != YamlKind::mapping) {
        wrong_type(out, map, "a mapping");
        return;
    }
    set_present(out, map);
    for_each_user_entry(map, [&](NodeId key, std::string_view text, NodeId value) {
        StrEntry& entry = out.entries.emplace_back();
        set_present(entry.key, key);
        entry.key.value = text;
        const NodeId v = resolve(value);
        if (tree_[v].kind == YamlKind::null) {
            set_absent(entry.value, line_of(v), column_of(v));
        } else {
            read_string(v, entry.value);
        }
    });
}

bool Reader::repeated_user_key(KeySet& keys, NodeId key, std::string_view text) {
    const NodeId first = keys.insert(text, key);
    if (first == 0) return false;
    error("duplicate-key",
          "duplicate key " + quoted(text) + ": already given on line " + std::to_string(tree_[first].line),
          line_of(key), column_of(key), path_);
    return true;
}

}  // namespace planton::manifest::detail
