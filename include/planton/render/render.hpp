#pragma once
// Manifest model -> the Kubernetes objects of ../shared/spec/objects.md, in apply order.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "planton/manifest/diagnostic.hpp"
#include "planton/manifest/model.hpp"

namespace planton::render {

using Object = nlohmann::ordered_json;

struct Options {
    // Content of a .dockerconfigjson given with --docker-config-json; a stack input's
    // docker_config_json is used when this is empty.
    std::optional<std::string> docker_config_json;
};

struct Result {
    std::vector<Object> objects;        // empty when diagnostics has an error
    manifest::Diagnostics diagnostics;  // validate's errors and lint warnings
};

// Validates `doc` (validate::check, not strict) and, when validate finds no error,
// renders it. Render has no rules of its own: what it cannot render faithfully (a
// `value_from` reference, which only the Planton orchestrator resolves; a secret_ref into
// another namespace) is a rule of validate, so the diagnostics are exactly validate's.
// With any error, no object is rendered. Documents that are neither a KubernetesDaemonSet
// nor a stack input give nothing. Deterministic; never throws for bad input.
Result render(const manifest::Document& doc, const Options& options = {});

}  // namespace planton::render
