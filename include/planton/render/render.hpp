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
    manifest::Diagnostics diagnostics;  // validation errors and render-only errors
};

// Validates `doc` (validate::check, not strict) and renders it. The diagnostics are
// validate's (errors and lint warnings) plus the errors only rendering finds, in
// validate's form: `value-from` (a value_from reference, which only the Planton
// orchestrator resolves) and `cross-namespace-secret` (a secret_ref into another
// namespace); one validate already reported at the same field is not repeated. With any
// error, no object is rendered. Documents that are neither a KubernetesDaemonSet nor a
// stack input give nothing. Deterministic; never throws for bad input.
Result render(const manifest::Document& doc, const Options& options = {});

}  // namespace planton::render
