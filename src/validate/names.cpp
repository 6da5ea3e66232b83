// Names, keys and paths as Kubernetes' apimachinery validation defines them.
#include <algorithm>

#include "syntax.hpp"

namespace planton::validate::detail {
namespace {

std::string too_long(std::string_view text, std::size_t max) {
    return "must be at most " + std::to_string(max) + " characters long (it has " +
           std::to_string(text.size()) + ")";
}

// [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool label_shape(std::string_view text) {
    if (text.empty() || !is_lower_alnum(text.front()) || !is_lower_alnum(text.back())) return false;
    return std::all_of(text.begin(), text.end(), [](char c) { return is_lower_alnum(c) || c == '-'; });
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool qualified_shape(std::string_view text) {
    if (text.empty() || !is_alnum(text.front()) || !is_alnum(text.back())) return false;
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; });
}

constexpr std::string_view kLabelShape =
    "must consist of lowercase letters, digits and \"-\", and start and end with a letter or digit";
constexpr std::string_view kSubdomainShape =
    "must consist of lowercase letters, digits, \"-\" and \".\", and start and end with a letter or digit";
constexpr std::string_view kQualifiedShape =
    "must consist of letters, digits, \"-\", \"_\" and \".\", and start and end with a letter or digit";

}  // namespace

std::string dns_label_problem(std::string_view text) {
    if (text.empty()) return "must not be empty";
    if (text.size() > 63) return too_long(text, 63);
    return label_shape(text) ? "" : std::string(kLabelShape);
}

std::string dns_subdomain_problem(std::string_view text, std::size_t max) {
    if (text.empty()) return "must not be empty";
    if (text.size() > max) return too_long(text, max);
    return every_part(text, '.', label_shape) ? "" : std::string(kSubdomainShape);
}

std::string label_key_problem(std::string_view text) {
    if (text.empty()) return "must not be empty";
    std::string_view name = text;
    const std::size_t slash = text.find('/');
    if (slash != std::string_view::npos) {
        const std::string_view prefix = text.substr(0, slash);
        name = text.substr(slash + 1);
        if (name.find('/') != std::string_view::npos) return "must contain at most one \"/\"";
        if (prefix.empty()) return "must not start with \"/\"";
        if (!dns_subdomain_problem(prefix).empty()) {
            return "must have a prefix (before \"/\") that is a DNS-1123 subdomain: " +
                   dns_subdomain_problem(prefix);
        }
    }
    if (name.empty()) return "must have a name after the \"/\"";
    if (name.size() > 63)
        return "must have a name part of at most 63 characters (it has " + std::to_string(name.size()) + ")";
    return qualified_shape(name) ? "" : std::string(kQualifiedShape);
}

std::string label_value_problem(std::string_view text) {
    if (text.empty()) return "";
    if (text.size() > 63) return too_long(text, 63);
    return qualified_shape(text) ? "" : std::string(kQualifiedShape);
}

std::string env_name_problem(std::string_view text) {
    if (text.empty()) return "must not be empty";
    if (text == "." || text == "..") return "must not be \".\" or \"..\"";
    const auto allowed = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '.' || c == '_';
    };
    const bool ok = allowed(text.front()) && std::all_of(text.begin(), text.end(), [&](char c) {
                        return allowed(c) || (c >= '0' && c <= '9');
                    });
    return ok ? ""
              : "must consist of letters, digits, \"_\", \"-\" and \".\", and must not start with a digit";
}

std::string data_key_problem(std::string_view text) {
    if (text.empty()) return "must not be empty";
    if (text.size() > 253) return too_long(text, 253);
    if (text == "." || text == "..") return "must not be \".\" or \"..\"";
    const bool ok = std::all_of(text.begin(), text.end(),
                                [](char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; });
    return ok ? "" : "must consist of letters, digits, \"-\", \"_\" and \".\"";
}

std::string relative_path_problem(std::string_view text) {
    if (text.starts_with('/')) return "must be a relative path";
    return every_part(text, '/', [](std::string_view part) { return part != ".."; })
               ? ""
               : "must not contain \"..\"";
}

std::string port_name_problem(std::string_view text) {
    if (text.empty()) return "must not be empty";
    if (text.size() > 15) return too_long(text, 15);
    if (!label_shape(text)) return std::string(kLabelShape);
    if (text.find("--") != std::string_view::npos) return "must not contain \"--\"";
    if (std::none_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
        return "must contain at least one letter";
    return "";
}

}  // namespace planton::validate::detail
