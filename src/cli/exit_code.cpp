#include "cli/exit_code.hpp"

namespace planton::cli {

int exit_code(const CommandResult& result, ExitConvention convention) {
    if (!result.failure) return result.differences ? 1 : 0;
    switch (result.failure->kind) {
        case FailureKind::Usage:
            return 2;
        case FailureKind::Unreachable:
            return 3;
        case FailureKind::Invalid:
        case FailureKind::Refused:
        case FailureKind::TimedOut:
        case FailureKind::NotConverged:
            return convention == ExitConvention::diff ? 3 : 1;
    }
    return 1;
}

}  // namespace planton::cli
