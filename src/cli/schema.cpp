#include "planton/manifest/schema.hpp"

#include <iostream>

#include "planton/cli/commands.hpp"

namespace planton::cli {

CommandRunner setup_schema(CLI::App& sub, const GlobalOptions& /*globals*/) {
    sub.footer(
        "Save the output (planton-ds schema > planton-ds.schema.json) and start a manifest with\n"
        "  # yaml-language-server: $schema=./planton-ds.schema.json");
    return []() -> CommandResult {
        std::cout << manifest::json_schema().dump(2) << "\n";
        return {};
    };
}

}  // namespace planton::cli
