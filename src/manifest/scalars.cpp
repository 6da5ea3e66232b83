#include "scalars.hpp"

#include <cstdio>
#include <initializer_list>

namespace planton::manifest::detail {
namespace {

int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 99;
}

bool is_identifier(std::string_view key) {
    if (key.empty() || (key[0] >= '0' && key[0] <= '9')) return false;
    for (char c : key) {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

std::size_t yaml_escaped_length(std::string_view text) {
    const auto byte = [&](std::size_t i) {
        return i < text.size() ? static_cast<unsigned char>(text[i]) : 0;
    };
    if (byte(0) == 0xC2 && byte(1) >= 0x80 && byte(1) <= 0x9F) return 2;  // U+0080-U+009F
    if (byte(0) == 0xE2 && byte(1) == 0x80 && (byte(2) == 0xA8 || byte(2) == 0xA9)) return 3;  // U+2028/9
    if (byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) return 3;                       // U+FEFF
    if (byte(0) == 0xEF && byte(1) == 0xBF && (byte(2) == 0xBE || byte(2) == 0xBF)) return 3;  // U+FFFE/F
    return 0;
}

void append_escaped(std::string& out, std::string_view text, HexDigits digits) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            if (const std::size_t length = yaml_escaped_length(text.substr(i)); length > 0) {
                // Decode the 2- or 3-byte sequence to its code point.
                const unsigned code =
                    length == 2 ? ((c & 0x1Fu) << 6) | (text[i + 1] & 0x3Fu)
                                : ((c & 0x0Fu) << 12) | ((text[i + 1] & 0x3Fu) << 6) | (text[i + 2] & 0x3Fu);
                char buffer[12];
                const bool upper = digits == HexDigits::upper;
                if (code <= 0xFF) {
                    std::snprintf(buffer, sizeof buffer, upper ? "\\x%02X" : "\\x%02x", code);
                } else {
                    std::snprintf(buffer, sizeof buffer, upper ? "\\u%04X" : "\\u%04x", code);
                }
                out += buffer;
                i += length - 1;
                continue;
            }
        }
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    char buffer[8];
                    std::snprintf(buffer, sizeof buffer, digits == HexDigits::upper ? "\\x%02X" : "\\x%02x",
                                  c);
                    out += buffer;
                } else {
                    out.push_back(static_cast<char>(c));
                }
        }
    }
}

std::optional<bool> parse_yaml11_bool(std::string_view text) {
    for (std::string_view word : {"yes", "Yes", "YES", "on", "On", "ON", "y", "Y"})
        if (text == word) return true;
    for (std::string_view word : {"no", "No", "NO", "off", "Off", "OFF", "n", "N"})
        if (text == word) return false;
    return std::nullopt;
}

IntParse parse_int32(std::string_view text, bool file_mode, std::int64_t& value) {
    bool negative = false;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X') && !file_mode) {
        base = 16;
        text.remove_prefix(2);
    } else if (text.size() > 2 && text[0] == '0' && (text[1] == 'o' || text[1] == 'O')) {
        base = 8;
        text.remove_prefix(2);
    } else if (file_mode && text.size() > 1 && text[0] == '0') {
        base = 8;
        text.remove_prefix(1);
    }
    if (text.empty()) return IntParse::invalid;
    constexpr std::uint64_t kLimit = std::uint64_t{1} << 32;
    std::uint64_t magnitude = 0;
    for (char c : text) {
        const int digit = digit_value(c);
        if (digit >= base) return IntParse::invalid;
        if (magnitude < kLimit)
            magnitude = magnitude * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(digit);
    }
    const std::uint64_t max = negative ? (std::uint64_t{1} << 31) : (std::uint64_t{1} << 31) - 1;
    if (magnitude > max) return IntParse::out_of_range;
    value = negative ? -static_cast<std::int64_t>(magnitude) : static_cast<std::int64_t>(magnitude);
    return IntParse::ok;
}

std::optional<bool> parse_bool(std::string_view text) {
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
    return std::nullopt;
}

std::string quoted(std::string_view text) {
    constexpr std::size_t kMax = 60;
    std::string out = "\"";
    if (text.size() > kMax) {
        std::size_t cut = kMax;
        // Do not cut a UTF-8 sequence in half.
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        append_escaped(out, text.substr(0, cut));
        out += "...";
    } else {
        append_escaped(out, text);
    }
    out += '"';
    return out;
}

void append_key_segment(std::string& path, std::string_view key) {
    if (is_identifier(key)) {
        if (!path.empty()) path += '.';
        path += key;
    } else {
        path += "[\"";
        append_escaped(path, key);
        path += "\"]";
    }
}

}  // namespace planton::manifest::detail
