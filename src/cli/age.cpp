#include "cli/age.hpp"

#include "planton/kube/exec_plugin.hpp"

namespace planton::cli {

std::string age_text(std::chrono::seconds age) {
    const long long seconds = age.count();
    auto text = [](long long a, const char* unit_a, long long b = 0, const char* unit_b = "") {
        std::string out = std::to_string(a) + unit_a;
        if (b != 0) out += std::to_string(b) + unit_b;
        return out;
    };
    if (seconds < -1) return "<invalid>";
    if (seconds < 0) return "0s";
    if (seconds < 60 * 2) return text(seconds, "s");
    const long long minutes = seconds / 60;
    if (minutes < 10) return text(minutes, "m", seconds % 60, "s");
    if (minutes < 60 * 3) return text(minutes, "m");
    const long long hours = seconds / 3600;
    if (hours < 8) return text(hours, "h", minutes % 60, "m");
    if (hours < 48) return text(hours, "h");
    if (hours < 24 * 8) return text(hours / 24, "d", hours % 24, "h");
    if (hours < 24 * 365 * 2) return text(hours / 24, "d");
    if (hours < 24 * 365 * 8) return text(hours / 24 / 365, "y", (hours / 24) % 365, "d");
    return text(hours / 24 / 365, "y");
}

std::string age_since(const std::string& time, std::chrono::system_clock::time_point now) {
    const auto then = kube::parse_rfc3339(time);
    if (!then || *then == std::chrono::system_clock::time_point::max()) return "<unknown>";
    return age_text(std::chrono::duration_cast<std::chrono::seconds>(now - *then));
}

}  // namespace planton::cli
