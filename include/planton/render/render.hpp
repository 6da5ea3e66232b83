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

// Validates `doc` and renders it. Never throws for bad input.
Result render(const manifest::Document& doc, const Options& options = {});

}  // namespace planton::render
