#pragma once
// How the YAML emitter writes a string so that every YAML reader — YAML 1.2 core
// schema readers (yaml-cpp) and YAML 1.1 readers (go-yaml, which kubectl uses) — reads
// back exactly that string: plain when nothing could take it for another type, a
// literal block for multi-line text, double quotes otherwise.
#include <string_view>

namespace planton::render {

enum class ScalarStyle { plain, double_quoted, literal_block };

ScalarStyle scalar_style(std::string_view s);

// True when a YAML 1.1 or 1.2 reader would resolve the plain scalar `s` to something
// other than a string: null, a boolean (yes/no/on/off/y/n too), an integer (decimal,
// octal 0755 and 0o755, hex, binary, sexagesimal 1:30, with underscores), a float
// (1e3, .5, .inf, .nan), a timestamp (2001-12-14), or the merge key `<<`.
bool resolves_to_non_string(std::string_view s);

}  // namespace planton::render
