#pragma once
// Reading YAML scalars the way Planton's loader does, and quoting them in messages.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace planton::manifest::detail {

enum class IntParse { ok, invalid, out_of_range };

// A 32-bit integer: optional sign, then decimal digits, `0x` hex or `0o` octal. With
// `file_mode`, a leading 0 means octal (`0644` = 420), as chmod reads it.
IntParse parse_int32(std::string_view text, bool file_mode, std::int64_t& value);

// YAML 1.2 core booleans: true/True/TRUE/false/False/FALSE.
std::optional<bool> parse_bool(std::string_view text);

// `text` in double quotes for a message: escaped, and cut to a readable length.
std::string quoted(std::string_view text);

// Appends the path segment of a user key: `.LOG_LEVEL` for identifiers, otherwise
// `["kubernetes.io/os"]`.
void append_key_segment(std::string& path, std::string_view key);

}  // namespace planton::manifest::detail
