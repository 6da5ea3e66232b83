// validate::check, the app container: image reference, resources with their defaults,
// security context.
#include <catch2/catch.hpp>

#include "validate_support.hpp"

namespace planton::validate {
namespace {

using test::app_doc;
using test::check_cases;
using test::validate_messages;

// The app image's repo on line 10 and tag on line 11 (values from column 15 and 14).
std::string image_doc(std::string_view repo, std::string_view tag, std::string_view extra = "") {
    return "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\nmetadata:\n  name: "
           "agent\n"
           "spec:\n  namespace: agents\n  container:\n    app:\n      image:\n        repo: " +
           std::string(repo) + "\n        tag: " + std::string(tag) + "\n" + std::string(extra);
}

const std::string kDigest = "sha256:" + std::string(64, 'a');

TEST_CASE("image repo and tag", "[validate][container]") {
    check_cases({
        {"registry, path and tag", image_doc("docker.io/fluent/fluentd", "v1.16-debian-1"), {}},
        {"registry with port", image_doc("registry.example.com:5000/team/agent", "\"2.4.1\""), {}},
        {"localhost registry, separators", image_doc("localhost/team_a/agent__x.y-z", "latest_1"), {}},
        {"a digest as the tag", image_doc("quay.io/agent", kDigest), {}},
        {"a tag of 128 characters", image_doc("agent", std::string(128, 't')), {}},
        {"repo with a tag",
         image_doc("nginx:1.25", "\"1.25\""),
         {"10:15 error [invalid-image] (spec.container.app.image.repo)"}},
        {"repo with a digest",
         image_doc("nginx@" + kDigest, "x"),
         {"10:15 error [invalid-image] (spec.container.app.image.repo)"}},
        {"upper case repo",
         image_doc("Fluent/Fluentd", "x"),
         {"10:15 error [invalid-image] (spec.container.app.image.repo)"}},
        {"empty path part",
         image_doc("team//agent", "x"),
         {"10:15 error [invalid-image] (spec.container.app.image.repo)"}},
        {"a trailing separator",
         image_doc("agent-", "x"),
         {"10:15 error [invalid-image] (spec.container.app.image.repo)"}},
        {"a short digest",
         image_doc("agent", "sha256:abc"),
         {"11:14 error [invalid-image] (spec.container.app.image.tag)"}},
        {"a tag of 129 characters",
         image_doc("agent", std::string(129, 't')),
         {"11:14 error [invalid-image] (spec.container.app.image.tag)"}},
        {"a tag starting with a dot",
         image_doc("agent", ".x"),
         {"11:14 error [invalid-image] (spec.container.app.image.tag)"}},
        {"a tag with a space",
         image_doc("agent", "1.0 beta"),
         {"11:14 error [invalid-image] (spec.container.app.image.tag)"}},
        {"pull secret name",
         image_doc("agent", "x", "        pull_secret_name: Reg_Cred\n"),
         {"12:27 error [invalid-name] (spec.container.app.image.pull_secret_name)"}},
    });
    CHECK(
        validate_messages(image_doc("nginx:1.25", "\"1.25\"")) ==
        test::Lines{
            R"([invalid-image] image repo "nginx:1.25" must not contain a tag ("1.25"); give it as the tag)"});
    CHECK(validate_messages(image_doc("agent", "sha256:abc")) ==
          test::Lines{
              R"([invalid-image] image tag "sha256:abc" must be a digest of 64 lowercase hex digits after )"
              R"("sha256:")"});
}

TEST_CASE("resources: quantities, and requests within limits (defaults included)", "[validate][container]") {
    check_cases({
        {"valid quantities",
         app_doc("      resources:\n        limits: {cpu: \"1.5\", memory: 1Gi}\n        requests: {cpu: "
                 "100m, memory: "
                 "1e8}\n"),
         {}},
        {"equal request and limit in other units",
         app_doc("      resources:\n        limits: {cpu: \"1\", memory: 1Gi}\n        requests: {cpu: "
                 "1000m, memory: "
                 "1024Mi}\n"),
         {}},
        {"a request of 1 under the default limit of 1000m",
         app_doc("      resources:\n        requests: {cpu: 1, memory: 100Mi}\n"), {}},
        {"decimal fractions equal to milli-units, either way round",
         app_doc("      resources:\n        limits: {cpu: 100m, memory: 0.1Gi}\n        requests: {cpu: \"0.1\", "
                 "memory: 102.4Mi}\n"),
         {}},
        {"not quantities",
         app_doc("      resources:\n        limits: {cpu: 1 core, memory: 1GB}\n        requests: {cpu: "
                 "\"-1\", memory: "
                 "m}\n"),
         {"11:23 error [invalid-quantity] (spec.container.app.resources.limits.cpu)",
          "11:39 error [invalid-quantity] (spec.container.app.resources.limits.memory)",
          "12:25 error [invalid-quantity] (spec.container.app.resources.requests.cpu)",
          "12:39 error [invalid-quantity] (spec.container.app.resources.requests.memory)"}},
        {"a request above its limit",
         app_doc(
             "      resources:\n        limits: {cpu: 500m, memory: 128Mi}\n        requests: {cpu: 600m, "
             "memory: 128Mi}\n"),
         {"12:25 error [request-exceeds-limit] (spec.container.app.resources.requests.cpu)"}},
        {"a request above the default limit",
         app_doc("      resources:\n        requests: {memory: 2Gi}\n"),
         {"11:28 error [request-exceeds-limit] (spec.container.app.resources.requests.memory)"}},
        {"a limit below the default request",
         app_doc("      resources:\n        limits: {cpu: 10m}\n"),
         {"11:23 error [request-exceeds-limit] (spec.container.app.resources.limits.cpu)"}},
        {"a list of the wrong type takes no default",
         app_doc("      resources:\n        limits: {cpu: 10m}\n"
                 "        requests: []\n"),
         {}},
    });
    CHECK(validate_messages(app_doc("      resources:\n        requests: {memory: 2Gi}\n")) ==
          test::Lines{
              "[request-exceeds-limit] requests.memory 2Gi is greater than limits.memory 1Gi (the default)"});
    CHECK(
        validate_messages(app_doc("      resources:\n        limits: {cpu: 10m}\n")) ==
        test::Lines{"[request-exceeds-limit] requests.cpu 50m (the default) is greater than limits.cpu 10m"});
    CHECK(validate_messages(app_doc("      resources: {limits: {cpu: 1 core}}\n")) ==
          test::Lines{
              R"([invalid-quantity] limits.cpu "1 core" is not a Kubernetes quantity (such as 250m, 0.5, )"
              "128Mi, 1Gi)"});
}

TEST_CASE("security context", "[validate][container]") {
    check_cases({
        {"root, privileged",
         app_doc("      security_context: {run_as_user: 0, run_as_group: 0, privileged: true}\n"),
         {}},
        {"negative ids",
         app_doc("      security_context: {run_as_user: -1, run_as_group: -2}\n"),
         {"10:39 error [negative-value] (spec.container.app.security_context.run_as_user)",
          "10:57 error [negative-value] (spec.container.app.security_context.run_as_group)"}},
        {"privileged without privilege escalation",
         app_doc("      security_context: {privileged: true, allow_privilege_escalation: false}\n"),
         {"10:72 error [conflicting-fields] "
          "(spec.container.app.security_context.allow_privilege_escalation)"}},
        {"non-root as root",
         app_doc("      security_context: {run_as_non_root: true, run_as_user: 0}\n"),
         {"10:62 error [conflicting-fields] (spec.container.app.security_context.run_as_user)"}},
    });
}

}  // namespace
}  // namespace planton::validate
