// validate::check, update_strategy: rolling_update only with RollingUpdate, and
// maxUnavailable/maxSurge as Kubernetes accepts them for DaemonSets.
#include <catch2/catch.hpp>

#include "validate_support.hpp"

namespace planton::validate {
namespace {

using test::check_cases;
using test::spec_doc;
using test::validate_messages;

// `rolling_update: {<fields>}` on line 6 (fields from column 37).
std::string rolling(std::string_view fields) {
    return spec_doc("  update_strategy: {rolling_update: {" + std::string(fields) + "}}\n");
}

TEST_CASE("rolling update values: integers and percentages", "[validate][update_strategy]") {
    check_cases({
        {"an integer", rolling("max_unavailable: 1"), {}},
        {"a quoted integer", rolling("max_unavailable: \"2\""), {}},
        {"25%", rolling("max_unavailable: 25%"), {}},
        {"100%", rolling("max_unavailable: 100%"), {}},
        {"101%",
         rolling("max_unavailable: 101%"),
         {"6:55 error [invalid-int-or-percent] (spec.update_strategy.rolling_update.max_unavailable)"}},
        {"negative",
         rolling("max_surge: -1"),
         {"6:49 error [invalid-int-or-percent] (spec.update_strategy.rolling_update.max_surge)"}},
        {"a fraction",
         rolling("max_surge: \"1.5\""),
         {"6:49 error [invalid-int-or-percent] (spec.update_strategy.rolling_update.max_surge)"}},
        {"text",
         rolling("max_unavailable: one"),
         {"6:55 error [invalid-int-or-percent] (spec.update_strategy.rolling_update.max_unavailable)"}},
        {"an empty rolling update", rolling(""), {}},
    });
    CHECK(
        validate_messages(rolling("max_unavailable: 101%")) ==
        test::Lines{R"([invalid-int-or-percent] max_unavailable "101%" must be a non-negative integer or a )"
                    R"(percentage from "0%" to "100%")"});
}

TEST_CASE("exactly one of max_unavailable and max_surge is non-zero", "[validate][update_strategy]") {
    check_cases({
        {"both zero",
         rolling("max_unavailable: 0, max_surge: 0"),
         {"6:55 error [rolling-update-all-zero] (spec.update_strategy.rolling_update.max_unavailable)"}},
        {"zero percent, surge left out",
         rolling("max_unavailable: 0%"),
         {"6:55 error [rolling-update-all-zero] (spec.update_strategy.rolling_update.max_unavailable)"}},
        {"surge zero, unavailable left out (1 by default)", rolling("max_surge: 0"), {}},
        {"unavailable zero, surge one", rolling("max_unavailable: 0, max_surge: 1"), {}},
        {"surge only", rolling("max_surge: 10%"), {}},
        {"both non-zero",
         rolling("max_unavailable: 1, max_surge: 1"),
         {"6:69 error [rolling-update-both-non-zero] (spec.update_strategy.rolling_update.max_surge)"}},
        {"both non-zero percentages",
         rolling("max_unavailable: 10%, max_surge: 10%"),
         {"6:71 error [rolling-update-both-non-zero] (spec.update_strategy.rolling_update.max_surge)"}},
        {"an invalid value is not also zero",
         rolling("max_unavailable: x, max_surge: 0"),
         {"6:55 error [invalid-int-or-percent] (spec.update_strategy.rolling_update.max_unavailable)"}},
    });
    CHECK(
        validate_messages(rolling("max_unavailable: 0, max_surge: 0")) ==
        test::Lines{
            "[rolling-update-all-zero] max_unavailable and max_surge cannot both be 0, or the rollout could "
            "never replace a pod"});
}

TEST_CASE("strategy types", "[validate][update_strategy]") {
    check_cases({
        {"RollingUpdate",
         spec_doc("  update_strategy: {type: RollingUpdate, rolling_update: {max_unavailable: 1}}\n"),
         {}},
        {"left out type", spec_doc("  update_strategy: {type: \"\"}\n"), {}},
        {"OnDelete", spec_doc("  update_strategy: {type: OnDelete}\n"), {}},
        {"OnDelete with a rolling update",
         spec_doc("  update_strategy: {type: OnDelete, rolling_update: {max_unavailable: 1}}\n"),
         {"6:53 error [rolling-update-with-on-delete] (spec.update_strategy.rolling_update)"}},
    });
    CHECK(validate_messages(spec_doc("  update_strategy: {type: OnDelete, rolling_update: {}}\n")) ==
          test::Lines{"[rolling-update-with-on-delete] rolling_update cannot be used with type: OnDelete"});
}

}  // namespace
}  // namespace planton::validate
