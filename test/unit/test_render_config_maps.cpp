// objects.md row 7 and the config hash: one ConfigMap per entry, sorted by name, one
// data key equal to the name; a change of content rolls the pods.
#include <catch2/catch.hpp>

#include "render_support.hpp"

using namespace planton::test;  // NOLINT: test helpers

namespace {

std::string config_hash(const std::string& yaml, const planton::render::Options& options = {}) {
    return daemonset_of(yaml,
                        options)["spec"]["template"]["metadata"]["annotations"]["planton.ai/config-hash"];
}

}  // namespace

TEST_CASE("ConfigMaps sorted by name, each with its content under its own name", "[render][config-map]") {
    auto objects =
        render_ok(manifest_yaml("  config_maps:\n    zeta: z\n    alpha: |\n      line 1\n      line 2\n"));
    REQUIRE(kinds_and_names(objects) ==
            std::vector<std::string>{"ConfigMap/alpha", "ConfigMap/zeta", "DaemonSet/agent"});
    const Object& alpha = objects[0];
    CHECK(keys(alpha) == std::vector<std::string>{"apiVersion", "kind", "metadata", "data"});
    CHECK(alpha["apiVersion"] == "v1");
    CHECK(alpha["metadata"]["namespace"] == "ops");
    CHECK(alpha["data"] == Object::parse(R"({"alpha": "line 1\nline 2\n"})"));
    CHECK(objects[1]["data"] == Object::parse(R"({"zeta": "z"})"));
}

TEST_CASE("config hash: SHA-256 hex, stable, changed by config content only", "[render][config-map]") {
    const std::string base = manifest_yaml("  config_maps: {conf: a}\n");
    const std::string hash = config_hash(base);
    CHECK(hash.size() == 64);
    CHECK(hash.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(config_hash(base) == hash);
    CHECK(config_hash(manifest_yaml("  config_maps: {conf: b}\n")) != hash);
    // Another image changes the pods anyway; it is no config change.
    CHECK(config_hash(replace_once(base, "\"1.36\"", "\"1.37\"")) == hash);
}

TEST_CASE("config hash covers the env Secret and the image pull Secret", "[render][config-map]") {
    const std::string none = config_hash(manifest_yaml());
    // SHA-256 of nothing: no ConfigMap and no Secret.
    CHECK(none == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const std::string with_secret = config_hash(manifest_yaml("", "      env: {secrets: {TOKEN: one}}\n"));
    CHECK(with_secret != none);
    CHECK(config_hash(manifest_yaml("", "      env: {secrets: {TOKEN: two}}\n")) != with_secret);
    const std::string pull_a =
        config_hash(manifest_yaml(), planton::render::Options{std::string("{\"a\":1}")});
    const std::string pull_b =
        config_hash(manifest_yaml(), planton::render::Options{std::string("{\"b\":1}")});
    CHECK(pull_a != none);
    CHECK(pull_a != pull_b);
}
