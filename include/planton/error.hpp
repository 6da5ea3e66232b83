#pragma once
// What went wrong, as one small value that travels from where it happened to the
// command line: a Failure is a kind and a message. Cluster operations return it in their
// results; planton::Error, the one exception type, carries it for the fatal case (a run
// that cannot go on) and is caught once, in planton::cli::run. Which exit code a kind
// gets is not decided here but by the command line, in one function
// (cli/exit_code.hpp) — leveldb's Status is the model: the category travels, the policy
// stays with the caller. Parsing and validation never throw: they collect Diagnostics.
#include <stdexcept>
#include <string>
#include <utility>

namespace planton {

enum class FailureKind {
    Usage,         // the command line is wrong: a missing argument, a value out of range
    Invalid,       // the input is not usable: a manifest with errors, a file that is not what
                   // it should be, output that cannot be written
    Refused,       // the cluster answered no: forbidden, conflict, invalid, not found, an
                   // immutable field, an answer that cannot be read
    Unreachable,   // the cluster could not be used: not reached, TLS, credentials refused or
                   // not obtained, a kubeconfig that does not say how to reach it
    TimedOut,      // a wait for the cluster ran out of time
    NotConverged,  // the cluster took the change but did not get there: a pod that cannot
                   // start, the DaemonSet deleted while waiting, not deployed at all
};

// "usage", "invalid", "refused", "unreachable", "timed out", "not converged".
inline const char* failure_kind_name(FailureKind kind) {
    switch (kind) {
        case FailureKind::Usage:
            return "usage";
        case FailureKind::Invalid:
            return "invalid";
        case FailureKind::Refused:
            return "refused";
        case FailureKind::Unreachable:
            return "unreachable";
        case FailureKind::TimedOut:
            return "timed out";
        case FailureKind::NotConverged:
            return "not converged";
    }
    return "";
}

struct Failure {
    FailureKind kind = FailureKind::Refused;
    // For the user: what failed and why, in whole sentences ("cannot apply
    // daemonset.apps/fluentd: forbidden (403): …"). Empty when the details were printed
    // already (validate's diagnostics).
    std::string message;
};

class Error : public std::runtime_error {
public:
    Error(FailureKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    explicit Error(const Failure& failure) : Error(failure.kind, failure.message) {}
    FailureKind kind() const noexcept { return kind_; }
    Failure failure() const { return {kind_, what()}; }

private:
    FailureKind kind_;
};

}  // namespace planton
