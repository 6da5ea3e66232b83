#pragma once
// The syntax of the strings Kubernetes gives a meaning to: names, label keys and
// values, environment variable names, image references, quantities. Each `*_problem`
// function returns "" when the text is valid, otherwise what is wrong with it as the
// end of a sentence that starts with the value ("must be at most 63 characters long
// (it has 64)").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace planton::validate::detail {

inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
inline bool is_lower_alnum(char c) {
    return (c >= 'a' && c <= 'z') || is_digit(c);
}
inline bool is_alnum(char c) {
    return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

// Whether `part` holds for every `separator`-separated part of `text` (empty parts
// included).
template <class Part>
bool every_part(std::string_view text, char separator, Part&& part) {
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        if (!part(text.substr(start, end - start))) return false;
        if (end == std::string_view::npos) return true;
        start = end + 1;
    }
}

// DNS-1123 label: at most 63 of [a-z0-9-], starting and ending alphanumeric.
std::string dns_label_problem(std::string_view text);
// DNS-1123 subdomain: dot-separated labels, at most `max` characters in all.
std::string dns_subdomain_problem(std::string_view text, std::size_t max = 253);
// A qualified name, as label keys and annotation keys are: [prefix/]name.
std::string label_key_problem(std::string_view text);
// A label value: empty, or at most 63 of [A-Za-z0-9-_.], starting and ending alphanumeric.
std::string label_value_problem(std::string_view text);
// [-._a-zA-Z][-._a-zA-Z0-9]*, not "." or "..".
std::string env_name_problem(std::string_view text);
// A key of a ConfigMap or Secret: [-._a-zA-Z0-9]+, not "." or "..".
std::string data_key_problem(std::string_view text);
// A relative path without ".." elements (sub_path, a key's file path).
std::string relative_path_problem(std::string_view text);
// An IANA service name, as port names are: 1-15 of [a-z0-9-], a letter, no "--".
std::string port_name_problem(std::string_view text);

// An image repository without tag or digest ("docker.io/fluent/fluentd").
std::string image_repo_problem(std::string_view text);
// A tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}) or a digest "sha256:<64 hex>".
std::string image_tag_problem(std::string_view text);
// A whole reference: repo[:tag][@digest].
std::string image_reference_problem(std::string_view text);
// The tag of a whole reference: "" when it has none, "sha256:…" for a digest.
std::string_view image_reference_tag(std::string_view text);

// A Kubernetes quantity ("500m", "1Gi", "1e3") as a number; nullopt when it is not one.
std::optional<long double> parse_quantity(std::string_view text);

// A rolling-update value: an integer ("1") or a percentage ("25%").
struct IntOrPercent {
    std::int64_t value = 0;
    bool percent = false;
};
std::optional<IntOrPercent> parse_int_or_percent(std::string_view text);

}  // namespace planton::validate::detail
