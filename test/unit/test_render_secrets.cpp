// objects.md rows 8 and 9: the env Secret for literal secrets and the image pull Secret;
// both with base64 `data`, never `stringData`.
#include <catch2/catch.hpp>

#include "render_support.hpp"

using namespace planton::test;  // NOLINT: test helpers
using planton::render::Options;

TEST_CASE("literal env secrets go into <name>-env-secrets, sorted, base64", "[render][secret]") {
    auto objects = render_ok(manifest_yaml(
        "",
        "      env:\n        secrets:\n          ZED: zzz\n          ALPHA: {value: \"p@ss: w0rd\"}\n"
        "          REF: {secret_ref: {name: other, key: k}}\n"));
    Object secret = find_object(objects, "Secret");
    CHECK(keys(secret) == std::vector<std::string>{"apiVersion", "kind", "metadata", "data", "type"});
    CHECK(secret["metadata"]["name"] == "agent-env-secrets");
    CHECK(secret["metadata"]["namespace"] == "ops");
    CHECK(secret["type"] == "Opaque");
    CHECK_FALSE(secret.contains("stringData"));
    // base64 of "p@ss: w0rd" and "zzz"; the secret_ref is not copied.
    CHECK(secret["data"] == Object::parse(R"({"ALPHA": "cEBzczogdzByZA==", "ZED": "enp6"})"));
    CHECK(keys(secret["data"]) == std::vector<std::string>{"ALPHA", "ZED"});
}

TEST_CASE("base64 of every length, and of bytes beyond ASCII", "[render][secret]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", ""},        {"f", "Zg=="},        {"fo", "Zm8="},
        {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"\xc3\xa9\xff", "w6n/"}};
    for (const auto& [plain, encoded] : cases) {
        INFO(plain);
        // A docker config file may hold any bytes; the manifest's text is UTF-8.
        Object pull = find_object(render_ok(manifest_yaml(), Options{plain}), "Secret");
        CHECK(pull["data"][".dockerconfigjson"] == encoded);
        if (plain.find('\xff') != std::string::npos) continue;
        Object env =
            find_object(render_ok(manifest_yaml("", "      env: {secrets: {S: \"" + plain + "\"}}\n")),
                        "Secret", "agent-env-secrets");
        CHECK(env["data"]["S"] == encoded);
    }
}

TEST_CASE("only secret references: no env Secret", "[render][secret]") {
    auto objects =
        render_ok(manifest_yaml("", "      env: {secrets: {REF: {secret_ref: {name: other, key: k}}}}\n"));
    CHECK_FALSE(has_kind(objects, "Secret"));
}

TEST_CASE("the image pull Secret from the stack input's docker_config_json", "[render][secret]") {
    std::string body = manifest_yaml("  create_namespace: true\n", "      env: {secrets: {TOKEN: t}}\n");
    std::string stack = "target:\n";
    for (std::size_t start = 0; start < body.size();) {
        std::size_t end = body.find('\n', start);
        stack += "  " + body.substr(start, end - start + 1);
        start = end + 1;
    }
    stack += "docker_config_json: '{\"auths\":{}}'\n";
    auto objects = render_ok(stack);
    CHECK(kinds_and_names(objects) == std::vector<std::string>{"Namespace/ops", "Secret/agent-env-secrets",
                                                               "Secret/agent-image-pull-secret",
                                                               "DaemonSet/agent"});
    Object pull = find_object(objects, "Secret", "agent-image-pull-secret");
    CHECK(pull["type"] == "kubernetes.io/dockerconfigjson");
    CHECK(pull["data"] == Object::parse(R"({".dockerconfigjson": "eyJhdXRocyI6e319"})"));
    CHECK(find_object(objects, "DaemonSet")["spec"]["template"]["spec"]["imagePullSecrets"] ==
          Object::parse(R"([{"name": "agent-image-pull-secret"}])"));

    // --docker-config-json wins over the stack input's.
    Object from_file =
        find_object(render_ok(stack, Options{std::string("{}")}), "Secret", "agent-image-pull-secret");
    CHECK(from_file["data"][".dockerconfigjson"] == "e30=");
}

TEST_CASE("imagePullSecrets: the named Secret, then the rendered one", "[render][secret]") {
    const std::string yaml =
        replace_once(manifest_yaml(), kDefaultImage,
                     "      image: {repo: busybox, tag: \"1.36\", pull_secret_name: regcred}\n");
    CHECK(pod_spec_of(yaml)["imagePullSecrets"] == Object::parse(R"([{"name": "regcred"}])"));
    Object pod =
        find_object(render_ok(yaml, Options{std::string("{}")}), "DaemonSet")["spec"]["template"]["spec"];
    CHECK(pod["imagePullSecrets"] ==
          Object::parse(R"([{"name": "regcred"}, {"name": "agent-image-pull-secret"}])"));
    CHECK_FALSE(pod_spec_of(manifest_yaml()).contains("imagePullSecrets"));
}
