#include "planton/cli/commands.hpp"
#include "planton/error.hpp"

namespace planton::cli {

CommandRunner setup_schema(CLI::App& /*sub*/, const GlobalOptions& /*globals*/) {
    return []() -> int { throw Error("'schema' is not implemented yet"); };
}

}  // namespace planton::cli
