#pragma once
// Reading YAML scalars the way Planton's loader does, quoting them in messages, and the
// one escaping of text for a YAML double-quoted scalar (shared with render's emitter).
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
// The booleans only YAML 1.1 has: yes/no, on/off, y/n (in lower, Title or UPPER case),
// which manifests do not accept; used to say what to write instead.
std::optional<bool> parse_yaml11_bool(std::string_view text);

// How append_escaped writes the hex digits of \xHH: messages use lower case, the YAML
// emitter upper case (both read back the same).
enum class HexDigits { lower, upper };

// Appends `text` escaped for a YAML double-quoted scalar, without the quotes: `"` and
// `\` with a backslash, newline, tab and carriage return as \n \t \r, every other
// control character (and DEL) as \xHH, and the characters yaml_escaped_length names
// as \xHH or \uHHHH; all other bytes, UTF-8 included, unchanged.
void append_escaped(std::string& out, std::string_view text, HexDigits digits = HexDigits::lower);

// When `text` starts with the UTF-8 of a character that a YAML 1.1 reader (PyYAML,
// go-yaml of kubectl) takes for a line break or refuses as it is, the length of that
// sequence, else 0: the C1 controls U+0080-U+009F (U+0085 is a line break), the line
// and paragraph separators U+2028 and U+2029, the byte order mark U+FEFF (not content
// for some readers) and the non-characters U+FFFE and U+FFFF.
std::size_t yaml_escaped_length(std::string_view text);

// `text` in double quotes for a message: escaped, and cut to a readable length.
std::string quoted(std::string_view text);

// Appends the path segment of a user key: `.LOG_LEVEL` for identifiers, otherwise
// `["kubernetes.io/os"]`.
void append_key_segment(std::string& path, std::string_view key);

}  // namespace planton::manifest::detail
