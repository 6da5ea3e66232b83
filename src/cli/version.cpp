// `planton-ds version [-o text|json]` and `planton-ds --version`.
#include <iostream>

#include <nlohmann/json.hpp>

#include "planton/cli/commands.hpp"

#include "cli/build_info.hpp"

namespace planton::cli {

std::string version_line() { return std::string("planton-ds ") + PLANTON_VERSION + " (commit " + kGitCommit + ")"; }

std::string version_json() {
    nlohmann::ordered_json info;
    info["version"] = PLANTON_VERSION;
    info["commit"] = kGitCommit;
    return info.dump(2);
}

CommandRunner setup_version(CLI::App& sub, const GlobalOptions& /*globals*/) {
    auto output = std::make_shared<std::string>("text");
    sub.add_option("-o,--output", *output, "Output format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    return [output]() -> CommandResult {
        std::cout << (*output == "json" ? version_json() : version_line()) << "\n";
        return {};
    };
}

}  // namespace planton::cli
