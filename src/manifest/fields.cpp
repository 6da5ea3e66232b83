#include "planton/manifest/fields.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "edit_distance.hpp"

namespace planton::manifest {

std::string detail::normalized_name(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '_' || c == '-') continue;
        out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return out;
}

std::size_t detail::edit_distance(std::string_view a, std::string_view b) {
    constexpr std::size_t kMax = 64;
    if (a.size() >= kMax || b.size() >= kMax) return kMax;
    std::array<std::array<std::size_t, kMax>, kMax> d{};
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

namespace {

std::size_t allowed_distance(std::size_t length) {
    if (length <= 4) return 1;
    if (length <= 8) return 2;
    return 3;
}

}  // namespace

const Field* find_field(const ObjectType& type, std::string_view key) {
    for (const Field& field : type.fields) {
        if (field.name == key || field.camel_name == key) return &field;
    }
    return nullptr;
}

std::string_view suggest_field(const ObjectType& type, std::string_view key) {
    const std::string wanted = detail::normalized_name(key);
    const Field* best = nullptr;
    std::size_t best_distance = allowed_distance(wanted.size()) + 1;
    for (const Field& field : type.fields) {
        const std::size_t distance = detail::edit_distance(wanted, detail::normalized_name(field.name));
        if (distance < best_distance) {
            best = &field;
            best_distance = distance;
        }
    }
    // A field whose name ends with the unknown one, or the reverse: `protocol` for
    // `network_protocol` (and back), `port` for `port_number`.
    for (const Field& field : type.fields) {
        if (best != nullptr || wanted.size() < 4) break;
        const std::string name = detail::normalized_name(field.name);
        if (name.ends_with(wanted) || name.starts_with(wanted) ||
            (name.size() >= 4 && wanted.ends_with(name)))
            best = &field;
    }
    if (best == nullptr) return {};
    const bool camel = key.find('_') == std::string_view::npos &&
                       std::any_of(key.begin(), key.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    return camel ? best->camel_name : best->name;
}

std::string to_camel_case(std::string_view snake) {
    std::string out;
    out.reserve(snake.size());
    bool upper = false;
    for (char c : snake) {
        if (c == '_') {
            upper = true;
        } else {
            out.push_back(upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
            upper = false;
        }
    }
    return out;
}

}  // namespace planton::manifest
