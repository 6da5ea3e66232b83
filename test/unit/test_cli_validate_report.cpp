// The output formats of `planton-ds validate`: text with the summary line, JSON and
// SARIF 2.1.0.
#include <catch2/catch.hpp>

#include <sstream>

#include "cli/validate_report.hpp"
#include "cli/validate_sarif.hpp"

namespace planton::cli {
namespace {

using manifest::Diagnostic;
using manifest::Severity;

Diagnostic make(std::string file, int line, int column, Severity severity = Severity::error,
                std::string id = "wrong-type", std::string path = "spec.x") {
    return Diagnostic{severity,        std::move(id),   "message at " + std::to_string(line),
                      std::move(path), std::move(file), line,
                      column};
}

ValidationReport sample() {
    ValidationReport report;
    report.files = 2;
    report.documents = 3;
    report.diagnostics = {
        make("a.yaml", 0, 0, Severity::error, "read-error", ""),
        make("a.yaml", 4, 3, Severity::warning, "host-port", "spec.container.app.ports[0].host_port"),
        make("dir/b c.yaml", 12, 7),
    };
    return report;
}

TEST_CASE("diagnostics sort by file, then line and column, keeping ties in order", "[cli][validate]") {
    manifest::Diagnostics list = {make("b.yaml", 1, 1), make("a.yaml", 10, 2), make("a.yaml", 2, 9),
                                  make("a.yaml", 10, 1), make("a.yaml", 0, 0)};
    list.push_back(make("a.yaml", 2, 9, Severity::warning, "host-port"));
    sort_diagnostics(list);
    std::vector<std::string> order;
    for (const auto& d : list)
        order.push_back(d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ":" + d.id);
    CHECK(order == std::vector<std::string>{"a.yaml:0:0:wrong-type", "a.yaml:2:9:wrong-type",
                                            "a.yaml:2:9:host-port", "a.yaml:10:1:wrong-type",
                                            "a.yaml:10:2:wrong-type", "b.yaml:1:1:wrong-type"});
}

TEST_CASE("the summary line counts files, documents, errors, warnings and skipped documents",
          "[cli][validate]") {
    ValidationReport report;
    CHECK(summary_line(report) == "0 files, 0 documents: 0 errors, 0 warnings");
    report.files = 1;
    report.documents = 1;
    report.diagnostics = {make("a.yaml", 1, 1), make("a.yaml", 2, 1, Severity::warning)};
    CHECK(summary_line(report) == "1 file, 1 document: 1 error, 1 warning");
    report = sample();
    report.skipped = 1;
    CHECK(summary_line(report) == "2 files, 3 documents: 2 errors, 1 warning, 1 skipped");
}

TEST_CASE("text output is one line per diagnostic, then the summary", "[cli][validate]") {
    std::ostringstream out;
    write_text(out, sample());
    CHECK(out.str() ==
          "a.yaml: error: [read-error] message at 0\n"
          "a.yaml:4:3: warning: [host-port] message at 4 (spec.container.app.ports[0].host_port)\n"
          "dir/b c.yaml:12:7: error: [wrong-type] message at 12 (spec.x)\n"
          "2 files, 3 documents: 2 errors, 1 warning\n");
}

TEST_CASE("JSON output is one array of diagnostics with every field", "[cli][validate]") {
    std::ostringstream out;
    write_json(out, sample());
    const auto list = nlohmann::ordered_json::parse(out.str());
    REQUIRE(list.size() == 3);
    CHECK(list[1].dump() == R"({"file":"a.yaml","line":4,"column":3,"severity":"warning","id":"host-port",)"
                            R"("path":"spec.container.app.ports[0].host_port","message":"message at 4"})");
    CHECK(list[0]["line"] == 0);
    CHECK(list[0]["path"] == "");

    std::ostringstream empty;
    write_json(empty, ValidationReport{});
    CHECK(empty.str() == "[]\n");
}

TEST_CASE("JSON output replaces bytes that are not UTF-8 instead of failing", "[cli][validate]") {
    ValidationReport report;
    report.diagnostics = {make("bad\xff.yaml", 1, 1)};
    std::ostringstream out;
    write_json(out, report);
    CHECK(nlohmann::json::parse(out.str())[0]["file"] == "bad\xEF\xBF\xBD.yaml");
}

TEST_CASE("SARIF output follows SARIF 2.1.0", "[cli][validate]") {
    const auto sarif = to_sarif(sample().diagnostics);
    CHECK(sarif["version"] == "2.1.0");
    CHECK(sarif["$schema"] ==
          "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json");
    REQUIRE(sarif["runs"].size() == 1);
    const auto& run = sarif["runs"][0];
    const auto& driver = run["tool"]["driver"];
    CHECK(driver["name"] == "planton-ds");
    CHECK(driver["version"] == PLANTON_VERSION);
    CHECK(driver["informationUri"] == "https://project-planton.org");
    // rules[]: each id once, sorted, with a description.
    CHECK(
        driver["rules"].dump() ==
        R"([{"id":"host-port","shortDescription":{"text":"A port uses host_port, which allows one pod per node and port"}},)"
        R"({"id":"read-error","shortDescription":{"text":"The file or folder cannot be read"}},)"
        R"({"id":"wrong-type","shortDescription":{"text":"A value of the wrong type"}}])");

    REQUIRE(run["results"].size() == 3);
    CHECK(run["results"][1].dump() ==
          R"({"ruleId":"host-port","ruleIndex":0,"level":"warning",)"
          R"j("message":{"text":"message at 4 (spec.container.app.ports[0].host_port)"},)j"
          R"("locations":[{"physicalLocation":{"artifactLocation":{"uri":"a.yaml"},)"
          R"("region":{"startLine":4,"startColumn":3}}}]})");
    // A file-level problem has no region; names are escaped as URI references.
    CHECK(run["results"][0]["locations"][0]["physicalLocation"].dump() ==
          R"({"artifactLocation":{"uri":"a.yaml"}})");
    CHECK(run["results"][0]["ruleIndex"] == 1);
    CHECK(run["results"][2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
          "dir/b%20c.yaml");
    CHECK(run["results"][2]["level"] == "error");
}

TEST_CASE("SARIF rules without a sentence of their own are described by their id's words",
          "[cli][validate]") {
    const auto sarif = to_sarif({make("a.yaml", 3, 1, Severity::error, "duplicate-port-name"),
                                 make("a.yaml", 9, 1, Severity::error, "duplicate-port-name")});
    CHECK(sarif["runs"][0]["tool"]["driver"]["rules"].dump() ==
          R"([{"id":"duplicate-port-name","shortDescription":{"text":"Duplicate port name"}}])");
    CHECK(rule_description("no-readiness-probe") ==
          "No readiness probe: rollouts cannot tell a broken pod from a working one");
    CHECK(to_sarif({})["runs"][0]["results"] == nlohmann::ordered_json::array());
}

TEST_CASE("paths become URI references", "[cli][validate]") {
    CHECK(path_to_uri("manifests/examples/fluent-bit.yaml") == "manifests/examples/fluent-bit.yaml");
    CHECK(path_to_uri("a b/c#1%.yml") == "a%20b/c%231%25.yml");
    CHECK(path_to_uri("/abs/x.yaml") == "file:///abs/x.yaml");
    CHECK(path_to_uri("<stdin>") == "%3Cstdin%3E");
    CHECK(path_to_uri("caf\xC3\xA9.yaml") == "caf%C3%A9.yaml");
}

}  // namespace
}  // namespace planton::cli
