#include <catch2/catch.hpp>

#include "planton/kube/masking.hpp"
#include "planton/kube/normalize.hpp"

#include "kube/request_log.hpp"

using nlohmann::json;
using planton::kube::mask_secrets;
using planton::kube::masked_body;

TEST_CASE("Secret data and stringData values are masked, keys stay", "[kube][masking]") {
    const json secret = json::parse(R"({"apiVersion":"v1","kind":"Secret",
      "metadata":{"name":"s","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"data\":{\"API_KEY\":\"c2VjcmV0\"}}","team":"obs"}},
      "type":"Opaque","data":{"API_KEY":"c2VjcmV0","DB":"aHVudGVyMg=="},"stringData":{"PLAIN":"hunter2"}})");
    const json masked = mask_secrets(secret);
    CHECK(masked == json::parse(R"({"apiVersion":"v1","kind":"Secret",
      "metadata":{"name":"s","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"***","team":"obs"}},
      "type":"Opaque","data":{"API_KEY":"***","DB":"***"},"stringData":{"PLAIN":"***"}})"));
}

TEST_CASE("secrets are masked wherever they appear", "[kube][masking]") {
    struct Case {
        const char* name;
        const char* input;
        const char* expected;
    };
    const Case cases[] = {
        {"a list of Secrets", R"({"kind":"SecretList","items":[{"kind":"Secret","data":{"a":"eA=="}}]})",
         R"({"kind":"SecretList","items":[{"kind":"Secret","data":{"a":"***"}}]})"},
        {"a docker config Secret",
         R"({"kind":"Secret","type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"e30="}})",
         R"({"kind":"Secret","type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"***"}})"},
        {"a docker config itself",
         R"({"auths":{"ghcr.io":{"username":"bot","password":"p","auth":"Ym90OnA="}}})",
         R"({"auths":{"ghcr.io":{"username":"bot","password":"***","auth":"***"}}})"},
        {"an ExecCredential",
         R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"t","expirationTimestamp":"2030-01-01T00:00:00Z"}})",
         R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":"***"})"},
        {"a TokenRequest", R"({"kind":"TokenRequest","status":{"token":"eyJ","expirationTimestamp":"x"}})",
         R"({"kind":"TokenRequest","status":{"token":"***","expirationTimestamp":"x"}})"},
        {"kubeconfig user fields",
         R"({"users":[{"name":"u","user":{"token":"t","client-key-data":"k","client-certificate-data":"c","password":"p"}}]})",
         R"({"users":[{"name":"u","user":{"token":"***","client-key-data":"***","client-certificate-data":"c","password":"***"}}]})"},
        {"keys in any case", R"({"Token":"x","PASSWORD":{"nested":1},"clientKeyData":"k","bearerToken":"b"})",
         R"({"Token":"***","PASSWORD":"***","clientKeyData":"***","bearerToken":"***"})"},
        {"a ConfigMap is not secret", R"({"kind":"ConfigMap","data":{"fluent.conf":"x"}})",
         R"({"kind":"ConfigMap","data":{"fluent.conf":"x"}})"},
        {"a DaemonSet's secret references are not secret",
         R"({"kind":"DaemonSet","spec":{"template":{"spec":{"volumes":[{"name":"v","secret":{"secretName":"s"}}],"containers":[{"env":[{"name":"K","valueFrom":{"secretKeyRef":{"name":"s","key":"token"}}}]}]}}}})",
         R"({"kind":"DaemonSet","spec":{"template":{"spec":{"volumes":[{"name":"v","secret":{"secretName":"s"}}],"containers":[{"env":[{"name":"K","valueFrom":{"secretKeyRef":{"name":"s","key":"token"}}}]}]}}}})"},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        CHECK(mask_secrets(json::parse(c.input)) == json::parse(c.expected));
    }
}

TEST_CASE("masking keeps the order of ordered objects", "[kube][masking]") {
    const nlohmann::ordered_json secret =
        nlohmann::ordered_json::parse(R"({"kind":"Secret","data":{"z":"YQ==","a":"Yg=="}})");
    CHECK(mask_secrets(secret).dump() == R"({"kind":"Secret","data":{"z":"***","a":"***"}})");
}

TEST_CASE("bodies for the trace log", "[kube][masking]") {
    CHECK(masked_body(R"({"kind":"Secret","data":{"k":"c2VjcmV0"}})") ==
          R"({"kind":"Secret","data":{"k":"***"}})");
    CHECK(masked_body("<html>token=abc</html>") == "<22 bytes, not JSON>");
    CHECK(masked_body("") == "");
}

TEST_CASE("request log lines", "[kube][log]") {
    planton::kube::HttpRequest request{"PATCH",
                                       "/apis/apps/v1/namespaces/x/daemonsets/y?fieldManager=planton-ds",
                                       "application/apply-patch+yaml", "{}"};
    planton::kube::HttpResponse response;
    response.status = 200;
    response.elapsed = std::chrono::milliseconds(12);
    CHECK(planton::kube::request_line(request, response) ==
          "PATCH /apis/apps/v1/namespaces/x/daemonsets/y 200 12ms");
    response.status = 0;
    response.transport_error = "cannot connect to https://h:6443: connection refused";
    response.elapsed = std::chrono::milliseconds(3);
    CHECK(planton::kube::request_line(request, response) ==
          "PATCH /apis/apps/v1/namespaces/x/daemonsets/y failed after 3ms: cannot connect to https://h:6443: "
          "connection refused");
}

TEST_CASE("server-managed fields are left out of comparisons", "[kube][normalize]") {
    const json live =
        json::parse(R"({"metadata":{"name":"cfg","namespace":"ns","uid":"u1","resourceVersion":"41",
      "generation":3,"creationTimestamp":"2024-01-01T00:00:00Z","managedFields":[{"manager":"planton-ds"}],
      "labels":{"a":"b"}},"data":{"k":"v"},"status":{"x":1}})");
    const json applied =
        json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg","namespace":"ns",
      "uid":"u1","resourceVersion":"41","generation":3,"creationTimestamp":"2024-01-01T00:00:00Z",
      "managedFields":[{"manager":"planton-ds","time":"2024-02-02T00:00:00Z"}],"labels":{"a":"b"}},"data":{"k":"v"}})");
    CHECK(planton::kube::without_server_fields(live) ==
          json::parse(R"({"metadata":{"name":"cfg","namespace":"ns","labels":{"a":"b"}},"data":{"k":"v"}})"));
    CHECK(planton::kube::same_content(live, applied));
    json changed = applied;
    changed["data"]["k"] = "w";
    CHECK_FALSE(planton::kube::same_content(live, changed));
    json relabelled = applied;
    relabelled["metadata"]["labels"]["c"] = "d";
    CHECK_FALSE(planton::kube::same_content(live, relabelled));
}
