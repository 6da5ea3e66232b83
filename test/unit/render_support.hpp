#pragma once
// Test-only helpers for the render layer: build a manifest from YAML snippets, render
// it, and pick objects out of the result.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "planton/manifest/parser.hpp"
#include "planton/render/render.hpp"

namespace planton::test {

using render::Object;

inline constexpr std::string_view kDefaultImage = "      image: {repo: busybox, tag: \"1.36\"}\n";

// A valid manifest named `name` in namespace `ns`. `spec` is inserted under `spec:` (2
// spaces of indentation), `app` under `container.app:` (6 spaces), `metadata` under
// `metadata:` (2 spaces); each line of the snippets must carry that indentation.
inline std::string manifest_yaml(std::string_view spec = "", std::string_view app = "",
                                 std::string_view metadata = "", std::string_view name = "agent",
                                 std::string_view ns = "ops") {
    std::string out =
        "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\nmetadata:\n  name: ";
    out += name;
    out += "\n";
    out += metadata;
    out += "spec:\n  namespace: ";
    out += ns;
    out += "\n";
    out += spec;
    out += "  container:\n    app:\n";
    out += kDefaultImage;
    out += app;
    return out;
}

// `text` with its first `from` replaced by `to`; fails the test when `from` is missing.
inline std::string replace_once(std::string text, std::string_view from, std::string_view to) {
    const std::size_t at = text.find(from);
    INFO("missing: " << from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

// Renders the first document of `yaml`; the YAML itself must parse cleanly.
inline render::Result render_result(std::string_view yaml, const render::Options& options = {}) {
    manifest::ParseResult parsed = manifest::parse_text(yaml, "test.yaml");
    std::string problems;
    for (const auto& d : parsed.diagnostics) problems += manifest::to_text(d) + "\n";
    INFO(problems);
    REQUIRE(parsed.diagnostics.empty());
    REQUIRE(!parsed.documents.empty());
    return render::render(parsed.documents.front(), options);
}

// The objects of a manifest that must render without errors.
inline std::vector<Object> render_ok(std::string_view yaml, const render::Options& options = {}) {
    render::Result result = render_result(yaml, options);
    std::string problems;
    for (const auto& d : result.diagnostics)
        if (d.severity == manifest::Severity::error) problems += manifest::to_text(d) + "\n";
    INFO(problems);
    REQUIRE(problems.empty());
    return result.objects;
}

// "Kind/name" of each object, in order.
inline std::vector<std::string> kinds_and_names(const std::vector<Object>& objects) {
    std::vector<std::string> out;
    for (const Object& o : objects)
        out.push_back(o["kind"].get<std::string>() + "/" + o["metadata"]["name"].get<std::string>());
    return out;
}

// The one object of `kind` (and `name`, when given); fails the test when there is not
// exactly one.
inline Object find_object(const std::vector<Object>& objects, std::string_view kind,
                          std::string_view name = "") {
    const Object* found = nullptr;
    int count = 0;
    for (const Object& o : objects) {
        if (o["kind"] != kind) continue;
        if (!name.empty() && o["metadata"]["name"] != name) continue;
        found = &o;
        ++count;
    }
    INFO("kind " << kind << " name " << name);
    REQUIRE(count == 1);
    return *found;
}

inline bool has_kind(const std::vector<Object>& objects, std::string_view kind) {
    for (const Object& o : objects)
        if (o["kind"] == kind) return true;
    return false;
}

inline Object daemonset_of(std::string_view yaml, const render::Options& options = {}) {
    return find_object(render_ok(yaml, options), "DaemonSet");
}

inline Object pod_spec_of(std::string_view yaml) {
    return daemonset_of(yaml)["spec"]["template"]["spec"];
}

inline Object app_container_of(std::string_view yaml) {
    return pod_spec_of(yaml)["containers"][0];
}

// The keys of an object, in order.
inline std::vector<std::string> keys(const Object& o) {
    std::vector<std::string> out;
    for (const auto& item : o.items()) out.push_back(item.key());
    return out;
}

}  // namespace planton::test
