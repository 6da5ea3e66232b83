#include "input_scan.hpp"

#include <algorithm>
#include <cstring>

namespace planton::manifest::detail {
namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 when it is invalid (overlong
// forms, surrogates and code points past U+10FFFF included).
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        if (c == 0xE0) low = 0xA0;
        if (c == 0xED) high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        if (c == 0xF0) low = 0x90;
        if (c == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    if (byte(i + 1) < low || byte(i + 1) > high) return 0;
    for (std::size_t k = 2; k < length; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    }
    return length;
}

bool is_marker(std::string_view line, std::string_view marker) {
    return line.starts_with(marker) && (line.size() == 3 || std::strchr(" \t\r", line[3]) != nullptr);
}

// Whether a line holds anything besides blanks and a comment.
bool has_content(std::string_view line) {
    const std::size_t first = line.find_first_not_of(" \t\r");
    return first != std::string_view::npos && line[first] != '#';
}

}  // namespace

std::optional<EncodingProblem> check_encoding(std::string_view text) {
    // UTF-16, as Windows editors and PowerShell's redirections write it: a byte order
    // mark, or text whose first character has a NUL high (or low) byte.
    if (text.size() >= 2) {
        const auto b0 = static_cast<unsigned char>(text[0]);
        const auto b1 = static_cast<unsigned char>(text[1]);
        const bool little = (b0 == 0xFF && b1 == 0xFE) || (b0 != 0 && b0 < 0x80 && b1 == 0);
        const bool big = (b0 == 0xFE && b1 == 0xFF) || (b0 == 0 && b1 != 0 && b1 < 0x80);
        if (little || big) {
            const char* order = little ? "little-endian" : "big-endian";
            const char* name = little ? "UTF-16LE" : "UTF-16BE";
            return EncodingProblem{"invalid-utf8",
                                   std::string("this file is UTF-16 text (") + order +
                                       "), not UTF-8; convert it, e.g. iconv -f " + name +
                                       " -t UTF-8 FILE > NEW-FILE",
                                   1, 1};
        }
    }
    if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
        const std::string_view before = text.substr(0, nul);
        const std::size_t line_start = before.rfind('\n');
        const auto column = line_start == std::string_view::npos ? nul : nul - line_start - 1;
        return EncodingProblem{"binary-file", "this is a binary file (it contains NUL bytes), not YAML",
                               static_cast<int>(std::count(before.begin(), before.end(), '\n')) + 1,
                               static_cast<int>(column) + 1};
    }
    int line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c == '\n') {
                ++line;
                line_start = i + 1;
            }
            ++i;
            continue;
        }
        const std::size_t length = utf8_sequence(text, i);
        if (length == 0) {
            return EncodingProblem{"invalid-utf8", "invalid UTF-8 (the file must be UTF-8 text)", line,
                                   static_cast<int>(i - line_start) + 1};
        }
        i += length;
    }
    return std::nullopt;
}

std::vector<DocumentChunk> split_documents(std::string_view text) {
    std::vector<DocumentChunk> chunks;
    std::size_t chunk_begin = 0;
    int chunk_line = 1;
    int start_line = 0;  // 0 while the chunk holds no content
    int marker_line = 0;
    bool directives = false;
    const auto flush = [&](std::size_t end) {
        if (start_line != 0) {
            chunks.push_back(DocumentChunk{text.substr(chunk_begin, end - chunk_begin), chunk_line,
                                           marker_line != 0 ? marker_line : start_line});
        }
        start_line = 0;
        marker_line = 0;
        directives = false;
    };
    int line_number = 1;
    for (std::size_t pos = 0; pos < text.size(); ++line_number) {
        std::size_t end = text.find('\n', pos);
        const std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(pos, end - pos);
        if (is_marker(line, "---")) {
            if (start_line != 0 || !directives) {
                flush(pos);
                chunk_begin = pos;
                chunk_line = line_number;
            }
            directives = false;
            marker_line = line_number;
            if (has_content(line.substr(3))) start_line = line_number;
            // A `---` alone still opens a document that may hold content later.
        } else if (is_marker(line, "...")) {
            flush(next);
            chunk_begin = next;
            chunk_line = line_number + 1;
        } else if (start_line == 0 && line.starts_with('%')) {
            if (!directives && marker_line == 0) {
                chunk_begin = pos;
                chunk_line = line_number;
            }
            directives = true;
        } else if (start_line == 0 && has_content(line)) {
            start_line = line_number;
        }
        pos = next;
    }
    flush(text.size());
    return chunks;
}

}  // namespace planton::manifest::detail
