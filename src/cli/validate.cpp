// planton-ds validate [FILE...] [-f FILE]... [--strict] [-o text|json|sarif]
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include <spdlog/spdlog.h>

#include "cli/validate_report.hpp"
#include "cli/validate_sarif.hpp"
#include "planton/cli/commands.hpp"
#include "planton/error.hpp"
#include "planton/manifest/parser.hpp"
#include "planton/validate/validator.hpp"

namespace planton::cli {

namespace {

namespace fs = std::filesystem;

struct ValidateCommandOptions {
    std::vector<std::string> positional;
    std::vector<std::string> files;  // -f, repeatable
    bool strict = false;
    std::string output = "text";
};

bool is_yaml_name(const fs::path& path) {
    const std::string ext = path.extension().string();
    return ext == ".yaml" || ext == ".yml";
}

// A missing input is a usage error (exit 2), reported by CLI11 before anything runs.
const CLI::Validator kExistingInput(
    [](std::string& input) -> std::string {
        std::error_code ec;
        if (input == "-" || fs::exists(input, ec)) return {};
        return "No such file or folder: " + input;
    },
    "PATH");

// The files an input stands for: itself, or the *.yaml/*.yml files under a folder,
// sorted so that every run reads (and counts) them in the same order. A folder that
// cannot be listed becomes a diagnostic.
void expand_input(const std::string& input, std::vector<std::string>& files, manifest::Diagnostics& diagnostics) {
    std::error_code ec;
    if (input == "-" || !fs::is_directory(input, ec)) {
        files.push_back(input);
        return;
    }
    std::vector<std::string> found;
    const auto unreadable = [&](const std::string& where, const std::error_code& why) {
        manifest::Diagnostic d;
        d.id = "read-error";
        d.message = "cannot read folder " + where + ": " + why.message();
        d.file = where;
        diagnostics.push_back(std::move(d));
    };
    fs::recursive_directory_iterator it(input, fs::directory_options::none, ec);
    if (ec) return unreadable(input, ec);
    for (const fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
        std::error_code type_ec;
        if (is_yaml_name(it->path()) && it->is_regular_file(type_ec)) found.push_back(it->path().string());
    }
    if (ec) unreadable(input, ec);  // what was found before the error is still read
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
}

// The name diagnostics use for a file (parse_file shows stdin as "<stdin>").
std::string parsed_name(const std::string& file) { return file == "-" ? "<stdin>" : file; }

CommandResult run_validate(const ValidateCommandOptions& options) {
    std::vector<std::string> inputs = options.positional;
    inputs.insert(inputs.end(), options.files.begin(), options.files.end());
    if (inputs.empty()) throw Error(FailureKind::Usage, "validate needs a FILE, a folder or - (see --help)");

    ValidationReport report;
    std::vector<std::string> files;
    for (const auto& input : inputs) expand_input(input, files, report.diagnostics);

    std::set<std::string> seen;  // a file named twice is read once
    const validate::Options check_options{options.strict};
    for (const auto& file : files) {
        if (!seen.insert(file).second) continue;
        ++report.files;
        manifest::ParseResult parsed = manifest::parse_file(file);
        auto& diagnostics = report.diagnostics;
        if (parsed.documents.empty() && parsed.diagnostics.empty()) {
            // An input that checks nothing (say, a generated file that came out empty) must
            // not pass silently.
            diagnostics.push_back(manifest::Diagnostic{manifest::Severity::error, "empty-file",
                                                       "the file holds no YAML document (it is empty or only comments)",
                                                       "", parsed_name(file), 1, 1});
        }
        diagnostics.insert(diagnostics.end(), std::make_move_iterator(parsed.diagnostics.begin()),
                           std::make_move_iterator(parsed.diagnostics.end()));
        for (const auto& doc : parsed.documents) {
            ++report.documents;
            if (doc.kind == manifest::DocumentKind::other) {
                ++report.skipped;
                continue;
            }
            // An unreadable document has its parser diagnostics already.
            if (doc.kind == manifest::DocumentKind::invalid) continue;
            manifest::Diagnostics found = validate::check(doc, check_options);
            diagnostics.insert(diagnostics.end(), std::make_move_iterator(found.begin()),
                               std::make_move_iterator(found.end()));
        }
    }
    sort_diagnostics(report.diagnostics);

    if (options.output == "json") {
        write_json(std::cout, report);
    } else if (options.output == "sarif") {
        write_sarif(std::cout, report.diagnostics);
    } else {
        write_text(std::cout, report);
    }
    std::cout.flush();
    // The machine formats keep stdout one JSON document; the summary goes to the log.
    if (options.output != "text") spdlog::info("{}", summary_line(report));

    const bool failed = report.count(manifest::Severity::error) > 0 ||
                        (options.strict && report.count(manifest::Severity::warning) > 0);
    // The diagnostics are the message, printed above.
    if (failed) return {Failure{FailureKind::Invalid, ""}};
    return {};
}

}  // namespace

CommandRunner setup_validate(CLI::App& sub, const GlobalOptions& /*globals*/) {
    auto options = std::make_shared<ValidateCommandOptions>();
    sub.add_option("FILE", options->positional, "Manifest files, folders (searched for *.yaml, *.yml) or - for stdin")
        ->check(kExistingInput);
    sub.add_option("-f,--filename", options->files, "A manifest file or folder (repeatable; - is stdin)")
        ->check(kExistingInput);
    sub.add_flag("--strict", options->strict, "Treat lint warnings as errors");
    sub.add_option("-o,--output", options->output, "Output format")
        ->check(CLI::IsMember({"text", "json", "sarif"}))
        ->capture_default_str();
    sub.footer(
        "Exit status: 0 no errors, 1 errors found (with --strict also warnings), 2 usage error.\n"
        "Documents of other kinds (not KubernetesDaemonSet, not a stack input) are skipped and\n"
        "counted in the summary line.");
    return [options] { return run_validate(*options); };
}

}  // namespace planton::cli
