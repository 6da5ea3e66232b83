#include "planton/validate/docker_config.hpp"

#include <nlohmann/json.hpp>

namespace planton::validate {

std::optional<std::string> docker_config_problem(std::string_view content) {
    const auto parsed = nlohmann::json::parse(content, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) return "is not valid JSON";
    if (!parsed.is_object()) return std::string("is a JSON ") + parsed.type_name() + ", not an object";
    const auto auths = parsed.find("auths");
    if (auths == parsed.end() || !auths->is_object()) return "has no \"auths\" object";
    return std::nullopt;
}

}  // namespace planton::validate
