#include "cli/validate_sarif.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>

namespace planton::cli {

namespace {

constexpr const char* kSarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";
// Where the manifest format that planton-ds checks is documented.
constexpr const char* kInformationUri = "https://project-planton.org";

// The lint ids of manifest.md and the ids of problems found while reading a file. The
// other rule ids name what they check ("duplicate-port-name") and are described by
// their words.
const std::map<std::string_view, std::string_view> kDescriptions = {
    {"image-latest-tag", "The image tag is mutable (latest, stable, main, ...) or the image has no pinned version"},
    {"privileged-without-drop", "A privileged container drops no capabilities"},
    {"writable-host-path", "A host path is mounted without read_only: true"},
    {"sensitive-host-path", "A sensitive host path (/, /etc, a container runtime socket, /proc, /sys) is mounted writable"},
    {"host-port", "A port uses host_port, which allows one pod per node and port"},
    {"no-readiness-probe", "No readiness probe: rollouts cannot tell a broken pod from a working one"},
    {"on-delete-strategy", "The OnDelete update strategy never rolls out updates by itself"},
    {"no-control-plane-toleration", "Control-plane nodes will get no pod (no node selector, no toleration of their taint)"},
    {"no-priority-class", "No priority class: node agents are evicted first under pressure"},
    {"default-resources", "Resources are left out, so the defaults apply silently"},
    {"yaml-syntax", "The file is not valid YAML"},
    {"binary-file", "The file is binary, not YAML text"},
    {"invalid-utf8", "The file is not UTF-8 text (invalid UTF-8, or UTF-16)"},
    {"read-error", "The file or folder cannot be read"},
    {"file-too-large", "The file is larger than planton-ds reads"},
    {"too-deep", "The YAML nesting is too deep"},
    {"too-many-documents", "The file holds too many YAML documents"},
    {"too-many-nodes", "The document holds too many YAML nodes"},
    {"alias-limit", "YAML aliases expand beyond the limit"},
    {"duplicate-key", "A key is repeated in one mapping"},
    {"duplicate-field", "A field is given in both spellings"},
    {"conflicting-fields", "Fields that exclude each other are given together"},
    {"unknown-field", "A field that the manifest format does not have"},
    {"wrong-type", "A value of the wrong type"},
};

bool is_unreserved(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

}  // namespace

std::string rule_description(const std::string& id) {
    const auto it = kDescriptions.find(id);
    if (it != kDescriptions.end()) return std::string(it->second);
    std::string text = id;
    std::replace(text.begin(), text.end(), '-', ' ');
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
    return text;
}

std::string path_to_uri(const std::string& path) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string uri = path.starts_with('/') ? "file://" : "";
    for (const char ch : path) {
        const auto c = static_cast<unsigned char>(ch);
        if (is_unreserved(c) || c == '/') {
            uri += ch;
        } else {
            uri += '%';
            uri += kHex[c >> 4];
            uri += kHex[c & 0xF];
        }
    }
    return uri;
}

nlohmann::ordered_json to_sarif(const manifest::Diagnostics& diagnostics) {
    // rules[]: every id that occurs, sorted, so that ruleIndex is stable for a given input.
    std::map<std::string, std::string> descriptions;
    for (const auto& d : diagnostics) {
        if (descriptions.count(d.id) == 0) descriptions.emplace(d.id, rule_description(d.id));
    }
    nlohmann::ordered_json rules = nlohmann::ordered_json::array();
    std::map<std::string, int> index;
    for (const auto& [id, text] : descriptions) {
        index[id] = static_cast<int>(rules.size());
        rules.push_back({{"id", id}, {"shortDescription", {{"text", text}}}});
    }

    nlohmann::ordered_json results = nlohmann::ordered_json::array();
    for (const auto& d : diagnostics) {
        nlohmann::ordered_json physical = {{"artifactLocation", {{"uri", path_to_uri(d.file)}}}};
        if (d.line > 0) {
            nlohmann::ordered_json region = {{"startLine", d.line}};
            if (d.column > 0) region["startColumn"] = d.column;
            physical["region"] = std::move(region);
        }
        results.push_back({{"ruleId", d.id},
                           {"ruleIndex", index.at(d.id)},
                           {"level", manifest::severity_name(d.severity)},
                           {"message", {{"text", d.path.empty() ? d.message : d.message + " (" + d.path + ")"}}},
                           {"locations", nlohmann::ordered_json::array({{{"physicalLocation", physical}}})}});
    }

    nlohmann::ordered_json driver = {{"name", "planton-ds"},
                                     {"informationUri", kInformationUri},
                                     {"version", PLANTON_VERSION},
                                     {"rules", std::move(rules)}};
    return {{"version", "2.1.0"},
            {"$schema", kSarifSchema},
            {"runs", nlohmann::ordered_json::array({{{"tool", {{"driver", std::move(driver)}}},
                                                     {"results", std::move(results)}}})}};
}

void write_sarif(std::ostream& out, const manifest::Diagnostics& diagnostics) {
    out << to_sarif(diagnostics).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace planton::cli
