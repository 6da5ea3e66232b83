#include "planton/cli/commands.hpp"
#include "planton/error.hpp"

namespace planton::cli {

CommandRunner setup_validate(CLI::App& /*sub*/, const GlobalOptions& /*globals*/) {
    return []() -> int { throw Error("'validate' is not implemented yet"); };
}

}  // namespace planton::cli
