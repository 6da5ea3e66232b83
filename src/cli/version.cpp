#include <iostream>

#include "planton/cli/commands.hpp"

namespace planton::cli {

CommandRunner setup_version(CLI::App& /*sub*/, const GlobalOptions& /*globals*/) {
    return []() -> CommandResult {
        std::cout << "planton-ds " << PLANTON_VERSION << "\n";
        return {};
    };
}

}  // namespace planton::cli
