// The Reader's scalars, shorthand forms (env maps, host_path, provider_config) and the
// positions of absent fields.
#include "reader.hpp"
#include "scalars.hpp"

namespace planton::manifest::detail {
namespace {

bool camel_style(std::string_view key) {
    return key.find('_') == std::string_view::npos &&
           key.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string_view::npos;
}

}  // namespace

void Reader::read_string(NodeId value, Str& out) {
    if (tree_[value].kind != YamlKind::scalar) {
        wrong_type(out, value, "a string");
        return;
    }
    set_present(out, value);
    out.value = tree_.text(value);
}

void Reader::read_integer(NodeId value, bool file_mode, Int& out) {
    if (tree_[value].kind != YamlKind::scalar) {
        wrong_type(out, value, "an integer");
        return;
    }
    const std::string_view text = tree_.text(value);
    std::int64_t number = 0;
    switch (parse_int32(text, file_mode, number)) {
        case IntParse::ok:
            set_present(out, value);
            out.value = number;
            return;
        case IntParse::out_of_range:
            type_error(out, value, "integer " + std::string(text) + " is out of range (32-bit)");
            return;
        case IntParse::invalid:
            if (file_mode && text.size() > 1 && text[0] == '0' &&
                text.find_first_not_of("0123456789") == std::string_view::npos) {
                type_error(out, value, quoted(text) + " is not an octal number (a leading 0 means octal)");
            } else {
                wrong_type(out, value, "an integer");
            }
            return;
    }
}

void Reader::read_bool(NodeId value, Bool& out) {
    if (tree_[value].kind != YamlKind::scalar) {
        wrong_type(out, value, "true or false");
        return;
    }
    const std::optional<bool> parsed = parse_bool(tree_.text(value));
    if (parsed && tree_[value].plain) {
        set_present(out, value);
        out.value = *parsed;
    } else if (parsed) {
        type_error(out, value, "expected true or false without quotes, got " + quoted(tree_.text(value)));
    } else if (const std::optional<bool> old = parse_yaml11_bool(tree_.text(value));
               old && tree_[value].plain) {
        // YAML 1.1 read these as booleans, YAML 1.2 (and Planton's loader) does not.
        type_error(out, value,
                   "expected true or false, got " + quoted(tree_.text(value)) +
                       "; YAML 1.1 booleans (yes/no, on/off, y/n) are not accepted: write " +
                       (*old ? "true" : "false"));
    } else {
        wrong_type(out, value, "true or false");
    }
}

template <class Entry>
void Reader::read_env(const Field& field, NodeId map, List<Entry>& out) {
    if (tree_[map].kind != YamlKind::mapping) {
        wrong_type(out, map, "a mapping");
        return;
    }
    set_present(out, map);
    const Field& other = field.type->fields[1];  // value_from or secret_ref
    const std::string expected = "a string or a mapping with \"value\" or " + quoted(other.name);
    for_each_user_entry(map, [&](NodeId key, std::string_view name, NodeId value) {
        Entry& entry = out.items.emplace_back();
        set_present(entry, key);
        set_present(entry.name, key);
        entry.name.value = name;
        const NodeId v = resolve(value);
        const YamlNode& y = tree_[v];
        switch (y.kind) {
            case YamlKind::mapping:
                read_object(*field.type, v, &entry);
                break;
            case YamlKind::scalar:
                read_string(v, entry.value);
                fill_absent_field(other, &entry, line_of(v), column_of(v));
                break;
            case YamlKind::null:
                fill_absent_object(*field.type, &entry, line_of(v), column_of(v));
                break;
            default:
                wrong_type(entry.value, v, expected);
                fill_absent_field(other, &entry, line_of(v), column_of(v));
                break;
        }
    });
}

template void Reader::read_env(const Field&, NodeId, List<EnvVariable>&);
template void Reader::read_env(const Field&, NodeId, List<EnvSecret>&);

void Reader::read_host_path(const Field& field, NodeId value, HostPathSource& out) {
    const YamlNode& v = tree_[value];
    if (v.kind == YamlKind::scalar) {
        // The flat form; its type is the sibling host_path_type.
        set_present(out, value);
        out.nested = false;
        read_string(value, out.path);
    } else if (v.kind == YamlKind::mapping) {
        set_present(out, value);
        out.nested = true;
        read_object(*field.type, value, &out);
    } else {
        wrong_type(out, value, "a path or a mapping with \"path\" and \"type\"");
        fill_absent_object(*field.type, &out, line_of(value), column_of(value));
    }
}

void Reader::read_host_path_type(NodeId map, NodeId key, NodeId value, HostPathSource& out) {
    NodeId k = YamlTree::first_child(map);
    for (std::uint32_t i = 0; i + 1 < tree_[map].size; i += 2) {
        AliasScope alias(in_alias_);  // looking at the siblings does not place what is read next
        const NodeId v = tree_.next_sibling(k);
        const NodeId name = resolve(k);
        k = tree_.next_sibling(v);
        if (tree_[name].kind != YamlKind::scalar) continue;
        const std::string_view text = tree_.text(name);
        if ((text == "host_path" || text == "hostPath") && tree_[resolve(v)].kind == YamlKind::mapping) {
            const std::string_view written = tree_.text(resolve(key));
            const bool camel = camel_style(written);
            error("conflicting-fields",
                  quoted(written) + " cannot be used with the nested " + (camel ? "hostPath" : "host_path") +
                      " form; write the type as " + (camel ? "hostPath.type" : "host_path.type"),
                  line_of(key), column_of(key), path_);
            return;
        }
    }
    read_string(value, out.type);
}

void Reader::read_provider_config(const Field& field, NodeId value, Document& out) {
    const YamlNode& v = tree_[value];
    if (v.kind != YamlKind::mapping) {
        wrong_type(out.provider_name, value, "a mapping");
        fill_absent(field, &out, line_of(value), column_of(value));
        return;
    }
    const bool complete =
        for_each_pair(value, "a provider name", [&](NodeId key, std::string_view name, NodeId provider) {
            PathScope scope(path_);
            push_key(name);
            if (!out.provider_name.present) {
                set_present(out.provider_name, key);
                out.provider_name.value = name;
            }
            if (name != "digital_ocean_doks" && name != "digitalOceanDoks") return;
            path_.resize(path_.size() - name.size());
            path_ += "digital_ocean_doks";
            const NodeId p = resolve(provider);
            if (tree_[p].kind == YamlKind::mapping) {
                read_object(*field.type, p, &out);
            } else if (tree_[p].kind != YamlKind::null) {
                wrong_type(out.provider_kube_config, p, "a mapping");
            }
        });
    if (!complete) return;
    fill_absent(field, &out, line_of(value), column_of(value));
}

void Reader::fill_absent_field(const Field& field, void* object, int line, int column) {
    PathScope scope(path_);
    push_field(field.name);
    fill_absent(field, object, line, column);
}

void Reader::fill_absent_object(const ObjectType& type, void* object, int line, int column) {
    for (const Field& field : type.fields) fill_absent_field(field, object, line, column);
}

void Reader::fill_absent(const Field& field, void* object, int line, int column) {
    if (field.member == nullptr) return;
    void* member = field.member(object);
    switch (field.kind) {
        case FieldKind::string:
        case FieldKind::int_or_percent:
            set_absent(*static_cast<Str*>(member), line, column);
            return;
        case FieldKind::integer:
        case FieldKind::file_mode:
            set_absent(*static_cast<Int*>(member), line, column);
            return;
        case FieldKind::boolean:
            set_absent(*static_cast<Bool*>(member), line, column);
            return;
        case FieldKind::object:
        case FieldKind::string_or_value:
        case FieldKind::host_path:
            set_absent(field.type->node(member), line, column);
            fill_absent_object(*field.type, member, line, column);
            return;
        case FieldKind::object_list:
            set_absent(field.type->list_node(member), line, column);
            return;
        case FieldKind::string_list:
            set_absent(*static_cast<List<Str>*>(member), line, column);
            return;
        case FieldKind::string_map:
            set_absent(*static_cast<StrMap*>(member), line, column);
            return;
        case FieldKind::env_variables:
            set_absent(*static_cast<List<EnvVariable>*>(member), line, column);
            return;
        case FieldKind::env_secrets:
            set_absent(*static_cast<List<EnvSecret>*>(member), line, column);
            return;
        case FieldKind::host_path_type: {
            // Only for the flat form: the nested form (or an absent host_path) already
            // placed the type.
            Str& type = static_cast<HostPathSource*>(member)->type;
            if (type.path.empty()) set_absent(type, line, column);
            return;
        }
        case FieldKind::provider_config: {
            auto& document = *static_cast<Document*>(member);
            if (document.provider_name.path.empty()) set_absent(document.provider_name, line, column);
            if (document.provider_kube_config.path.empty()) {
                PathScope scope(path_);
                push_field("digital_ocean_doks");
                fill_absent_object(*field.type, member, line, column);
            }
            return;
        }
        case FieldKind::ignored:
            return;
    }
}

}  // namespace planton::manifest::detail
