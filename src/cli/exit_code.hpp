#pragma once
// cli.md's exit codes, decided here and nowhere else. The layers below say what went
// wrong as a Failure (a kind and a message, planton/error.hpp); each command says how it
// ended as a CommandResult; cli::run turns that into the number, with this function.
#include "planton/cli/commands.hpp"

namespace planton::cli {

// standard: 0 success; 1 an invalid manifest, a refusal, a timeout, a rollout that did
//           not converge; 2 a usage error; 3 a cluster that could not be reached or
//           would not take the credentials.
// diff:     0 no differences; 1 differences; 2 a usage error; 3 any other failure (an
//           invalid manifest included), as kubectl diff uses codes above 1.
int exit_code(const CommandResult& result, ExitConvention convention);

}  // namespace planton::cli
