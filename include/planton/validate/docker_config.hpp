#pragma once
// The one rule for the content of a .dockerconfigjson, wherever it comes from (a stack
// input's docker_config_json, the --docker-config-json file): a JSON object with an
// "auths" object, which is what a kubelet reads from a kubernetes.io/dockerconfigjson
// Secret. The content is a credential: no message quotes it.
#include <optional>
#include <string>
#include <string_view>

namespace planton::validate {

// What the rule asks for, to follow a problem in a message.
inline constexpr std::string_view kDockerConfigRule =
    "it must be the content of a .dockerconfigjson file, a JSON object with an \"auths\" object: "
    "{\"auths\": {\"REGISTRY\": {\"auth\": \"...\"}}}";

// nullopt when `content` follows the rule; otherwise what is wrong, to follow the name
// of the input: "is not valid JSON", "is a JSON array, not an object", "has no \"auths\"
// object".
std::optional<std::string> docker_config_problem(std::string_view content);

}  // namespace planton::validate
