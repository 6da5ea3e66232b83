#include <catch2/catch.hpp>

#include "planton/kube/managed_fields.hpp"

using nlohmann::json;
using planton::kube::applied_fields;
using planton::kube::extract_applied_configuration;
using planton::kube::extract_fields;
using planton::kube::union_fields;
using planton::kube::upgrade_managed_fields;
using planton::kube::upgrade_patch;

namespace {

// A DaemonSet as a 1.30 API server returns it after `planton-ds apply`, then `kubectl
// edit` (an env var and an annotation), then the controller's status writes: the
// managedFields are the server's, the spec carries the defaults it added.
const char* kDaemonSet = R"({
  "apiVersion": "apps/v1", "kind": "DaemonSet",
  "metadata": {
    "name": "fluentd", "namespace": "logging", "uid": "3d1c", "resourceVersion": "4711", "generation": 3,
    "creationTimestamp": "2026-12-01T10:00:00Z",
    "annotations": {"deprecated.daemonset.template.generation": "3", "team": "observability"},
    "labels": {"app.kubernetes.io/name": "fluentd", "app.kubernetes.io/managed-by": "planton-ds"},
    "managedFields": [
      {"manager": "planton-ds", "operation": "Apply", "apiVersion": "apps/v1", "time": "2026-12-01T10:00:00Z",
       "fieldsType": "FieldsV1", "fieldsV1": {
         "f:metadata": {"f:labels": {"f:app.kubernetes.io/managed-by": {}, "f:app.kubernetes.io/name": {}}},
         "f:spec": {
           "f:selector": {},
           "f:template": {
             "f:metadata": {"f:labels": {"f:app.kubernetes.io/name": {}}},
             "f:spec": {
               "f:containers": {
                 "k:{\"name\":\"app\"}": {
                   ".": {}, "f:name": {}, "f:image": {},
                   "f:args": {},
                   "f:env": {"k:{\"name\":\"LOG_LEVEL\"}": {".": {}, "f:name": {}, "f:value": {}}},
                   "f:ports": {"k:{\"containerPort\":24224,\"protocol\":\"TCP\"}":
                                 {".": {}, "f:containerPort": {}, "f:protocol": {}}},
                   "f:securityContext": {"f:capabilities": {"f:add": {"v:\"NET_ADMIN\"": {}}}},
                   "f:volumeMounts": {"k:{\"mountPath\":\"/etc/fluent\"}": {".": {}, "f:mountPath": {}, "f:name": {}}}
                 }
               },
               "f:volumes": {
                 "k:{\"name\":\"config\"}": {".": {}, "f:configMap": {"f:name": {}}, "f:name": {}},
                 "k:{\"name\":\"buffer\"}": {".": {}, "f:emptyDir": {}, "f:name": {}}
               }
             }
           }
         }
       }},
      {"manager": "kubectl-edit", "operation": "Update", "apiVersion": "apps/v1", "time": "2026-12-02T09:00:00Z",
       "fieldsType": "FieldsV1", "fieldsV1": {
         "f:metadata": {"f:annotations": {"f:team": {}}},
         "f:spec": {"f:template": {"f:spec": {"f:containers": {"k:{\"name\":\"app\"}": {
           "f:env": {"k:{\"name\":\"EXTRA\"}": {".": {}, "f:name": {}, "f:value": {}}},
           "f:securityContext": {"f:capabilities": {"f:add": {"v:\"SYS_TIME\"": {}}}}}}}}}
       }},
      {"manager": "kube-controller-manager", "operation": "Update", "apiVersion": "apps/v1",
       "time": "2026-12-02T09:00:05Z", "fieldsType": "FieldsV1", "subresource": "status",
       "fieldsV1": {"f:status": {"f:numberReady": {}, "f:observedGeneration": {}}}}
    ]
  },
  "spec": {
    "selector": {"matchLabels": {"app.kubernetes.io/name": "fluentd"}},
    "revisionHistoryLimit": 10,
    "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}},
    "template": {
      "metadata": {"labels": {"app.kubernetes.io/name": "fluentd"}},
      "spec": {
        "containers": [{
          "name": "app", "image": "fluent/fluentd:v1.16", "args": ["-c", "/etc/fluent/fluent.conf"],
          "env": [{"name": "LOG_LEVEL", "value": "info"}, {"name": "EXTRA", "value": "1"}],
          "ports": [{"containerPort": 24224, "protocol": "TCP"}],
          "securityContext": {"capabilities": {"add": ["NET_ADMIN", "SYS_TIME"]}},
          "volumeMounts": [{"name": "config", "mountPath": "/etc/fluent"}],
          "imagePullPolicy": "IfNotPresent", "terminationMessagePath": "/dev/termination-log"
        }],
        "volumes": [{"name": "config", "configMap": {"name": "fluentd-config", "defaultMode": 420}},
                    {"name": "buffer", "emptyDir": {}}],
        "dnsPolicy": "ClusterFirst", "restartPolicy": "Always"
      }
    }
  },
  "status": {"numberReady": 2, "observedGeneration": 3}
})";

}  // namespace

TEST_CASE("extract: only the fields the manager's Apply entry owns, as they are live", "[kube][managed_fields]") {
    const json live = json::parse(kDaemonSet);
    const auto config = extract_applied_configuration(live, "planton-ds");
    REQUIRE(config);
    CHECK(*config == json::parse(R"({
      "apiVersion": "apps/v1", "kind": "DaemonSet",
      "metadata": {"name": "fluentd", "namespace": "logging",
                   "labels": {"app.kubernetes.io/name": "fluentd", "app.kubernetes.io/managed-by": "planton-ds"}},
      "spec": {
        "selector": {"matchLabels": {"app.kubernetes.io/name": "fluentd"}},
        "template": {
          "metadata": {"labels": {"app.kubernetes.io/name": "fluentd"}},
          "spec": {
            "containers": [{
              "name": "app", "image": "fluent/fluentd:v1.16", "args": ["-c", "/etc/fluent/fluent.conf"],
              "env": [{"name": "LOG_LEVEL", "value": "info"}],
              "ports": [{"containerPort": 24224, "protocol": "TCP"}],
              "securityContext": {"capabilities": {"add": ["NET_ADMIN"]}},
              "volumeMounts": [{"name": "config", "mountPath": "/etc/fluent"}]
            }],
            "volumes": [{"name": "config", "configMap": {"name": "fluentd-config"}},
                        {"name": "buffer", "emptyDir": {}}]
          }
        }
      }
    })"));
}

TEST_CASE("extract: another manager's fields, the status and the defaults stay out", "[kube][managed_fields]") {
    const json live = json::parse(kDaemonSet);
    const auto edit = applied_fields(live, "kubectl-edit");
    CHECK_FALSE(edit);  // an Update entry is no applied configuration
    const json config = *extract_applied_configuration(live, "planton-ds");
    CHECK_FALSE(config["metadata"].contains("annotations"));
    CHECK_FALSE(config.contains("status"));
    CHECK_FALSE(config["spec"].contains("revisionHistoryLimit"));
    CHECK_FALSE(config["spec"]["template"]["spec"].contains("dnsPolicy"));
    CHECK_FALSE(config["metadata"].contains("managedFields"));
    CHECK_FALSE(config["metadata"].contains("resourceVersion"));
}

TEST_CASE("extract: no Apply entry of the manager, or none at all, gives nothing", "[kube][managed_fields]") {
    const json live = json::parse(kDaemonSet);
    CHECK_FALSE(extract_applied_configuration(live, "someone-else"));
    CHECK_FALSE(extract_applied_configuration(json::parse(R"({"metadata":{"name":"x"}})"), "planton-ds"));
}

TEST_CASE("extract: list items by k:, v: and i:, nested maps, '.' beside children", "[kube][managed_fields]") {
    struct Case {
        const char* what;
        const char* value;
        const char* fields;
        const char* expected;
    };
    const Case cases[] = {
        {"a field with children keeps only them", R"({"a":{"x":1,"y":2},"b":3})", R"({"f:a":{"f:x":{}}})",
         R"({"a":{"x":1}})"},
        {"a leaf keeps the whole value", R"({"a":{"x":1,"y":2},"b":3})", R"({"f:a":{}})", R"({"a":{"x":1,"y":2}})"},
        {"'.' alone is a leaf", R"({"a":{"x":1,"y":2}})", R"({"f:a":{".":{}}})", R"({"a":{"x":1,"y":2}})"},
        {"a list-map item keeps its key fields and owned fields", R"({"l":[{"name":"a","v":1,"w":2},{"name":"b","v":3}]})",
         R"({"f:l":{"k:{\"name\":\"b\"}":{".":{},"f:v":{}}}})", R"({"l":[{"name":"b","v":3}]})"},
        {"a compound key", R"({"p":[{"port":53,"protocol":"UDP","n":"u"},{"port":53,"protocol":"TCP","n":"t"}]})",
         R"({"f:p":{"k:{\"port\":53,\"protocol\":\"TCP\"}":{"f:n":{}}}})",
         R"({"p":[{"port":53,"protocol":"TCP","n":"t"}]})"},
        {"set items by value", R"({"s":["a","b","c"]})", R"({"f:s":{"v:\"c\"":{},"v:\"a\"":{}}})",
         R"({"s":["a","c"]})"},
        {"numbers in a set", R"({"s":[1,2,3]})", R"({"f:s":{"v:2":{}}})", R"({"s":[2]})"},
        {"items by index", R"({"l":[{"x":1},{"x":2}]})", R"({"f:l":{"i:1":{}}})", R"({"l":[{"x":2}]})"},
        {"a field the object no longer has", R"({"a":1})", R"({"f:gone":{},"f:a":{}})", R"({"a":1})"},
        {"a container emptied by extraction goes", R"({"a":{"x":1}})", R"({"f:a":{"f:y":{}},"f:b":{}})",
         R"({})"},
        {"an owned empty map stays", R"({"e":{}})", R"({"f:e":{}})", R"({"e":{}})"},
        {"an item no key matches", R"({"l":[{"name":"a"}]})", R"({"f:l":{"k:{\"name\":\"z\"}":{}}})", R"({})"},
        {"keys that are not JSON are skipped", R"({"l":[{"name":"a"}]})", R"({"f:l":{"k:{name":{},"v:[":{}}})",
         R"({})"},
        {"a malformed trie node counts as a leaf", R"({"a":{"x":1}})", R"({"f:a":"oops"})", R"({"a":{"x":1}})"},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        CHECK(extract_fields(json::parse(c.value), json::parse(c.fields)) == json::parse(c.expected));
    }
}

TEST_CASE("extract: malformed managedFields never throw", "[kube][managed_fields]") {
    for (const char* object : {R"({"metadata":{"managedFields":"x"}})", R"({"metadata":{"managedFields":[1,null]}})",
                               R"({"metadata":{"name":"n","managedFields":[{"manager":"planton-ds","operation":"Apply","fieldsV1":7}]}})",
                               R"([])", R"(null)"}) {
        INFO(object);
        CHECK_NOTHROW(extract_applied_configuration(json::parse(object), "planton-ds"));
    }
    const auto config = extract_applied_configuration(
        json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"n","managedFields":[
          {"manager":"planton-ds","operation":"Apply","fieldsV1":7}]},"data":{"a":"b"}})"),
        "planton-ds");
    REQUIRE(config);
    CHECK(*config == json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"n"}})"));
}

TEST_CASE("union of FieldsV1 tries", "[kube][managed_fields]") {
    struct Case {
        const char* a;
        const char* b;
        const char* expected;
    };
    const Case cases[] = {
        {R"({"f:a":{}})", R"({"f:b":{}})", R"({"f:a":{},"f:b":{}})"},
        {R"({"f:a":{"f:x":{}}})", R"({"f:a":{"f:y":{}}})", R"({"f:a":{"f:x":{},"f:y":{}}})"},
        // a leaf on one side and children on the other: the field and its children
        {R"({"f:a":{}})", R"({"f:a":{"f:y":{}}})", R"({"f:a":{".":{},"f:y":{}}})"},
        {R"({"f:l":{"k:{\"name\":\"a\"}":{".":{},"f:name":{}}}})", R"({"f:l":{"k:{\"name\":\"a\"}":{"f:v":{}}}})",
         R"({"f:l":{"k:{\"name\":\"a\"}":{".":{},"f:name":{},"f:v":{}}}})"},
        {R"({})", R"({"f:a":{}})", R"({"f:a":{}})"},
    };
    for (const auto& c : cases) {
        INFO(c.a << " ∪ " << c.b);
        CHECK(union_fields(json::parse(c.a), json::parse(c.b)) == json::parse(c.expected));
    }
}

namespace {

json with_managed_fields(const char* entries) {
    return {{"metadata", {{"name", "fluentd"}, {"managedFields", json::parse(entries)}}}};
}

}  // namespace

TEST_CASE("upgrade: the client-side manager's fields become the server-side manager's", "[kube][managed_fields]") {
    // What `kubectl apply` (client-side) leaves: its Update entry; the controller's status.
    const json object = with_managed_fields(R"([
      {"manager":"kubectl-client-side-apply","operation":"Update","apiVersion":"apps/v1","time":"t1",
       "fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:annotations":{".":{},
         "f:kubectl.kubernetes.io/last-applied-configuration":{}}},"f:spec":{"f:template":{}}}},
      {"manager":"kube-controller-manager","operation":"Update","apiVersion":"apps/v1","time":"t2",
       "fieldsType":"FieldsV1","subresource":"status","fieldsV1":{"f:status":{}}}])");
    const auto upgraded = upgrade_managed_fields(object, planton::kube::client_side_managers(), "planton-ds");
    REQUIRE(upgraded);
    CHECK(*upgraded == json::parse(R"([
      {"manager":"planton-ds","operation":"Apply","apiVersion":"apps/v1","time":"t1",
       "fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:annotations":{".":{},
         "f:kubectl.kubernetes.io/last-applied-configuration":{}}},"f:spec":{"f:template":{}}}},
      {"manager":"kube-controller-manager","operation":"Update","apiVersion":"apps/v1","time":"t2",
       "fieldsType":"FieldsV1","subresource":"status","fieldsV1":{"f:status":{}}}])"));
}

TEST_CASE("upgrade: merged into an existing Apply entry; other managers untouched", "[kube][managed_fields]") {
    const json object = with_managed_fields(R"([
      {"manager":"planton-ds","operation":"Apply","apiVersion":"apps/v1","time":"t3","fieldsType":"FieldsV1",
       "fieldsV1":{"f:spec":{"f:selector":{}}}},
      {"manager":"kubectl-edit","operation":"Update","apiVersion":"apps/v1","time":"t2","fieldsType":"FieldsV1",
       "fieldsV1":{"f:spec":{"f:template":{"f:spec":{"f:dnsPolicy":{}}}}}},
      {"manager":"pulumi-kubernetes","operation":"Apply","apiVersion":"apps/v1","time":"t1","fieldsType":"FieldsV1",
       "fieldsV1":{"f:metadata":{"f:labels":{"f:team":{}}}}},
      {"manager":"kubectl-client-side-apply","operation":"Update","apiVersion":"apps/v1","time":"t0",
       "fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:template":{"f:spec":{"f:hostNetwork":{}}}}}}])");
    const auto upgraded = upgrade_managed_fields(object, planton::kube::client_side_managers(), "planton-ds");
    REQUIRE(upgraded);
    CHECK(*upgraded == json::parse(R"([
      {"manager":"planton-ds","operation":"Apply","apiVersion":"apps/v1","time":"t3","fieldsType":"FieldsV1",
       "fieldsV1":{"f:spec":{"f:selector":{},"f:template":{"f:spec":{"f:dnsPolicy":{},"f:hostNetwork":{}}}}}},
      {"manager":"pulumi-kubernetes","operation":"Apply","apiVersion":"apps/v1","time":"t1","fieldsType":"FieldsV1",
       "fieldsV1":{"f:metadata":{"f:labels":{"f:team":{}}}}}])"));
}

TEST_CASE("upgrade: nothing to move gives nothing", "[kube][managed_fields]") {
    const json object = with_managed_fields(R"([
      {"manager":"planton-ds","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:data":{}}},
      {"manager":"kubectl-client-side-apply","operation":"Update","apiVersion":"v1","subresource":"status",
       "fieldsType":"FieldsV1","fieldsV1":{"f:status":{}}}])");
    CHECK_FALSE(upgrade_managed_fields(object, planton::kube::client_side_managers(), "planton-ds"));
    CHECK_FALSE(upgrade_managed_fields(json::parse(R"({"metadata":{}})"), planton::kube::client_side_managers(),
                                       "planton-ds"));
}

TEST_CASE("upgrade patch: managedFields and the resourceVersion read, as csaupgrade sends", "[kube][managed_fields]") {
    CHECK(json::parse(upgrade_patch(json::parse(R"([{"manager":"m"}])"), "42")) == json::parse(R"([
      {"op":"replace","path":"/metadata/managedFields","value":[{"manager":"m"}]},
      {"op":"replace","path":"/metadata/resourceVersion","value":"42"}])"));
}
