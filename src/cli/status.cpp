#include "planton/cli/commands.hpp"
#include "planton/error.hpp"

namespace planton::cli {

CommandRunner setup_status(CLI::App& /*sub*/, const GlobalOptions& /*globals*/) {
    return []() -> int { throw Error("'status' is not implemented yet"); };
}

}  // namespace planton::cli
