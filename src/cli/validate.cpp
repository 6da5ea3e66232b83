// planton-ds validate [FILE...] [-f FILE]... [--strict] [-o text|json|sarif]
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

#include <spdlog/spdlog.h>

#include "planton/cli/commands.hpp"
#include "planton/error.hpp"
#include "planton/manifest/parser.hpp"
#include "planton/validate/validator.hpp"

#include "cli/cluster_options.hpp"
#include "cli/manifest_input.hpp"
#include "cli/validate_report.hpp"
#include "cli/validate_sarif.hpp"

namespace planton::cli {

namespace {

namespace fs = std::filesystem;

struct ValidateCommandOptions {
    std::vector<std::string> positional;
    std::vector<std::string> files;  // -f, repeatable
    bool strict = false;
    std::string output = "text";
};

// The name diagnostics use for a file (parse_file shows stdin as "<stdin>").
std::string parsed_name(const std::string& file) { return file == "-" ? "<stdin>" : file; }

// Why validate passes over a whole file (cli.md "validate"), or nullptr: it holds no
// YAML document (empty, or comments only), or it does not parse as YAML and does not
// mention a KubernetesDaemonSet (a Helm template, say). A broken manifest still fails.
const char* skipped_whole(const manifest::ParseResult& parsed) {
    if (parsed.documents.empty() && parsed.diagnostics.empty()) return "no YAML document";
    if (parsed.mentions_manifest) return nullptr;
    const bool not_yaml = std::any_of(parsed.diagnostics.begin(), parsed.diagnostics.end(),
                                      [](const manifest::Diagnostic& d) { return d.id == "yaml-syntax"; });
    return not_yaml ? "not YAML, and no KubernetesDaemonSet in it" : nullptr;
}

CommandResult run_validate(const ValidateCommandOptions& options) {
    std::vector<std::string> inputs = options.positional;
    inputs.insert(inputs.end(), options.files.begin(), options.files.end());
    if (inputs.empty()) throw Error(FailureKind::Usage, "validate needs a FILE, a folder or - (see --help)");

    ValidationReport report;
    const std::vector<InputFile> files = expand_inputs(inputs, report.diagnostics);

    const validate::Options check_options{options.strict};
    for (const InputFile& input : files) {
        const std::string& file = input.path;
        ++report.files;
        manifest::ParseResult parsed = manifest::parse_file(file);
        auto& diagnostics = report.diagnostics;
        if (const char* why = skipped_whole(parsed)) {
            // A hook passes every *.yaml of a repository: empty files, files of comments,
            // Helm templates. They are counted, not reported.
            spdlog::debug("{}: skipped ({})", parsed_name(file), why);
            ++report.skipped;
            continue;
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
        ->check(existing_input());
    sub.add_option("-f,--filename", options->files, "A manifest file or folder (repeatable; - is stdin)")
        ->check(existing_input());
    sub.add_flag("--strict", options->strict, "Treat lint warnings as errors");
    sub.add_option("-o,--output", options->output, "Output format")
        ->check(CLI::IsMember({"text", "json", "sarif"}))
        ->capture_default_str();
    sub.footer(
        "Exit status: 0 no errors, 1 errors found (with --strict also warnings), 2 usage error.\n"
        "Documents of other kinds (not KubernetesDaemonSet, not a stack input) are skipped and\n"
        "counted in the summary line; so are empty and comment-only files, and files that are not\n"
        "YAML (a Helm template) unless they mention KubernetesDaemonSet or\n"
        "kubernetes.project-planton.org.");
    return [options] { return run_validate(*options); };
}

}  // namespace planton::cli
