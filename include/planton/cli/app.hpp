#pragma once
// The command line: parses argv with CLI11, dispatches to the subcommand of the table
// in app.cpp, and turns a planton::Error into "planton-ds: error: …" and its exit code.

namespace planton::cli {

int run(int argc, char** argv);

}  // namespace planton::cli
