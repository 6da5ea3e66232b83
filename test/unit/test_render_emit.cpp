#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "planton/render/emit.hpp"

#include "render/scalar_style.hpp"
#include "yaml_reader.hpp"

using planton::render::Object;
using planton::render::ScalarStyle;
using planton::render::to_json_list;
using planton::render::to_yaml;

namespace {

std::string emit_value(const Object& value) {
    return to_yaml({Object{{"v", value}}});
}

}  // namespace

TEST_CASE("strings a reader could take for another type are quoted", "[render][emit]") {
    struct Case {
        std::string in;
        std::string out;
    };
    const std::vector<Case> cases = {
        {"true", "v: \"true\"\n"},
        {"yes", "v: \"yes\"\n"},
        {"on", "v: \"on\"\n"},
        {"Off", "v: \"Off\"\n"},
        {"y", "v: \"y\"\n"},
        {"1", "v: \"1\"\n"},
        {"0", "v: \"0\"\n"},
        {"0755", "v: \"0755\"\n"},
        {"1e3", "v: \"1e3\"\n"},
        {"null", "v: \"null\"\n"},
        {"~", "v: \"~\"\n"},
        {"", "v: \"\"\n"},
        {" lead", "v: \" lead\"\n"},
        {"trail ", "v: \"trail \"\n"},
        {"a: b", "v: \"a: b\"\n"},
        {"a #b", "v: \"a #b\"\n"},
        {"-1", "v: \"-1\"\n"},
        {".5", "v: \".5\"\n"},
        {".inf", "v: \".inf\"\n"},
        {"1:30", "v: \"1:30\"\n"},
        {"2001-12-14", "v: \"2001-12-14\"\n"},
        {"0x1F", "v: \"0x1F\"\n"},
        {"*ref", "v: \"*ref\"\n"},
        {"&anchor", "v: \"&anchor\"\n"},
        {"!tag", "v: \"!tag\"\n"},
        {"- x", "v: \"- x\"\n"},
        {"-", "v: \"-\"\n"},
        {"key:", "v: \"key:\"\n"},
        {"{a}", "v: \"{a}\"\n"},
        {"a\tb", "v: \"a\\tb\"\n"},
        {"say \"hi\"", "v: say \"hi\"\n"},
        {"<<", "v: \"<<\"\n"},
        {"2.4.1", "v: \"2.4.1\"\n"},
        {"1_000", "v: \"1_000\"\n"},
        {"0o755", "v: \"0o755\"\n"},
        {"0b101", "v: \"0b101\"\n"},
        {"+1.5E-3", "v: \"+1.5E-3\"\n"},
        {"2001-12-14t21:59:43.10-05:00", "v: \"2001-12-14t21:59:43.10-05:00\"\n"},
        {"2001-12-14 21:59:43.10 -5", "v: \"2001-12-14 21:59:43.10 -5\"\n"},
        {"190:20:30.15", "v: \"190:20:30.15\"\n"},
        {"2020-01-01/x", "v: \"2020-01-01/x\"\n"},
        {"..5", "v: \"..5\"\n"},
        // A character no number or timestamp has: a string for every reader, plain.
        {"400m", "v: 400m\n"},
        {"512Mi", "v: 512Mi\n"},
        {"1Gi", "v: 1Gi\n"},
        {"12h", "v: 12h\n"},
        {"10.0.0.0/8", "v: 10.0.0.0/8\n"},
        {"550.54.15-ubuntu22.04", "v: 550.54.15-ubuntu22.04\n"},
        {"v1.7.0", "v: v1.7.0\n"},
        {"--config=/etc/x", "v: --config=/etc/x\n"},
        {"docker.io/calico/node:v3.27.3", "v: docker.io/calico/node:v3.27.3\n"},
        {"http://x:80/a", "v: http://x:80/a\n"},
        {"^/(dev|proc)($|/)", "v: ^/(dev|proc)($|/)\n"},
    };
    for (const Case& c : cases) {
        INFO("input: [" << c.in << "]");
        CHECK(emit_value(c.in) == c.out);
    }
}

TEST_CASE("multi-line strings are literal block scalars with the right chomping", "[render][emit]") {
    CHECK(emit_value("a\nb\n") == "v: |\n  a\n  b\n");
    CHECK(emit_value("a\nb") == "v: |-\n  a\n  b\n");
    CHECK(emit_value("a\n\n") == "v: |+\n  a\n\n");
    CHECK(emit_value("  indented\nnext\n") == "v: |2\n    indented\n  next\n");
    CHECK(emit_value("a\n\nb\n") == "v: |\n  a\n\n  b\n");
    CHECK(emit_value("\n  x\n") == "v: |2\n\n    x\n");
    // Text a block scalar cannot carry falls back to double quotes.
    CHECK(emit_value("\n\n") == "v: \"\\n\\n\"\n");
    CHECK(emit_value("a\nb ") == "v: \"a\\nb \"\n");
    CHECK(emit_value("a\r\nb") == "v: \"a\\r\\nb\"\n");
}

TEST_CASE("kubectl layout: nested maps, sequences under keys, empty collections", "[render][emit]") {
    Object ds = Object::parse(R"({"apiVersion":"apps/v1","kind":"DaemonSet",
        "metadata":{"name":"x","labels":{"app.kubernetes.io/name":"x","planton.ai/resource":"true"}},
        "spec":{"template":{"spec":{"containers":[{"name":"x","args":["-a","--b"],"ports":[{"containerPort":9100}]}],
        "nodeSelector":{},"tolerations":[]}}}})");
    CHECK(to_yaml({ds}) ==
          "apiVersion: apps/v1\n"
          "kind: DaemonSet\n"
          "metadata:\n"
          "  name: x\n"
          "  labels:\n"
          "    app.kubernetes.io/name: x\n"
          "    planton.ai/resource: \"true\"\n"
          "spec:\n"
          "  template:\n"
          "    spec:\n"
          "      containers:\n"
          "      - name: x\n"
          "        args:\n"
          "        - -a\n"
          "        - --b\n"
          "        ports:\n"
          "        - containerPort: 9100\n"
          "      nodeSelector: {}\n"
          "      tolerations: []\n");
}

TEST_CASE("a stream separates documents; JSON is one List", "[render][emit]") {
    std::vector<Object> objects = {Object{{"kind", "Namespace"}},
                                   Object{{"kind", "ConfigMap"}, {"data", {{"k", "1"}}}}};
    CHECK(to_yaml(objects) == "kind: Namespace\n---\nkind: ConfigMap\ndata:\n  k: \"1\"\n");
    CHECK(to_json_list(objects) ==
          "{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"List\",\n    \"items\": [\n"
          "        {\n            \"kind\": \"Namespace\"\n        },\n"
          "        {\n            \"kind\": \"ConfigMap\",\n            \"data\": {\n                \"k\": "
          "\"1\"\n"
          "            }\n        }\n    ]\n}\n");
    CHECK(to_yaml({}) == "");
}

// YAML 1.1 readers (PyYAML, go-yaml of kubectl) take U+0085, U+2028 and U+2029 for line
// breaks, and refuse C1 controls, U+FFFE and U+FFFF written as they are; a byte order
// mark inside a document is not content for some readers. Each is escaped.
TEST_CASE("characters a YAML 1.1 reader breaks lines at or refuses are escaped", "[render][emit]") {
    struct Case {
        std::string in;
        std::string out;
    };
    const std::vector<Case> cases = {
        {"Collects logs\u2028(see runbook)", "v: \"Collects logs\\u2028(see runbook)\"\n"},
        {"a\u2029b", "v: \"a\\u2029b\"\n"},
        {"a\u0085b", "v: \"a\\x85b\"\n"},
        {"a\u0080b\u009f", "v: \"a\\x80b\\x9F\"\n"},
        {"\ufeffx", "v: \"\\uFEFFx\"\n"},
        {"x\ufeff", "v: \"x\\uFEFF\"\n"},
        {"a\ufffeb\uffff", "v: \"a\\uFFFEb\\uFFFF\"\n"},
        {"del\x7f", "v: \"del\\x7F\"\n"},
        // Multi-line text with one of them cannot be a block scalar either.
        {"line1\nline\u20282\n", "v: \"line1\\nline\\u20282\\n\"\n"},
        // What every reader takes as it is stays as it is.
        {"\u00a0nbsp \u00e9 \u65e5\u672c \U0001F600 \uE000 \uFFFD",
         "v: \u00a0nbsp \u00e9 \u65e5\u672c \U0001F600 \uE000 \uFFFD\n"},
    };
    for (const Case& c : cases) {
        INFO("input: [" << c.in << "]");
        CHECK(emit_value(c.in) == c.out);
    }
    CHECK(to_yaml({Object{{"k\u2028", 1}}}) == "\"k\\u2028\": 1\n");
}

TEST_CASE("keys that need it are quoted too", "[render][emit]") {
    CHECK(to_yaml({Object{{"on", 1}, {"a: b", 2}, {"plain.key/x", 3}}}) ==
          "\"on\": 1\n\"a: b\": 2\nplain.key/x: 3\n");
}

// Round trip: whatever the strings, reading the YAML back (with YAML 1.1 resolution,
// the strictest reader kubectl's side uses) gives exactly the objects that were
// written, and those equal the JSON output's items.
TEST_CASE("round trip of generated awkward strings", "[render][emit][roundtrip]") {
    const std::vector<std::string> atoms = {
        "true", "no",   "ON",  "1",  "0755", "1e3", "null", "~",          "-",    "--x", ":",   ": ",  " #",
        "#",    "'",    "\"",  "\\", "{",    "}",   "[",    "]",          ",",    "&",   "*",   "!",   "|",
        ">",    "%",    "@",   "`",  "?",    " ",   "  ",   "\n",         "\n\n", "\t",  "a",   "b c", "x=y",
        "é",    "日本", "1.5", ".5", "-1",   "+1",  "0x10", "2020-01-01", "<<",   "=",   "...", "---", "k: v",
        "# c",  "\r",   "m",   "Mi", "e",    "_",   "0o",   "T",          "Z",    "1_0", "/"};
    std::mt19937 rng(20261123);
    std::uniform_int_distribution<std::size_t> pick(0, atoms.size() - 1);
    std::uniform_int_distribution<int> len(1, 4);
    Object doc = Object::object();
    Object list = Object::array();
    for (int i = 0; i < 3000; ++i) {
        std::string s;
        for (int n = len(rng); n > 0; --n) s += atoms[pick(rng)];
        list.push_back(s);
        doc["k" + std::to_string(i) + s] = s;
    }
    std::vector<Object> objects = {
        Object{{"list", list}, {"map", doc}, {"n", 42}, {"b", false}, {"z", nullptr}}};
    const std::string yaml = to_yaml(objects);
    auto back = planton::test::read_yaml_stream(yaml);
    REQUIRE(back.size() == 1);
    // Compare entry by entry so that a failure names the string that did not survive.
    for (std::size_t i = 0; i < list.size(); ++i) {
        INFO("string: " << list[i].dump());
        REQUIRE(back[0]["list"][i] == list[i]);
    }
    CHECK(back[0] == objects[0]);
    CHECK(Object::parse(to_json_list(objects))["items"][0] == back[0]);
}
