#pragma once
// Durations as the command line writes them: "90s", "5m", "1h30m", "500ms", "1.5h", "0".
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace planton::kube {

// Parses a sequence of <number><unit> with units h, m, s, ms (decimal fractions allowed,
// as in Go's time.ParseDuration, which kubectl's flags use). A lone "0" is zero.
// Returns nullopt for anything else: empty text, a number without a unit, an unknown
// unit, a negative value, or a value that does not fit.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// The shortest spelling of a duration in the same units: 30000ms -> "30s",
// 90000ms -> "1m30s", 500ms -> "500ms", 0 -> "0s".
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace planton::kube
