#include "planton/kube/warnings.hpp"

#include <mutex>
#include <set>
#include <utility>

#include <spdlog/spdlog.h>

namespace planton::kube {
namespace {

std::mutex reported_mutex;
std::set<std::pair<std::string, std::string>>& reported() {
    static std::set<std::pair<std::string, std::string>> texts;
    return texts;
}

void skip_spaces(const std::string& value, size_t& at) {
    while (at < value.size() && (value[at] == ' ' || value[at] == '\t')) ++at;
}

// One quoted-string (RFC 7230 3.2.6, backslash escapes) at `at`; nullopt when there is none.
bool quoted(const std::string& value, size_t& at, std::string& out) {
    if (at >= value.size() || value[at] != '"') return false;
    for (++at; at < value.size(); ++at) {
        if (value[at] == '\\' && at + 1 < value.size()) {
            out += value[++at];
        } else if (value[at] == '"') {
            ++at;
            return true;
        } else {
            out += value[at];
        }
    }
    return false;
}

// One warning-value `code agent "text" ["date"]` at `at`, as client-go's
// ParseWarningHeader (k8s.io/apimachinery/pkg/util/net/http.go) reads it.
bool one_warning(const std::string& value, size_t& at, int& code, std::string& text) {
    skip_spaces(value, at);
    if (at + 3 > value.size()) return false;
    for (size_t i = at; i < at + 3; ++i)
        if (value[i] < '0' || value[i] > '9') return false;
    code = std::stoi(value.substr(at, 3));
    at += 3;
    if (at >= value.size() || value[at] != ' ') return false;
    ++at;
    while (at < value.size() && value[at] != ' ') ++at;  // the agent
    if (at >= value.size()) return false;
    ++at;
    if (!quoted(value, at, text)) return false;
    skip_spaces(value, at);
    if (at < value.size() && value[at] == '"') {  // an optional warn-date
        std::string date;
        if (!quoted(value, at, date)) return false;
        skip_spaces(value, at);
    }
    return true;
}

}  // namespace

std::vector<std::string> warning_texts(const std::vector<std::string>& header_values) {
    std::vector<std::string> out;
    for (const std::string& value : header_values) {
        std::vector<std::string> texts;
        size_t at = 0;
        bool parsed = true;
        while (at < value.size()) {
            int code = 0;
            std::string text;
            if (!one_warning(value, at, code, text)) {
                parsed = false;
                break;
            }
            if (code == 299 && !text.empty()) texts.push_back(std::move(text));
            skip_spaces(value, at);
            if (at < value.size()) {
                if (value[at] != ',') {
                    parsed = false;
                    break;
                }
                ++at;
            }
        }
        if (!parsed) {
            if (!value.empty()) out.push_back(value);
            continue;
        }
        for (std::string& text : texts) out.push_back(std::move(text));
    }
    return out;
}

void report_warnings(const std::string& server, const std::vector<std::string>& header_values) {
    if (header_values.empty()) return;
    for (const std::string& text : warning_texts(header_values)) {
        {
            std::lock_guard<std::mutex> lock(reported_mutex);
            if (!reported().insert({server, text}).second) continue;
        }
        spdlog::warn("Warning: {}", text);
    }
}

std::vector<std::string> split_header_values(const std::string& joined) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= joined.size()) {
        const size_t end = joined.find('\n', start);
        const std::string value = joined.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!value.empty()) out.push_back(value);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

void reset_reported_warnings() {
    std::lock_guard<std::mutex> lock(reported_mutex);
    reported().clear();
}

}  // namespace planton::kube
