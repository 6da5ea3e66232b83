#include "planton/cli/commands.hpp"
#include "planton/error.hpp"

namespace planton::cli {

CommandRunner setup_apply(CLI::App& /*sub*/, const GlobalOptions& /*globals*/) {
    return []() -> int { throw Error("'apply' is not implemented yet"); };
}

}  // namespace planton::cli
