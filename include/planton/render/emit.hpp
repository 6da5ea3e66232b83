#pragma once
// Output formats of rendered objects: a YAML stream and a JSON List (objects.md).
#include <string>
#include <vector>

#include "planton/render/render.hpp"

namespace planton::render {

// One YAML document per object, separated by "---", every ambiguous scalar quoted,
// multi-line strings as block scalars. Deterministic.
std::string to_yaml(const std::vector<Object>& objects);

// {"apiVersion":"v1","kind":"List","items":[...]}, indented, with a trailing newline.
std::string to_json_list(const std::vector<Object>& objects);

}  // namespace planton::render
