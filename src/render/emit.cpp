#include "planton/render/emit.hpp"

#include "planton/error.hpp"

namespace planton::render {

std::string to_yaml(const std::vector<Object>& /*objects*/) { throw Error("YAML output is not implemented yet"); }
std::string to_json_list(const std::vector<Object>& /*objects*/) { throw Error("JSON output is not implemented yet"); }

}  // namespace planton::render
