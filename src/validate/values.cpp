// Kubernetes quantities and the int-or-percent values of rolling updates.
#include <cmath>
#include <utility>

#include "syntax.hpp"

namespace planton::validate::detail {
namespace {

bool digit(char c) {
    return c >= '0' && c <= '9';
}

// What a quantity suffix multiplies by: a power of ten and a power of two. Kept apart
// so that "1" and "1000m" compare equal: dividing by an exact power of ten is exact
// where multiplying by an inexact 1e-3 is not.
struct Factor {
    int exp10 = 0;
    long double binary = 1.0L;
};

// nullopt when `suffix` is not a quantity suffix.
std::optional<Factor> suffix_factor(std::string_view suffix) {
    static constexpr std::pair<std::string_view, int> kDecimal[] = {
        {"", 0}, {"n", -9}, {"u", -6}, {"m", -3}, {"k", 3}, {"M", 6}, {"G", 9}, {"T", 12}, {"P", 15}, {"E", 18},
    };
    static constexpr std::pair<std::string_view, long double> kBinary[] = {
        {"Ki", 0x1p10L}, {"Mi", 0x1p20L}, {"Gi", 0x1p30L}, {"Ti", 0x1p40L}, {"Pi", 0x1p50L}, {"Ei", 0x1p60L},
    };
    for (const auto& [name, exp10] : kDecimal) {
        if (name == suffix) return Factor{exp10, 1.0L};
    }
    for (const auto& [name, binary] : kBinary) {
        if (name == suffix) return Factor{0, binary};
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
        return Factor{negative ? -value : value, 1.0L};
    }
    return std::nullopt;
}

}  // namespace

std::optional<long double> parse_quantity(std::string_view text) {
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    // All digits, the fraction's too, as one integer; the fraction moves the exponent.
    long double mantissa = 0;
    std::size_t digits = 0;
    int exp10 = 0;
    for (; i < text.size() && digit(text[i]); ++i, ++digits) mantissa = mantissa * 10 + (text[i] - '0');
    if (i < text.size() && text[i] == '.') {
        for (++i; i < text.size() && digit(text[i]); ++i, ++digits, --exp10) mantissa = mantissa * 10 + (text[i] - '0');
    }
    if (digits == 0) return std::nullopt;
    const auto factor = suffix_factor(text.substr(i));
    if (!factor) return std::nullopt;
    exp10 += factor->exp10;
    long double value = mantissa * factor->binary;
    value = exp10 >= 0 ? value * std::pow(10.0L, exp10) : value / std::pow(10.0L, -exp10);
    return negative ? -value : value;
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
