#include "render/scalar_style.hpp"

#include <array>

#include "manifest/scalars.hpp"

namespace planton::render {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

constexpr std::array<std::string_view, 30> kReservedWords{
    "null", "Null", "NULL", "~",  "true", "True", "TRUE", "false", "False", "FALSE",
    "yes",  "Yes",  "YES",  "no", "No",   "NO",   "on",   "On",    "ON",    "off",
    "Off",  "OFF",  "y",    "Y",  "n",    "N",    "<<",   "=",     ".inf",  ".nan"};

bool is_special_float(std::string_view s) {
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) s.remove_prefix(1);
    return s == ".inf" || s == ".Inf" || s == ".INF" || s == ".nan" || s == ".NaN" || s == ".NAN";
}

// Every character a YAML 1.1 or 1.2 number or timestamp can hold: digits, signs, the
// point, exponents, the 0x/0o/0b prefixes and hex digits, 1.1's `_` and sexagesimal
// `:`, and the timestamp's `T`, `Z` and space.
bool in_number_alphabet(char c) {
    if (is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) return true;
    switch (c) {
        case '+':
        case '-':
        case '.':
        case '_':
        case ':':
        case ' ':
        case 'x':
        case 'X':
        case 'o':
        case 'O':
        case 't':
        case 'T':
        case 'z':
        case 'Z':
            return true;
        default:
            return false;
    }
}

}  // namespace

// Anything that starts like a number and holds only characters of numbers and
// timestamps is treated as one: "1.2.3" or "10.0.0.0" stay strings in every reader,
// but quoting them costs nothing and keeps the rule simple enough to trust (YAML 1.1
// also reads 1:30 and 1_000 as integers, 2001-12-14 as a timestamp). A character no
// number has — the unit of a quantity such as 400m, 512Mi or 1Gi, a slash — makes it a
// string for every reader, so it stays plain, as kubectl writes it.
bool resolves_to_non_string(std::string_view s) {
    if (s.empty()) return true;
    if (s.size() <= 5) {  // the longest reserved word; most strings are longer
        for (std::string_view word : kReservedWords) {
            if (s == word) return true;
        }
    }
    if (is_special_float(s)) return true;
    std::string_view rest = s;
    if (rest.front() == '+' || rest.front() == '-') rest.remove_prefix(1);
    // YAML 1.1's float pattern allows several points before the digits ("..5").
    while (!rest.empty() && rest.front() == '.') rest.remove_prefix(1);
    if (rest.empty() || !is_digit(rest.front())) return false;
    // Anything that starts like a date is quoted whatever follows, as some readers
    // match timestamps by their start.
    if (s.size() >= 5 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) && s[4] == '-')
        return true;
    for (char c : s)
        if (!in_number_alphabet(c)) return false;
    return true;
}

ScalarStyle scalar_style(std::string_view s) {
    if (s.empty()) return ScalarStyle::double_quoted;
    bool multiline = false;
    bool only_newlines_and_spaces = true;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '\n') {
            multiline = true;
            continue;
        }
        if (c != ' ') only_newlines_and_spaces = false;
        // Control characters (tab, CR, ESC…) and DEL cannot be written plain or in a
        // block scalar without being changed by some reader; nor can the characters a
        // YAML 1.1 reader breaks lines at or refuses (U+0085, U+2028, C1 controls, …).
        if (c < 0x20 || c == 0x7f) return ScalarStyle::double_quoted;
        if (c >= 0x80 && manifest::detail::yaml_escaped_length(s.substr(i)) > 0)
            return ScalarStyle::double_quoted;
    }
    if (multiline) {
        // A block scalar cannot carry text that is only line breaks and spaces, or
        // trailing spaces after the last line break.
        if (only_newlines_and_spaces) return ScalarStyle::double_quoted;
        if (s.back() == ' ') return ScalarStyle::double_quoted;
        return ScalarStyle::literal_block;
    }
    if (s.front() == ' ' || s.back() == ' ') return ScalarStyle::double_quoted;
    if (resolves_to_non_string(s)) return ScalarStyle::double_quoted;
    switch (s.front()) {
        case '?':
        case ':':
        case ',':
        case '[':
        case ']':
        case '{':
        case '}':
        case '#':
        case '&':
        case '*':
        case '!':
        case '|':
        case '>':
        case '\'':
        case '"':
        case '%':
        case '@':
        case '`':
            return ScalarStyle::double_quoted;
        case '-':
            // "--config=x" is a fine plain scalar; "-" or "- x" would start a sequence.
            if (s.size() == 1 || s[1] == ' ') return ScalarStyle::double_quoted;
            break;
        default:
            break;
    }
    if (s.back() == ':') return ScalarStyle::double_quoted;
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        if ((s[i] == ':' && s[i + 1] == ' ') || (s[i] == ' ' && s[i + 1] == '#')) {
            return ScalarStyle::double_quoted;
        }
    }
    // Flow indicators are harmless in block context for YAML 1.2, but some YAML 1.1
    // readers stumble over them; quoting keeps every reader on the same page.
    for (char c : s) {
        if (c == '{' || c == '}' || c == '[' || c == ']' || c == ',') return ScalarStyle::double_quoted;
    }
    return ScalarStyle::plain;
}

}  // namespace planton::render
