// What a run over several manifests or contexts ends with: the summary line, the table,
// the JSON forms and the failure that decides the exit code (cli.md "Many manifests",
// "Many clusters").
#include <catch2/catch.hpp>

#include "cli/run_report.hpp"
#include "run_support.hpp"

using planton::Failure;
using planton::FailureKind;
using planton::cli::ContextOutcome;
using planton::cli::ManifestResult;
using planton::cli::RenderedManifest;
using planton::test::daemonset_manifest;
using std::chrono::milliseconds;

namespace {

ManifestResult done(const std::string& result, bool changed, long long desired, long long ready) {
    ManifestResult r;
    r.result = result;
    r.changed = changed;
    r.desired = desired;
    r.ready = ready;
    return r;
}

ManifestResult failed(FailureKind kind, const std::string& message) {
    ManifestResult r;
    r.failure = Failure{kind, message};
    return r;
}

ContextOutcome context(const std::string& name, std::vector<ManifestResult> manifests,
                       std::chrono::milliseconds duration) {
    ContextOutcome outcome;
    outcome.context = name;
    outcome.started = true;
    outcome.manifests = std::move(manifests);
    outcome.duration = duration;
    return outcome;
}

}  // namespace

TEST_CASE("run report: the summary line counts each result, failures as failed or unreachable",
          "[cli][report]") {
    CHECK(planton::cli::manifest_summary({done("rolled out", true, 3, 3), done("unchanged", false, 3, 3),
                                          failed(FailureKind::NotConverged, "pod x is in ImagePullBackOff"),
                                          done("rolled out", true, 2, 2)}) ==
          "4 manifests: 2 rolled out, 1 unchanged, 1 failed");
    CHECK(planton::cli::manifest_summary({failed(FailureKind::Unreachable, "cannot connect"),
                                          failed(FailureKind::Unreachable, "cannot connect")}) ==
          "2 manifests: 2 unreachable");
}

TEST_CASE("run report: a context's result", "[cli][report]") {
    using planton::cli::context_result;
    CHECK(context_result(context("a", {done("unchanged", false, 1, 1), done("rolled out", true, 2, 2)},
                                 milliseconds(1000))) == "rolled out");
    CHECK(context_result(context("a", {done("unchanged", false, 1, 1)}, milliseconds(1000))) == "unchanged");
    CHECK(context_result(
              context("a",
                      {done("rolled out", true, 1, 1),
                       failed(FailureKind::Refused, "cannot apply x: forbidden (403)\n  applied: none")},
                      milliseconds(1000))) == "failed: cannot apply x: forbidden (403)");
    CHECK(context_result(context("a", {failed(FailureKind::Unreachable, "cannot connect to …")},
                                 milliseconds(1000))) == "unreachable");
    ContextOutcome setup = context("b", {}, milliseconds(0));
    setup.failure = Failure{FailureKind::Unreachable, "the exec plugin failed"};
    CHECK(context_result(setup) == "unreachable");
    ContextOutcome waiting;
    waiting.context = "c";
    CHECK(context_result(waiting) == "not started");
}

TEST_CASE("run report: a short reason is the first line, cut", "[cli][report]") {
    using planton::cli::short_reason;
    CHECK(short_reason(Failure{FailureKind::TimedOut, ""}) == "timed out");
    CHECK(short_reason(Failure{FailureKind::Refused, "abcdefghij\nmore"}, 5) == "abcd…");
    CHECK(short_reason(Failure{FailureKind::Refused, "ééééé"}, 5) == "ééééé");
    CHECK(short_reason(Failure{FailureKind::Refused, "éééééé"}, 5) == "éééé…");
}

TEST_CASE("run report: durations", "[cli][report]") {
    using planton::cli::duration_text;
    CHECK(duration_text(milliseconds(0)) == "0.0s");
    CHECK(duration_text(milliseconds(449)) == "0.4s");
    CHECK(duration_text(milliseconds(12'050)) == "12.1s");
    CHECK(duration_text(milliseconds(59'940)) == "59.9s");
    CHECK(duration_text(milliseconds(59'960)) == "1m00s");
    CHECK(duration_text(milliseconds(125'000)) == "2m05s");
}

TEST_CASE("run report: the fleet table, in the order given", "[cli][report]") {
    ContextOutcome setup = context("kind-d", {}, milliseconds(120));
    setup.failure = Failure{FailureKind::Unreachable, "cannot connect"};
    ContextOutcome waiting;
    waiting.context = "kind-e";
    const std::vector<ContextOutcome> outcomes = {
        context("kind-a", {done("rolled out", true, 3, 3), done("unchanged", false, 2, 2)},
                milliseconds(4'200)),
        context("kind-bb", {done("unchanged", false, 3, 3)}, milliseconds(300)),
        context("kind-c", {failed(FailureKind::Refused, "cannot apply daemonset.apps/x: forbidden (403)")},
                milliseconds(100)),
        setup,
        waiting,
    };
    CHECK(planton::cli::fleet_table(outcomes) ==
          "CONTEXT  RESULT                                                  DESIRED/READY  DURATION\n"
          "kind-a   rolled out                                              5/5            4.2s\n"
          "kind-bb  unchanged                                               3/3            0.3s\n"
          "kind-c   failed: cannot apply daemonset.apps/x: forbidden (403)  -              0.1s\n"
          "kind-d   unreachable                                             -              0.1s\n"
          "kind-e   not started                                             -              -\n"
          "5 contexts: 1 rolled out, 1 unchanged, 1 failed, 1 unreachable, 1 not started\n");
    CHECK(planton::cli::finished_line(outcomes[0]) == "rolled out (5/5 ready, 4.2s)");
    CHECK(planton::cli::finished_line(outcomes[3]) == "unreachable (0.1s)");
    CHECK(planton::cli::first_failure(outcomes[2])->kind == FailureKind::Refused);
    CHECK(planton::cli::first_failure(outcomes[3])->message == "cannot connect");
    CHECK_FALSE(planton::cli::first_failure(outcomes[0]));
}

TEST_CASE("run report: JSON of one manifest, of several, of a fleet", "[cli][report]") {
    const std::vector<RenderedManifest> one = {daemonset_manifest("fluentd", "logging")};
    ManifestResult ok = done("rolled out", true, 3, 3);
    ok.json = nlohmann::ordered_json{{"namespace", "logging"}, {"daemonset_name", "fluentd"}};
    CHECK(planton::cli::manifests_json(one, {ok}).dump() ==
          R"({"namespace":"logging","daemonset_name":"fluentd"})");

    const std::vector<RenderedManifest> two = {daemonset_manifest("fluentd", "logging"),
                                               daemonset_manifest("exporter", "monitoring")};
    const std::vector<ManifestResult> results = {
        ok, failed(FailureKind::NotConverged, "pod x is in ErrImagePull")};
    CHECK(planton::cli::manifests_json(two, results).dump() ==
          R"([{"namespace":"logging","daemonset_name":"fluentd"},)"
          R"({"namespace":"monitoring","daemonset_name":"exporter","error":"pod x is in ErrImagePull"}])");

    ContextOutcome setup = context("b", {}, milliseconds(250));
    setup.failure = Failure{FailureKind::Unreachable, "cannot connect"};
    ContextOutcome waiting;
    waiting.context = "c";
    CHECK(
        planton::cli::fleet_json(one, {context("a", {ok}, milliseconds(1'500)), setup, waiting}).dump() ==
        R"({"a":{"result":"rolled out","desired":3,"ready":3,"duration_seconds":1.5,)"
        R"("output":{"namespace":"logging","daemonset_name":"fluentd"}},)"
        R"("b":{"result":"unreachable","desired":null,"ready":null,"duration_seconds":0.25,"error":"cannot connect"},)"
        R"("c":{"result":"not started"}})");
}
