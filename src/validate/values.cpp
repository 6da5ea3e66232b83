// Kubernetes quantities and the int-or-percent values of rolling updates.
#include <cmath>
#include <utility>

#include "syntax.hpp"

namespace planton::validate::detail {
namespace {

bool digit(char c) {
    return c >= '0' && c <= '9';
}

// The multiplier of a quantity suffix; nullopt when `suffix` is not one.
std::optional<long double> suffix_factor(std::string_view suffix) {
    static constexpr std::pair<std::string_view, long double> kSuffixes[] = {
        {"", 1.0L},      {"n", 1e-9L},    {"u", 1e-6L},    {"m", 1e-3L},    {"k", 1e3L},     {"M", 1e6L},
        {"G", 1e9L},     {"T", 1e12L},    {"P", 1e15L},    {"E", 1e18L},    {"Ki", 0x1p10L}, {"Mi", 0x1p20L},
        {"Gi", 0x1p30L}, {"Ti", 0x1p40L}, {"Pi", 0x1p50L}, {"Ei", 0x1p60L},
    };
    for (const auto& [name, factor] : kSuffixes) {
        if (name == suffix) return factor;
    }
    // A decimal exponent: e or E, then an optionally signed integer.
    if (suffix.size() >= 2 && (suffix[0] == 'e' || suffix[0] == 'E')) {
        std::string_view exponent = suffix.substr(1);
        const bool negative = exponent[0] == '-';
        if (exponent[0] == '+' || exponent[0] == '-') exponent.remove_prefix(1);
        if (exponent.empty() || exponent.size() > 3) return std::nullopt;
        int value = 0;
        for (char c : exponent) {
            if (!digit(c)) return std::nullopt;
            value = value * 10 + (c - '0');
        }
        return std::pow(10.0L, negative ? -value : value);
    }
    return std::nullopt;
}

}  // namespace

std::optional<long double> parse_quantity(std::string_view text) {
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    long double number = 0;
    std::size_t digits = 0;
    for (; i < text.size() && digit(text[i]); ++i, ++digits) number = number * 10 + (text[i] - '0');
    if (i < text.size() && text[i] == '.') {
        long double scale = 0.1L;
        for (++i; i < text.size() && digit(text[i]); ++i, ++digits, scale /= 10)
            number += (text[i] - '0') * scale;
    }
    if (digits == 0) return std::nullopt;
    const auto factor = suffix_factor(text.substr(i));
    if (!factor) return std::nullopt;
    return (negative ? -number : number) * *factor;
}

std::optional<IntOrPercent> parse_int_or_percent(std::string_view text) {
    IntOrPercent out;
    if (text.ends_with('%')) {
        out.percent = true;
        text.remove_suffix(1);
    }
    if (text.empty() || text.size() > 10) return std::nullopt;
    for (char c : text) {
        if (!digit(c)) return std::nullopt;
        out.value = out.value * 10 + (c - '0');
    }
    if (out.value > 2147483647) return std::nullopt;
    return out;
}

}  // namespace planton::validate::detail
