// `planton-ds schema` prints the generated JSON Schema on stdout.
#include <catch2/catch.hpp>

#include <iostream>
#include <sstream>

#include "planton/cli/app.hpp"
#include "planton/manifest/schema.hpp"

namespace planton::cli {
namespace {

// Runs the CLI with `args`, returning its exit code and what it printed on stdout.
std::pair<int, std::string> run_cli(std::vector<std::string> args) {
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    std::ostringstream captured;
    std::streambuf* saved = std::cout.rdbuf(captured.rdbuf());
    const int code = run(static_cast<int>(argv.size()), argv.data());
    std::cout.rdbuf(saved);
    return {code, captured.str()};
}

TEST_CASE("planton-ds schema prints a draft 2020-12 JSON Schema", "[cli][schema]") {
    const auto [code, out] = run_cli({"planton-ds", "schema"});
    CHECK(code == 0);
    REQUIRE(nlohmann::json::accept(out));
    const auto schema = nlohmann::ordered_json::parse(out);
    CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");
    CHECK(schema["title"] == "planton-ds KubernetesDaemonSet manifest");
    CHECK(schema == manifest::json_schema());
    CHECK(out.back() == '\n');
    const auto& app = schema["$defs"]["AppContainer"]["properties"];
    CHECK(app["volume_mounts"] == app["volumeMounts"]);
    CHECK(app["volume_mounts"]["items"]["$ref"] == "#/$defs/VolumeMount");
}

}  // namespace
}  // namespace planton::cli
