#pragma once
// The one exception type of planton-ds. It is thrown only for the fatal case (a run
// that cannot go on) and caught once in planton::cli::run, which prints
// "planton-ds: error: <message>" and exits with exit_code. Parsing and validation never
// throw it: they collect Diagnostics instead.
#include <stdexcept>
#include <string>

namespace planton {

// Exit codes of cli.md.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // invalid manifest, cluster refused, did not converge
inline constexpr int kExitUsage = 2;    // CLI11's convention
inline constexpr int kExitCluster = 3;  // could not reach or authenticate to the cluster

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message, int exit_code = kExitFailure)
        : std::runtime_error(message), exit_code_(exit_code) {}
    int exit_code() const noexcept { return exit_code_; }

private:
    int exit_code_;
};

}  // namespace planton
