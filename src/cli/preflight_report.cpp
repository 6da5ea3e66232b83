#include "cli/preflight_report.hpp"

#include <spdlog/spdlog.h>

namespace planton::cli {

void print_preflight(const kube::PreflightResult& preflight) {
    for (const auto& note : preflight.notes) spdlog::info("note: {}", note);
    // Every node covered is the usual case and says nothing; zero nodes is a warning.
    if (preflight.coverage && !preflight.coverage->excluded.empty() && preflight.coverage->matching > 0)
        spdlog::info("{}", kube::coverage_text(*preflight.coverage));
    for (const auto& warning : preflight.warnings) spdlog::warn("warning: {}", warning);
}

}  // namespace planton::cli
