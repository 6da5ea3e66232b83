#include "cli/validate_report.hpp"

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

namespace planton::cli {

namespace {

std::string counted(int n, const char* singular, const char* plural) {
    return std::to_string(n) + ' ' + (n == 1 ? singular : plural);
}

}  // namespace

int ValidationReport::count(manifest::Severity severity) const {
    return static_cast<int>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                          [&](const manifest::Diagnostic& d) { return d.severity == severity; }));
}

void sort_diagnostics(manifest::Diagnostics& diagnostics) {
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [](const manifest::Diagnostic& a, const manifest::Diagnostic& b) {
                         if (a.file != b.file) return a.file < b.file;
                         if (a.line != b.line) return a.line < b.line;
                         return a.column < b.column;
                     });
}

std::string summary_line(const ValidationReport& report) {
    std::string line = counted(report.files, "file", "files") + ", " +
                       counted(report.documents, "document", "documents") + ": " +
                       counted(report.count(manifest::Severity::error), "error", "errors") + ", " +
                       counted(report.count(manifest::Severity::warning), "warning", "warnings");
    if (report.skipped > 0) line += ", " + std::to_string(report.skipped) + " skipped";
    return line;
}

void write_text(std::ostream& out, const ValidationReport& report) {
    std::string text;
    for (const auto& d : report.diagnostics) {
        text += manifest::to_text(d);
        text += '\n';
    }
    text += summary_line(report);
    text += '\n';
    out << text;
}

void write_json(std::ostream& out, const ValidationReport& report) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& d : report.diagnostics) {
        list.push_back({{"file", d.file},
                        {"line", d.line},
                        {"column", d.column},
                        {"severity", manifest::severity_name(d.severity)},
                        {"id", d.id},
                        {"path", d.path},
                        {"message", d.message}});
    }
    out << list.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace planton::cli
