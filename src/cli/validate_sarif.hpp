#pragma once
// `planton-ds validate -o sarif`: the diagnostics as SARIF 2.1.0, the format that
// code-scanning tools (GitHub code scanning, IDE viewers) read.
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "planton/manifest/diagnostic.hpp"

namespace planton::cli {

// One run of the tool "planton-ds" (its version and rules[] — each diagnostic id that
// occurs, sorted, with a short description) and one result per diagnostic:
// ruleId/ruleIndex, level error|warning, message.text, and the location as the file
// name given on the command line (percent-escaped as a URI reference) with
// startLine/startColumn when known.
nlohmann::ordered_json to_sarif(const manifest::Diagnostics& diagnostics);

void write_sarif(std::ostream& out, const manifest::Diagnostics& diagnostics);

// A path as a URI reference: unreserved characters and '/' stay, every other byte is
// written %XX; an absolute path becomes a file:// URI.
std::string path_to_uri(const std::string& path);

// What a diagnostic id checks, for SARIF's rules[]: a sentence for the lint and
// file-level ids, else the id's words ("duplicate-port-name" -> "Duplicate port name").
std::string rule_description(const std::string& id);

}  // namespace planton::cli
