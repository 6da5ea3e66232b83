// cli.md's exit codes: every failure kind under both conventions, decided by one function.
#include <catch2/catch.hpp>

#include "cli/exit_code.hpp"

using planton::Failure;
using planton::FailureKind;
using planton::cli::CommandResult;
using planton::cli::exit_code;
using planton::cli::ExitConvention;

TEST_CASE("exit codes of cli.md, for every kind of failure", "[cli][exit]") {
    struct Case {
        FailureKind kind;
        int standard;
        int diff;
    };
    const Case cases[] = {
        {FailureKind::Usage, 2, 2},       {FailureKind::Invalid, 1, 3},  {FailureKind::Refused, 1, 3},
        {FailureKind::Unreachable, 3, 3}, {FailureKind::TimedOut, 1, 3}, {FailureKind::NotConverged, 1, 3},
    };
    for (const Case& c : cases) {
        INFO(planton::failure_kind_name(c.kind));
        const CommandResult failed{Failure{c.kind, "why"}};
        CHECK(exit_code(failed, ExitConvention::standard) == c.standard);
        CHECK(exit_code(failed, ExitConvention::diff) == c.diff);
        // A failure wins over differences found before it.
        CHECK(exit_code(CommandResult{Failure{c.kind, ""}, true}, ExitConvention::diff) == c.diff);
    }
}

TEST_CASE("success, and diff's differences", "[cli][exit]") {
    CHECK(exit_code(CommandResult{}, ExitConvention::standard) == 0);
    CHECK(exit_code(CommandResult{}, ExitConvention::diff) == 0);
    CHECK(exit_code(CommandResult{std::nullopt, true}, ExitConvention::diff) == 1);
}
