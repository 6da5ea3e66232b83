#include "planton/render/emit.hpp"

#include <string_view>

#include "manifest/scalars.hpp"
#include "render/scalar_style.hpp"

namespace planton::render {
namespace {

void indent(std::string& out, int level) {
    out.append(static_cast<std::size_t>(level) * 2, ' ');
}

void append_double_quoted(std::string& out, std::string_view s) {
    out += '"';
    manifest::detail::append_escaped(out, s, manifest::detail::HexDigits::upper);
    out += '"';
}

// A literal block scalar; `level` is the indentation of the lines of content.
void append_block(std::string& out, std::string_view s, int level) {
    out += '|';
    // An indentation indicator is needed when the first non-empty line starts with a
    // space, otherwise the reader would take that space as the block's indentation.
    std::size_t first = s.find_first_not_of('\n');
    if (first != std::string_view::npos && s[first] == ' ') out += '2';
    std::size_t trailing = 0;
    while (trailing < s.size() && s[s.size() - 1 - trailing] == '\n') ++trailing;
    if (trailing == 0) {
        out += '-';
    } else if (trailing > 1) {
        out += '+';
    }
    out += '\n';
    std::string_view body = s.substr(0, s.size() - (trailing == 0 ? 0 : 1));
    std::size_t start = 0;
    while (start <= body.size()) {
        std::size_t end = body.find('\n', start);
        if (end == std::string_view::npos) end = body.size();
        std::string_view line = body.substr(start, end - start);
        if (!line.empty()) {
            indent(out, level);
            out.append(line);
        }
        out += '\n';
        start = end + 1;
    }
}

void append_string(std::string& out, std::string_view s, int block_level) {
    switch (scalar_style(s)) {
        case ScalarStyle::plain:
            out.append(s);
            break;
        case ScalarStyle::double_quoted:
            append_double_quoted(out, s);
            break;
        case ScalarStyle::literal_block:
            append_block(out, s, block_level);
            return;
    }
    out += '\n';
}

void append_key(std::string& out, std::string_view key) {
    if (scalar_style(key) == ScalarStyle::plain) {
        out.append(key);
    } else {
        append_double_quoted(out, key);
    }
    out += ':';
}

bool is_empty_collection(const Object& v) {
    return (v.is_object() || v.is_array()) && v.empty();
}

void append_scalar(std::string& out, const Object& v, int block_level) {
    if (v.is_string()) {
        append_string(out, v.get_ref<const std::string&>(), block_level);
        return;
    }
    if (v.is_object()) {
        out += "{}\n";
    } else if (v.is_array()) {
        out += "[]\n";
    } else {
        out += v.dump();
        out += '\n';
    }
}

void append_node(std::string& out, const Object& v, int level);

void append_mapping(std::string& out, const Object& map, int level, bool first_inline) {
    bool first = true;
    for (const auto& [key, value] : map.items()) {
        if (!(first && first_inline)) indent(out, level);
        first = false;
        append_key(out, key);
        if (value.is_object() && !value.empty()) {
            out += '\n';
            append_mapping(out, value, level + 1, false);
        } else if (value.is_array() && !value.empty()) {
            // kubectl's style: a sequence under a key is not indented further.
            out += '\n';
            append_node(out, value, level);
        } else {
            out += ' ';
            append_scalar(out, value, level + 1);
        }
    }
}

void append_sequence(std::string& out, const Object& seq, int level) {
    for (const auto& item : seq) {
        indent(out, level);
        out += "- ";
        if (item.is_object() && !item.empty()) {
            append_mapping(out, item, level + 1, true);
        } else if (item.is_array() && !item.empty()) {
            out += '\n';
            append_sequence(out, item, level + 1);
        } else {
            append_scalar(out, item, level + 1);
        }
    }
}

void append_node(std::string& out, const Object& v, int level) {
    if (v.is_object() && !is_empty_collection(v)) {
        append_mapping(out, v, level, false);
    } else if (v.is_array() && !is_empty_collection(v)) {
        append_sequence(out, v, level);
    } else {
        append_scalar(out, v, level);
    }
}

}  // namespace

std::string to_yaml(const std::vector<Object>& objects) {
    std::string out;
    bool first = true;
    for (const Object& object : objects) {
        if (!first) out += "---\n";
        first = false;
        append_node(out, object, 0);
    }
    return out;
}

std::string to_json_list(const std::vector<Object>& objects) {
    Object list = Object::object();
    list["apiVersion"] = "v1";
    list["kind"] = "List";
    list["items"] = Object::array();
    for (const Object& object : objects) list["items"].push_back(object);
    // Strings come from validated UTF-8 input; `replace` keeps a stray byte from
    // turning into an exception at the last step.
    std::string out = list.dump(4, ' ', false, Object::error_handler_t::replace);
    out += '\n';
    return out;
}

}  // namespace planton::render
