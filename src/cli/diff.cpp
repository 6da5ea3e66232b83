#include "planton/cli/commands.hpp"
#include "planton/error.hpp"

namespace planton::cli {

CommandRunner setup_diff(CLI::App& /*sub*/, const GlobalOptions& /*globals*/) {
    return []() -> int { throw Error("'diff' is not implemented yet"); };
}

}  // namespace planton::cli
