#include "planton/kube/duration.hpp"

#include <cctype>
#include <cmath>

namespace planton::kube {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
    if (text == "0") return std::chrono::milliseconds(0);
    if (text.empty()) return std::nullopt;
    double total_ms = 0;
    size_t i = 0;
    while (i < text.size()) {
        const size_t number_start = i;
        while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) != 0 || text[i] == '.'))
            ++i;
        std::string_view number = text.substr(number_start, i - number_start);
        if (number.empty() || number == "." || number.find('.') != number.rfind('.')) return std::nullopt;
        const size_t unit_start = i;
        while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])) != 0) ++i;
        std::string_view unit = text.substr(unit_start, i - unit_start);
        double scale = 0;
        if (unit == "ms") {
            scale = 1;
        } else if (unit == "s") {
            scale = 1000;
        } else if (unit == "m") {
            scale = 60000;
        } else if (unit == "h") {
            scale = 3600000;
        } else {
            return std::nullopt;
        }
        total_ms += std::stod(std::string(number)) * scale;
        // More than ten years is a typo, and keeps the conversion below in range.
        if (total_ms > 315360000000.0) return std::nullopt;
    }
    return std::chrono::milliseconds(static_cast<long long>(std::llround(total_ms)));
}

std::string format_duration(std::chrono::milliseconds duration) {
    long long ms = duration.count();
    if (ms == 0) return "0s";
    std::string out;
    if (ms < 0) {
        out = "-";
        ms = -ms;
    }
    if (ms < 1000) return out + std::to_string(ms) + "ms";
    const long long hours = ms / 3600000;
    const long long minutes = ms / 60000 % 60;
    const long long seconds = ms / 1000 % 60;
    const long long rest = ms % 1000;
    if (hours > 0) out += std::to_string(hours) + "h";
    if (minutes > 0) out += std::to_string(minutes) + "m";
    if (seconds > 0 || rest > 0) {
        out += std::to_string(seconds);
        if (rest > 0) {
            std::string fraction = std::to_string(rest + 1000).substr(1);
            while (fraction.back() == '0') fraction.pop_back();
            out += "." + fraction;
        }
        out += "s";
    }
    return out;
}

}  // namespace planton::kube
