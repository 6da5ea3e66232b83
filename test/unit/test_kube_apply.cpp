#include <catch2/catch.hpp>

#include "planton/kube/apply.hpp"

#include <functional>

#include "failure_support.hpp"
#include "fake_clock.hpp"
#include "fake_transport.hpp"

using nlohmann::json;
using nlohmann::ordered_json;
using planton::kube::apply_objects;
using planton::kube::ApplyResult;
using planton::kube::ApplyRunOptions;
using planton::kube::Client;
using planton::kube::ObjectOutcome;
using planton::kube::Outcome;
using planton::test::FakeClock;
using planton::test::FakeTransport;
using planton::test::kind_of;
using planton::test::message_of;

namespace {

const std::string kList = "/apis/apps/v1/namespaces/logging/daemonsets?fieldSelector=metadata.name%3Dfluentd";
const std::string kSaPath = "/api/v1/namespaces/logging/serviceaccounts/fluentd";
const std::string kCmPath = "/api/v1/namespaces/logging/configmaps/fluentd-config";
const std::string kDsPath = "/apis/apps/v1/namespaces/logging/daemonsets/fluentd";
const std::string kManager = "?fieldManager=planton-ds";

ordered_json service_account() {
    return ordered_json::parse(
        R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"fluentd","namespace":"logging"}})");
}
ordered_json config_map() {
    return ordered_json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fluentd-config",
      "namespace":"logging"},"data":{"fluentd-config":"<source/>"}})");
}
ordered_json daemonset() {
    return ordered_json::parse(R"({"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"fluentd",
      "namespace":"logging"},"spec":{"selector":{"matchLabels":{"app.kubernetes.io/name":"fluentd"}},
      "template":{"metadata":{"labels":{"app.kubernetes.io/name":"fluentd"}},"spec":{"containers":[{"name":"fluentd","image":"fluentd:v1"}]}}}})");
}
std::vector<ordered_json> three_objects() {
    return {service_account(), config_map(), daemonset()};
}

// The server's copy of an object: the object plus server fields.
std::string served(const ordered_json& object, const std::string& resource_version) {
    json copy = json::parse(object.dump());
    copy["metadata"]["resourceVersion"] = resource_version;
    copy["metadata"]["uid"] = "uid-" + copy["metadata"]["name"].get<std::string>();
    copy["metadata"]["managedFields"] = json::array({{{"manager", "planton-ds"}}});
    return copy.dump();
}

std::string list_body(const std::string& resource_version, const std::string& item = "") {
    return R"({"kind":"DaemonSetList","apiVersion":"apps/v1","metadata":{"resourceVersion":")" +
           resource_version + R"("},"items":[)" + item + "]}";
}

// A live DaemonSet as a list item (no apiVersion/kind), selecting by `selector`.
std::string live_daemonset(const std::string& selector) {
    json live = json::parse(served(daemonset(), "90"));
    live.erase("apiVersion");
    live.erase("kind");
    live["spec"]["selector"] = json::parse(selector);
    live["status"] = {{"numberReady", 3}};
    return live.dump();
}

struct Recorder {
    std::vector<std::string> lines;
    bool dry_run = false;
    planton::kube::OutcomeCallback callback() {
        return [this](const ObjectOutcome& outcome) {
            lines.push_back(planton::kube::outcome_line(outcome, dry_run));
        };
    }
};

std::vector<std::string> requests_of(const FakeTransport& fake) {
    std::vector<std::string> out;
    for (const auto& r : fake.requests) out.push_back(r.method + " " + r.path);
    return out;
}

std::vector<std::string> names(const std::vector<planton::kube::ResourceRef>& refs) {
    std::vector<std::string> out;
    for (const auto& ref : refs) out.push_back(planton::kube::display_name(ref));
    return out;
}

}  // namespace

const std::string kNotFound = R"({"kind":"Status","code":404,"reason":"NotFound"})";

TEST_CASE("apply: one LIST, then a GET and a server-side apply PATCH per object, in order", "[kube][apply]") {
    FakeTransport fake;
    json old_ds = json::parse(served(daemonset(), "90"));
    old_ds["spec"]["template"]["spec"]["containers"][0]["image"] = "fluentd:v0";
    fake.push(200, list_body("100", old_ds.dump()));
    fake.push(404, kNotFound);                   // GET of the ServiceAccount
    fake.push(201, served(service_account(), "101"));
    fake.push(200, served(config_map(), "57"));  // GET of the ConfigMap
    fake.push(200, served(config_map(), "57"));  // untouched by the PATCH
    fake.push(200, served(daemonset(), "102"));
    Client client(fake);
    Recorder recorder;
    const auto objects = three_objects();
    const ApplyResult result = apply_objects(client, objects, ApplyRunOptions{}, recorder.callback());

    CHECK(requests_of(fake) == std::vector<std::string>{"GET " + kList, "GET " + kSaPath,
                                                        "PATCH " + kSaPath + kManager, "GET " + kCmPath,
                                                        "PATCH " + kCmPath + kManager,
                                                        "PATCH " + kDsPath + kManager});
    size_t patch = 0;
    for (const auto& request : fake.requests) {
        if (request.method != "PATCH") {
            CHECK(request.body.empty());
            continue;
        }
        CHECK(request.content_type == "application/apply-patch+yaml");
        CHECK(request.body == objects[patch++].dump());
    }
    CHECK(recorder.lines == std::vector<std::string>{"serviceaccount/fluentd created",
                                                     "configmap/fluentd-config unchanged",
                                                     "daemonset.apps/fluentd configured"});
    CHECK(result.ok());
    CHECK(kind_of(result.failure) == "none");
    CHECK(result.not_applied.empty());
    REQUIRE(result.applied.size() == 3);
    CHECK(result.applied[2].outcome == Outcome::Configured);
    CHECK(result.daemonset == json::parse(served(daemonset(), "102")));
}

TEST_CASE("created, configured and unchanged told from the object, not from resourceVersions",
          "[kube][apply]") {
    struct Case {
        const char* name;
        long status;
        std::function<void(json&)> live;    // the object before the PATCH, from the server's copy
        std::function<void(json&)> result;  // the PATCH's answer, from the server's copy
        Outcome expected;
    };
    const auto none = [](json&) {};
    const Case cases[] = {
        {"201", 201, none, none, Outcome::Created},
        {"same content", 200, none, none, Outcome::Unchanged},
        // The controller wrote status between the reads and the PATCH: a new resourceVersion
        // (smaller as a number too: they are opaque) and a new status, nothing of the manifest.
        {"status written meanwhile", 200, [](json& o) { o["status"] = {{"numberReady", 1}}; },
         [](json& o) {
             o["metadata"]["resourceVersion"] = "7";
             o["status"] = {{"numberReady", 3}, {"observedGeneration", 1}};
         },
         Outcome::Unchanged},
        {"managedFields time only", 200, none,
         [](json& o) { o["metadata"]["managedFields"][0]["time"] = "2026-01-01T00:00:00Z"; },
         Outcome::Unchanged},
        {"image changed", 200, none,
         [](json& o) { o["spec"]["template"]["spec"]["containers"][0]["image"] = "fluentd:v2"; },
         Outcome::Configured},
        {"label added", 200, none, [](json& o) { o["metadata"]["labels"] = {{"team", "infra"}}; },
         Outcome::Configured},
        {"same resourceVersion, other content", 200, none,
         [](json& o) { o["metadata"]["annotations"] = {{"a", "b"}}; }, Outcome::Configured},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        json live = json::parse(served(daemonset(), "100"));
        live.erase("apiVersion");
        live.erase("kind");
        c.live(live);
        json result = json::parse(served(daemonset(), "100"));
        c.result(result);
        FakeTransport fake;
        fake.push(200, list_body("100", live.dump()));
        fake.push(c.status, result.dump());
        Client client(fake);
        const ApplyResult applied = apply_objects(client, {daemonset()}, ApplyRunOptions{});
        REQUIRE(applied.applied.size() == 1);
        CHECK(applied.applied[0].outcome == c.expected);

        // Any other kind is read with a GET just before its PATCH (no LIST without a DaemonSet).
        json live_cm = json::parse(served(config_map(), "100"));
        c.live(live_cm);
        json result_cm = json::parse(served(config_map(), "100"));
        c.result(result_cm);
        FakeTransport cm;
        cm.push(200, live_cm.dump());
        cm.push(c.status, result_cm.dump());
        Client cm_client(cm);
        const ApplyResult cm_applied = apply_objects(cm_client, {config_map()}, ApplyRunOptions{});
        REQUIRE(cm_applied.applied.size() == 1);
        CHECK(cm_applied.applied[0].outcome == c.expected);
    }

    SECTION("an object that cannot be read first, or appeared after the read, counts as configured") {
        for (long get_status : {403L, 404L}) {
            FakeTransport fake;
            fake.push(get_status, R"({"kind":"Status"})");
            fake.push(200, served(config_map(), "100"));
            Client client(fake);
            const ApplyResult r = apply_objects(client, {config_map()}, ApplyRunOptions{});
            REQUIRE(r.applied.size() == 1);
            CHECK(r.applied[0].outcome == Outcome::Configured);
        }
    }
}

TEST_CASE("field manager and force-conflicts reach every PATCH", "[kube][apply]") {
    FakeTransport fake;
    fake.push(200, list_body("1"));
    fake.push(200, served(config_map(), "1"));
    fake.push(200, served(config_map(), "1"));
    fake.push(200, served(daemonset(), "1"));
    Client client(fake);
    ApplyRunOptions options;
    options.apply.field_manager = "ci pipeline";
    options.apply.force = true;
    apply_objects(client, {config_map(), daemonset()}, options);
    CHECK(requests_of(fake) ==
          std::vector<std::string>{"GET " + kList, "GET " + kCmPath,
                                   "PATCH " + kCmPath + "?fieldManager=ci%20pipeline&force=true",
                                   "PATCH " + kDsPath + "?fieldManager=ci%20pipeline&force=true"});
}

TEST_CASE("dry run: compares the result with the live object", "[kube][apply]") {
    FakeTransport fake;
    const std::string live_ds = live_daemonset(R"({"matchLabels":{"app.kubernetes.io/name":"fluentd"}})");
    fake.push(200, list_body("100", live_ds));
    fake.push(404, kNotFound);  // GET of the ServiceAccount
    fake.push(201, served(service_account(), "100"));
    // The live ConfigMap: same content, other managedFields timestamps.
    json live_cm = json::parse(served(config_map(), "50"));
    live_cm["metadata"]["managedFields"][0]["time"] = "2024-01-01T00:00:00Z";
    fake.push(200, live_cm.dump());
    fake.push(200, served(config_map(), "50"));  // dry-run result of the ConfigMap
    json ds_result = json::parse(served(daemonset(), "90"));
    ds_result["spec"]["template"]["spec"]["containers"][0]["image"] = "fluentd:v2";
    fake.push(200, ds_result.dump());

    Client client(fake);
    Recorder recorder;
    recorder.dry_run = true;
    ApplyRunOptions options;
    options.apply.dry_run = true;
    const ApplyResult result = apply_objects(client, three_objects(), options, recorder.callback());
    CHECK(requests_of(fake) ==
          std::vector<std::string>{"GET " + kList, "GET " + kSaPath, "PATCH " + kSaPath + kManager + "&dryRun=All",
                                   "GET " + kCmPath, "PATCH " + kCmPath + kManager + "&dryRun=All",
                                   "PATCH " + kDsPath + kManager + "&dryRun=All"});
    CHECK(recorder.lines == std::vector<std::string>{"serviceaccount/fluentd created (server dry run)",
                                                     "configmap/fluentd-config unchanged (server dry run)",
                                                     "daemonset.apps/fluentd configured (server dry run)"});
    CHECK(result.daemonset == ds_result);

    SECTION("an unchanged DaemonSet is compared with the listed one, without a GET") {
        FakeTransport again;
        again.push(200, list_body("100", live_ds));
        json same = json::parse(live_ds);
        same["apiVersion"] = "apps/v1";
        same["kind"] = "DaemonSet";
        same["metadata"]["managedFields"] = json::array({{{"manager", "planton-ds"}, {"time", "now"}}});
        again.push(200, same.dump());
        Client c(again);
        const ApplyResult r = apply_objects(c, {daemonset()}, options);
        CHECK(again.requests.size() == 2);
        REQUIRE(r.applied.size() == 1);
        CHECK(r.applied[0].outcome == Outcome::Unchanged);
    }
}

TEST_CASE("dry run in a namespace that does not exist yet", "[kube][apply]") {
    FakeTransport fake;
    fake.push(200, list_body("100"));
    fake.push(404, R"({"kind":"Status","code":404,"reason":"NotFound"})");
    fake.push(201, R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"logging"}})");
    Client client(fake);
    Recorder recorder;
    recorder.dry_run = true;
    ApplyRunOptions options;
    options.apply.dry_run = true;
    const ordered_json ns =
        ordered_json::parse(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"logging"}})");
    const ApplyResult result =
        apply_objects(client, {ns, config_map(), daemonset()}, options, recorder.callback());
    // The server cannot dry-run objects in a namespace it would only create: no PATCH for them.
    CHECK(requests_of(fake) == std::vector<std::string>{"GET " + kList, "GET /api/v1/namespaces/logging",
                                                        "PATCH /api/v1/namespaces/logging" + kManager +
                                                            "&dryRun=All"});
    CHECK(recorder.lines == std::vector<std::string>{"namespace/logging created (server dry run)",
                                                     "configmap/fluentd-config created (server dry run)",
                                                     "daemonset.apps/fluentd created (server dry run)"});
    CHECK(result.ok());
    CHECK(result.daemonset == json::parse(daemonset().dump()));
}

TEST_CASE("a live DaemonSet with another selector stops before any change", "[kube][apply]") {
    FakeTransport fake;
    fake.push(200, list_body("100", live_daemonset(R"({"matchLabels":{"app":"daemonset"}})")));
    Client client(fake);
    Recorder recorder;
    const ApplyResult result = apply_objects(client, three_objects(), ApplyRunOptions{}, recorder.callback());
    CHECK(requests_of(fake) == std::vector<std::string>{"GET " + kList});
    CHECK(recorder.lines.empty());
    CHECK_FALSE(result.ok());
    CHECK(kind_of(result.failure) == "refused");
    CHECK(message_of(result.failure) ==
          "the live daemonset.apps/fluentd in namespace logging selects its pods by app=daemonset, but the "
          "manifest's "
          "selects by app.kubernetes.io/name=fluentd, and a DaemonSet's selector cannot be changed "
          "(Planton's own "
          "module selects by app=daemonset); nothing was changed; --replace-on-immutable deletes the "
          "DaemonSet and "
          "creates it again, which replaces its pods");
    CHECK(result.applied.empty());
    CHECK(names(result.not_applied) == std::vector<std::string>{"serviceaccount/fluentd",
                                                                "configmap/fluentd-config",
                                                                "daemonset.apps/fluentd"});
}

TEST_CASE("the same selector written differently is no change", "[kube][apply]") {
    FakeTransport fake;
    fake.push(
        200, list_body("100",
                       live_daemonset(
                           R"({"matchLabels":{"app.kubernetes.io/name":"fluentd"},"matchExpressions":[]})")));
    fake.push(200, served(daemonset(), "100"));
    Client client(fake);
    CHECK(apply_objects(client, {daemonset()}, ApplyRunOptions{}).ok());
}

TEST_CASE("replace-on-immutable deletes, waits until gone, then applies", "[kube][apply]") {
    FakeTransport fake;
    FakeClock clock;
    const std::string live = live_daemonset(R"({"matchLabels":{"app":"daemonset"}})");
    fake.push(200, list_body("100", live));
    fake.push(200, R"({"kind":"Status","status":"Success"})");  // DELETE
    fake.push(200, live);                                       // still terminating
    fake.push(200, live);
    fake.push(404, R"({"kind":"Status","code":404})");  // gone
    fake.push(200, served(config_map(), "100"));        // GET of the ConfigMap
    fake.push(200, served(config_map(), "100"));
    fake.push(201, served(daemonset(), "120"));
    Client client(fake);
    Recorder recorder;
    ApplyRunOptions options;
    options.replace_on_immutable = true;
    options.clock = &clock;
    options.poll_interval = std::chrono::seconds(2);
    const ApplyResult result =
        apply_objects(client, {config_map(), daemonset()}, options, recorder.callback());
    CHECK(requests_of(fake) ==
          std::vector<std::string>{"GET " + kList, "DELETE " + kDsPath + "?propagationPolicy=Foreground",
                                   "GET " + kDsPath, "GET " + kDsPath, "GET " + kDsPath,
                                   "GET " + kCmPath, "PATCH " + kCmPath + kManager,
                                   "PATCH " + kDsPath + kManager});
    CHECK(clock.sleeps ==
          std::vector<std::chrono::milliseconds>{std::chrono::seconds(2), std::chrono::seconds(2)});
    CHECK(recorder.lines == std::vector<std::string>{"daemonset.apps/fluentd deleted",
                                                     "configmap/fluentd-config unchanged",
                                                     "daemonset.apps/fluentd created"});
    CHECK(result.ok());

    SECTION("in a dry run the DELETE is a dry run and nothing waits") {
        FakeTransport dry;
        dry.push(200, list_body("100", live));
        dry.push(200, R"({"kind":"DaemonSet"})");
        Client c(dry);
        Recorder lines;
        lines.dry_run = true;
        options.apply.dry_run = true;
        const ApplyResult r = apply_objects(c, {daemonset()}, options, lines.callback());
        CHECK(requests_of(dry) ==
              std::vector<std::string>{"GET " + kList,
                                       "DELETE " + kDsPath + "?propagationPolicy=Foreground&dryRun=All"});
        CHECK(lines.lines == std::vector<std::string>{"daemonset.apps/fluentd deleted (server dry run)",
                                                      "daemonset.apps/fluentd created (server dry run)"});
        CHECK(r.ok());
    }
}

TEST_CASE("replace-on-immutable gives up when the DaemonSet stays", "[kube][apply]") {
    FakeTransport fake;
    FakeClock clock;
    const std::string live = live_daemonset(R"({"matchLabels":{"app":"daemonset"}})");
    fake.handler = [&](const planton::kube::HttpRequest& request) {
        if (request.method == "DELETE") return FakeTransport::answer(200, "{}");
        if (request.path == kList) return FakeTransport::answer(200, list_body("100", live));
        return FakeTransport::answer(200, live);
    };
    Client client(fake);
    ApplyRunOptions options;
    options.replace_on_immutable = true;
    options.clock = &clock;
    options.timeout = std::chrono::seconds(10);
    options.poll_interval = std::chrono::seconds(1);
    const ApplyResult result = apply_objects(client, {config_map(), daemonset()}, options);
    CHECK(message_of(result.failure) ==
          "daemonset.apps/fluentd was deleted but is still there after 10s (its pods are still "
          "terminating?); nothing else was changed; run apply again once it is gone");
    CHECK(kind_of(result.failure) == "timed out");
    CHECK(clock.sleeps.size() == 10);
    CHECK(names(result.not_applied) ==
          std::vector<std::string>{"configmap/fluentd-config", "daemonset.apps/fluentd"});
}

TEST_CASE("a failure stops the run and says what was and was not applied", "[kube][apply]") {
    FakeTransport fake;
    fake.push(200, list_body("100"));
    fake.push(404, kNotFound);
    fake.push(201, served(service_account(), "101"));
    fake.push(404, kNotFound);
    fake.push(409,
              R"({"kind":"Status","code":409,"reason":"Conflict","message":"Apply failed with 1 conflict",
      "details":{"causes":[{"reason":"FieldManagerConflict","field":".data.fluentd-config",
      "message":"conflict with \"kubectl-edit\" using v1"}]}})");
    Client client(fake);
    Recorder recorder;
    const ApplyResult result = apply_objects(client, three_objects(), ApplyRunOptions{}, recorder.callback());
    CHECK(fake.requests.size() == 5);
    CHECK(recorder.lines == std::vector<std::string>{"serviceaccount/fluentd created"});
    CHECK(message_of(result.failure) ==
          "cannot apply configmap/fluentd-config: conflict (409): fields owned by another manager:\n"
          "  .data.fluentd-config: conflict with \"kubectl-edit\" using v1\n"
          "\"kubectl-edit\" wrote them with kubectl (client-side): --adopt moves their fields to planton-ds, as "
          "kubectl apply --server-side does, so the manifest owns them from now on\n"
          "--force-conflicts takes these fields over");
    CHECK(kind_of(result.failure) == "refused");
    CHECK(names(result.not_applied) ==
          std::vector<std::string>{"configmap/fluentd-config", "daemonset.apps/fluentd"});
    CHECK(result.daemonset.is_null());
}

TEST_CASE("failure messages and exit codes of apply", "[kube][apply]") {
    struct Case {
        const char* name;
        long status;
        std::string body;
        std::string transport_error;
        std::string expected;
        std::string kind;
    };
    const std::vector<Case> cases = {
        {"missing namespace", 404,
         R"({"kind":"Status","code":404,"reason":"NotFound","message":"namespaces \"logging\" not found","details":{"name":"logging","kind":"namespaces"}})",
         "",
         "cannot apply serviceaccount/fluentd: namespace \"logging\" does not exist; set create_namespace: "
         "true in the "
         "manifest to create it, or create it first",
         "refused"},
        {"invalid", 422,
         R"({"kind":"Status","code":422,"reason":"Invalid","message":"x","details":{"causes":[{"field":"metadata.name","message":"Invalid value"}]}})",
         "", "cannot apply serviceaccount/fluentd: invalid (422):\n  metadata.name: Invalid value",
         "refused"},
        {"forbidden", 403,
         R"({"kind":"Status","code":403,"reason":"Forbidden","message":"serviceaccounts \"fluentd\" is forbidden: User \"ci\" cannot patch resource \"serviceaccounts\" in API group \"\" in the namespace \"logging\""})",
         "",
         "cannot apply serviceaccount/fluentd: forbidden (403): serviceaccounts \"fluentd\" is forbidden: "
         "User \"ci\" "
         "cannot patch resource \"serviceaccounts\" in API group \"\" in the namespace \"logging\"",
         "refused"},
        {"unauthorized", 401, R"({"kind":"Status","code":401,"message":"Unauthorized"})", "",
         "cannot apply serviceaccount/fluentd: the server https://fake.test:6443 refused the credentials "
         "(401 "
         "Unauthorized): Unauthorized; check the user of the kubeconfig context",
         "unreachable"},
        {"transport", 0, "", "cannot connect to https://fake.test:6443: connection refused",
         "cannot apply serviceaccount/fluentd: cannot connect to https://fake.test:6443: connection refused",
         "unreachable"},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        FakeTransport fake;
        fake.push(200, list_body("100"));
        fake.push(404, kNotFound);  // GET of the ServiceAccount
        if (c.transport_error.empty()) {
            fake.push(c.status, c.body);
        } else {
            fake.push_transport_error(c.transport_error);
        }
        Client client(fake);
        const ApplyResult result = apply_objects(client, three_objects(), ApplyRunOptions{});
        CHECK(message_of(result.failure) == c.expected);
        CHECK(kind_of(result.failure) == c.kind);
        CHECK(result.applied.empty());
        CHECK(result.not_applied.size() == 3);
    }
}

TEST_CASE("a LIST that fails stops before any PATCH", "[kube][apply]") {
    FakeTransport fake;
    planton::kube::HttpResponse busy =
        FakeTransport::answer(503, R"({"kind":"Status","code":503,"message":"etcd is slow"})");
    busy.attempts = 4;
    busy.retry_note = "gave up after 4 attempts within the request timeout of 30s";
    fake.responses.push_back(busy);
    Client client(fake);
    const ApplyResult result = apply_objects(client, three_objects(), ApplyRunOptions{});
    CHECK(fake.requests.size() == 1);
    CHECK(message_of(result.failure) ==
          "cannot list daemonset.apps/fluentd: HTTP 503: etcd is slow (gave up after 4 attempts within "
          "the request timeout of 30s)");
    CHECK(kind_of(result.failure) == "refused");
}

TEST_CASE("selectors as text", "[kube][apply]") {
    using planton::kube::selector_text;
    CHECK(selector_text(json::parse(R"({"matchLabels":{"b":"2","a":"1"}})")) == "a=1,b=2");
    CHECK(selector_text(json::parse(R"({"matchExpressions":[{"key":"tier","operator":"In","values":["a","b"]},
      {"key":"x","operator":"Exists"},{"key":"y","operator":"DoesNotExist"},{"key":"z","operator":"NotIn","values":["c"]}]})")) ==
          "tier in (a,b),x,!y,z notin (c)");
    CHECK(selector_text(json()) == "(no selector)");
}
