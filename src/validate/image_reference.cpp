// Image references as the distribution reference grammar (docker, containerd) reads
// them: [registry-host[:port]/]path-component(/path-component)*[:tag][@digest].
#include <algorithm>

#include "syntax.hpp"

namespace planton::validate::detail {
namespace {

// [a-z0-9]+ ((\.|_|__|-+) [a-z0-9]+)*
bool path_component(std::string_view text) {
    std::size_t i = 0;
    while (true) {
        const std::size_t start = i;
        while (i < text.size() && is_lower_alnum(text[i])) ++i;
        if (i == start) return false;
        if (i == text.size()) return true;
        const std::size_t separator = i;
        while (i < text.size() && (text[i] == '.' || text[i] == '_' || text[i] == '-')) ++i;
        const std::string_view sep = text.substr(separator, i - separator);
        const bool ok = sep == "." || sep == "_" || sep == "__" ||
                        std::all_of(sep.begin(), sep.end(), [](char c) { return c == '-'; });
        if (!ok) return false;
    }
}

// host[:port], host = dot-separated [a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?
bool registry_host(std::string_view text) {
    const std::size_t colon = text.find(':');
    if (colon != std::string_view::npos) {
        const std::string_view port = text.substr(colon + 1);
        if (port.empty() || !std::all_of(port.begin(), port.end(), is_digit)) return false;
        text = text.substr(0, colon);
    }
    return every_part(text, '.', [](std::string_view part) {
        return !part.empty() && is_alnum(part.front()) && is_alnum(part.back()) &&
               std::all_of(part.begin(), part.end(), [](char c) { return is_alnum(c) || c == '-'; });
    });
}

// Where the repository path starts: after a registry host, which docker recognises by
// a ".", a ":", upper case letters or the name "localhost" in the first part.
std::size_t path_start(std::string_view name) {
    const std::size_t slash = name.find('/');
    if (slash == std::string_view::npos) return 0;
    const std::string_view first = name.substr(0, slash);
    const bool host = first.find_first_of(".:") != std::string_view::npos || first == "localhost" ||
                      std::any_of(first.begin(), first.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    return host ? slash + 1 : 0;
}

constexpr std::string_view kRepoShape =
    "must be an image repository: \"/\"-separated parts of lowercase letters and digits joined by \".\", "
    "\"_\", \"__\" or \"-\", optionally after a registry host (\"registry.example.com:5000/team/app\")";

bool hex_digest(std::string_view text) {
    return text.size() == 64 && std::all_of(text.begin(), text.end(),
                                            [](char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); });
}

std::string name_problem(std::string_view name) {
    if (name.empty()) return "must not be empty";
    if (name.size() > 255) return "must be at most 255 characters long";
    const std::size_t start = path_start(name);
    if (start > 0 && !registry_host(name.substr(0, start - 1))) return std::string(kRepoShape);
    return every_part(name.substr(start), '/', path_component) ? "" : std::string(kRepoShape);
}

// The position of the ":" before a tag in `name` (which has no digest), or npos.
std::size_t tag_colon(std::string_view name) {
    const std::size_t colon = name.rfind(':');
    if (colon == std::string_view::npos || colon < path_start(name)) return std::string_view::npos;
    const std::size_t slash = name.rfind('/');
    return slash != std::string_view::npos && slash > colon ? std::string_view::npos : colon;
}

}  // namespace

std::string image_repo_problem(std::string_view text) {
    if (const std::size_t at = text.find('@'); at != std::string_view::npos)
        return "must not contain a digest (\"" + std::string(text.substr(at + 1)) + "\"); give it as the tag";
    if (const std::size_t colon = tag_colon(text); colon != std::string_view::npos)
        return "must not contain a tag (\"" + std::string(text.substr(colon + 1)) + "\"); give it as the tag";
    return name_problem(text);
}

std::string image_tag_problem(std::string_view text) {
    if (text.empty()) return "must not be empty";
    if (text.starts_with("sha256:")) {
        return hex_digest(text.substr(7)) ? ""
                                          : "must be a digest of 64 lowercase hex digits after \"sha256:\"";
    }
    const bool ok = text.size() <= 128 && (is_alnum(text.front()) || text.front() == '_') &&
                    std::all_of(text.begin(), text.end(),
                                [](char c) { return is_alnum(c) || c == '_' || c == '.' || c == '-'; });
    return ok ? ""
              : "must be a tag (at most 128 letters, digits, \"_\", \".\" and \"-\", not starting with \".\" "
                "or \"-\") or a digest \"sha256:<64 hex digits>\"";
}

std::string image_reference_problem(std::string_view text) {
    if (text.empty()) return "must not be empty";
    std::string_view name = text;
    if (const std::size_t at = text.find('@'); at != std::string_view::npos) {
        const std::string_view digest = text.substr(at + 1);
        if (!digest.starts_with("sha256:") || !hex_digest(digest.substr(7)))
            return "must have a digest \"sha256:<64 lowercase hex digits>\" after \"@\"";
        name = text.substr(0, at);
    }
    if (const std::size_t colon = tag_colon(name); colon != std::string_view::npos) {
        const std::string_view tag = name.substr(colon + 1);
        if (tag.starts_with("sha256") || !image_tag_problem(tag).empty())
            return "must have a tag of at most 128 letters, digits, \"_\", \".\" and \"-\" after \":\"";
        name = name.substr(0, colon);
    }
    return name_problem(name);
}

std::string_view image_reference_tag(std::string_view text) {
    if (const std::size_t at = text.find('@'); at != std::string_view::npos) return text.substr(at + 1);
    const std::size_t colon = tag_colon(text);
    return colon == std::string_view::npos ? std::string_view{} : text.substr(colon + 1);
}

}  // namespace planton::validate::detail
