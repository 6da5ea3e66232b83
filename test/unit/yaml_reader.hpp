#pragma once
// Test-only: reads YAML text back into JSON the way a YAML 1.1 reader such as go-yaml
// (used by kubectl) would resolve plain scalars, so that tests can prove the emitter
// quotes everything a reader could take for a non-string. Quoted and block scalars
// are strings; plain scalars resolve to null / bool / int / float where YAML 1.1 or 1.2
// says so.
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace planton::test {

inline nlohmann::ordered_json resolve_plain(const std::string& s) {
    static const std::regex null_re("^(~|null|Null|NULL|)$");
    static const std::regex true_re("^(y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$");
    static const std::regex false_re("^(n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$");
    static const std::regex int_re("^[-+]?(0|[1-9][0-9_]*)$");
    static const std::regex other_int_re(
        "^[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[1-9][0-9_]*(:[0-5]?[0-9])+)$");
    // YAML 1.2 core floats, YAML 1.1 floats (a point required, `_` allowed, a signed
    // exponent), infinities and NaN.
    static const std::regex float_re(
        "^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"
        "|^[-+]?([0-9][0-9_]*)?\\.[0-9._]*([eE][-+][0-9]+)?$"
        "|^[-+]?\\.(inf|Inf|INF)$|^\\.(nan|NaN|NAN)$");
    static const std::regex timestamp_re("^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}");
    if (std::regex_match(s, null_re)) return nullptr;
    if (std::regex_match(s, true_re)) return true;
    if (std::regex_match(s, false_re)) return false;
    if (std::regex_match(s, int_re) && s.find('_') == std::string::npos) return std::stoll(s);
    if (std::regex_match(s, other_int_re) || std::regex_search(s, timestamp_re) || s == "<<" || s == "=") {
        return nlohmann::ordered_json{{"unquoted-non-string", s}};
    }
    if (s.find_first_of("0123456789") != std::string::npos && std::regex_match(s, float_re)) {
        // A YAML 1.1 float pattern match that is no number ("-..1") is ambiguous too.
        if (s.find('_') == std::string::npos && s.find("..") == std::string::npos) return std::stod(s);
        return nlohmann::ordered_json{{"unquoted-non-string", s}};
    }
    if (std::regex_match(s, float_re) && s.find("inf") != std::string::npos) {
        return nlohmann::ordered_json{{"unquoted-non-string", s}};
    }
    return s;
}

inline nlohmann::ordered_json yaml_to_json(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map: {
            nlohmann::ordered_json out = nlohmann::ordered_json::object();
            for (const auto& kv : node) out[kv.first.as<std::string>()] = yaml_to_json(kv.second);
            return out;
        }
        case YAML::NodeType::Sequence: {
            nlohmann::ordered_json out = nlohmann::ordered_json::array();
            for (const auto& item : node) out.push_back(yaml_to_json(item));
            return out;
        }
        case YAML::NodeType::Scalar:
            // yaml-cpp tags plain scalars "?" and quoted/block scalars "!".
            if (node.Tag() == "?") return resolve_plain(node.Scalar());
            return node.Scalar();
        default:
            return nullptr;
    }
}

inline std::vector<nlohmann::ordered_json> read_yaml_stream(const std::string& text) {
    std::vector<nlohmann::ordered_json> docs;
    for (const YAML::Node& doc : YAML::LoadAll(text)) docs.push_back(yaml_to_json(doc));
    return docs;
}

}  // namespace planton::test
