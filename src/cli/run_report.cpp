#include "cli/run_report.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace planton::cli {
namespace {

constexpr const char* kNotStarted = "not started";
constexpr const char* kUnreachable = "unreachable";

// The result word counted for a summary: a failure counts as "failed" or "unreachable".
std::string counted_word(const std::optional<Failure>& failure, const std::string& result) {
    if (!failure) return result;
    return failure->kind == FailureKind::Unreachable ? kUnreachable : "failed";
}

// "5 rolled out, 1 failed": each word with its count, in the order first seen.
std::string counts_text(const std::vector<std::string>& words) {
    std::vector<std::pair<std::string, int>> counts;
    for (const std::string& word : words) {
        auto it = std::find_if(counts.begin(), counts.end(),
                               [&](const auto& entry) { return entry.first == word; });
        if (it == counts.end()) {
            counts.emplace_back(word, 1);
        } else {
            ++it->second;
        }
    }
    std::string out;
    for (const auto& [word, count] : counts)
        out += (out.empty() ? "" : ", ") + std::to_string(count) + " " + word;
    return out;
}

// The sums of desired and ready over the manifests whose DaemonSet was read.
std::optional<std::pair<long long, long long>> counts_sum(const std::vector<ManifestResult>& results) {
    std::optional<std::pair<long long, long long>> sums;
    for (const ManifestResult& result : results) {
        if (!result.desired || !result.ready) continue;
        if (!sums) sums.emplace(0, 0);
        sums->first += *result.desired;
        sums->second += *result.ready;
    }
    return sums;
}

size_t characters(const std::string& text) {
    return static_cast<size_t>(std::count_if(
        text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string padded(const std::string& text, size_t width) {
    const size_t length = characters(text);
    return length >= width ? text : text + std::string(width - length, ' ');
}

}  // namespace

std::optional<Failure> first_failure(const std::vector<ManifestResult>& results) {
    for (const ManifestResult& result : results) {
        if (result.failure) return result.failure;
    }
    return std::nullopt;
}

std::optional<Failure> first_failure(const ContextOutcome& outcome) {
    if (outcome.failure) return outcome.failure;
    return first_failure(outcome.manifests);
}

std::string short_reason(const Failure& failure, size_t width) {
    std::string line = failure.message.substr(0, failure.message.find('\n'));
    if (line.empty()) return failure_kind_name(failure.kind);
    if (characters(line) <= width) return line;
    std::string cut;
    size_t kept = 0;
    for (const char c : line) {
        const bool starts = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        if (starts && ++kept == width) break;
        cut += c;
    }
    return cut + "…";
}

std::string context_result(const ContextOutcome& outcome) {
    if (!outcome.started) return kNotStarted;
    if (const auto failure = first_failure(outcome)) {
        if (failure->kind == FailureKind::Unreachable) return kUnreachable;
        return "failed: " + short_reason(*failure);
    }
    const auto changed = std::find_if(outcome.manifests.begin(), outcome.manifests.end(),
                                      [](const ManifestResult& result) { return result.changed; });
    if (changed != outcome.manifests.end()) return changed->result;
    return outcome.manifests.empty() ? "" : outcome.manifests.front().result;
}

std::string desired_ready(const std::vector<ManifestResult>& results) {
    const auto sums = counts_sum(results);
    return sums ? std::to_string(sums->first) + "/" + std::to_string(sums->second) : "-";
}

std::string duration_text(std::chrono::milliseconds duration) {
    const long long tenths = (duration.count() + 50) / 100;
    char text[32];
    if (tenths < 600) {
        std::snprintf(text, sizeof text, "%lld.%llds", tenths / 10, tenths % 10);
    } else {
        const long long seconds = (duration.count() + 500) / 1000;
        std::snprintf(text, sizeof text, "%lldm%02llds", seconds / 60, seconds % 60);
    }
    return text;
}

std::string finished_line(const ContextOutcome& outcome) {
    const std::string counts = desired_ready(outcome.manifests);
    return context_result(outcome) + " (" + (counts == "-" ? "" : counts + " ready, ") +
           duration_text(outcome.duration) + ")";
}

std::string fleet_table(const std::vector<ContextOutcome>& outcomes) {
    std::vector<std::vector<std::string>> rows = {{"CONTEXT", "RESULT", "DESIRED/READY", "DURATION"}};
    std::vector<std::string> words;
    for (const ContextOutcome& outcome : outcomes) {
        rows.push_back({outcome.context, context_result(outcome), desired_ready(outcome.manifests),
                        outcome.started ? duration_text(outcome.duration) : "-"});
        const auto failure = first_failure(outcome);
        words.push_back(outcome.started ? counted_word(failure, context_result(outcome)) : kNotStarted);
    }
    std::vector<size_t> widths(rows.front().size(), 0);
    for (const auto& row : rows) {
        for (size_t column = 0; column < row.size(); ++column)
            widths[column] = std::max(widths[column], characters(row[column]));
    }
    std::string table;
    for (const auto& row : rows) {
        std::string line;
        for (size_t column = 0; column < row.size(); ++column) {
            const bool last = column + 1 == row.size();
            line += last ? row[column] : padded(row[column], widths[column] + 2);
        }
        table += line + "\n";
    }
    return table + std::to_string(outcomes.size()) + " contexts: " + counts_text(words) + "\n";
}

std::string manifest_summary(const std::vector<ManifestResult>& results) {
    std::vector<std::string> words;
    for (const ManifestResult& result : results) words.push_back(counted_word(result.failure, result.result));
    return std::to_string(results.size()) + " manifests: " + counts_text(words);
}

nlohmann::ordered_json manifest_json(const RenderedManifest& manifest, const ManifestResult& result) {
    nlohmann::ordered_json out = result.json;
    if (!out.is_object()) {
        const std::string label = manifest.label();
        const size_t slash = label.find('/');
        out = nlohmann::ordered_json::object();
        out["namespace"] = slash == std::string::npos ? "" : label.substr(0, slash);
        out["daemonset_name"] = slash == std::string::npos ? label : label.substr(slash + 1);
    }
    if (result.failure) out["error"] = result.failure->message;
    return out;
}

nlohmann::ordered_json manifests_json(const std::vector<RenderedManifest>& manifests,
                                      const std::vector<ManifestResult>& results) {
    if (manifests.size() == 1 && results.size() == 1)
        return manifest_json(manifests.front(), results.front());
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (size_t i = 0; i < manifests.size() && i < results.size(); ++i)
        array.push_back(manifest_json(manifests[i], results[i]));
    return array;
}

nlohmann::ordered_json fleet_json(const std::vector<RenderedManifest>& manifests,
                                  const std::vector<ContextOutcome>& outcomes) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const ContextOutcome& outcome : outcomes) {
        nlohmann::ordered_json entry;
        entry["result"] = context_result(outcome);
        if (outcome.started) {
            const auto sums = counts_sum(outcome.manifests);
            entry["desired"] = sums ? nlohmann::ordered_json(sums->first) : nlohmann::ordered_json();
            entry["ready"] = sums ? nlohmann::ordered_json(sums->second) : nlohmann::ordered_json();
            entry["duration_seconds"] = static_cast<double>(outcome.duration.count()) / 1000.0;
            if (outcome.failure) entry["error"] = outcome.failure->message;
            if (!outcome.manifests.empty()) entry["output"] = manifests_json(manifests, outcome.manifests);
        }
        out[outcome.context] = std::move(entry);
    }
    return out;
}

}  // namespace planton::cli
