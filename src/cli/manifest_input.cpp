#include "cli/manifest_input.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "planton/error.hpp"
#include "planton/manifest/parser.hpp"

namespace planton::cli {

namespace {

bool is_manifest(const manifest::Document& doc) {
    return doc.kind == manifest::DocumentKind::daemonset || doc.kind == manifest::DocumentKind::stack_input;
}

// Errors always; lint warnings only with -v: they are `validate`'s business, and a
// clean `diff` or `status` must not be drowned in them on every run.
void print_diagnostics(const manifest::Diagnostics& diagnostics) {
    const bool warnings = spdlog::should_log(spdlog::level::debug);
    for (const auto& d : diagnostics) {
        if (d.severity == manifest::Severity::warning && !warnings) continue;
        std::cerr << manifest::to_text(d) << "\n";
    }
}

}  // namespace

ManifestInput load_manifests(const std::string& path, const render::Options& options) {
    manifest::ParseResult parsed = manifest::parse_file(path);
    manifest::Diagnostics diagnostics = parsed.diagnostics;
    ManifestInput input;
    for (auto& doc : parsed.documents) {
        if (doc.kind == manifest::DocumentKind::other) {
            ++input.skipped;
            continue;
        }
        if (!is_manifest(doc)) continue;  // unreadable: the parser has reported it
        render::Result rendered = render::render(doc, options);
        diagnostics.insert(diagnostics.end(), rendered.diagnostics.begin(), rendered.diagnostics.end());
        input.manifests.push_back(RenderedManifest{std::move(doc), std::move(rendered.objects)});
    }
    print_diagnostics(diagnostics);
    if (manifest::has_error(diagnostics))
        throw Error(FailureKind::Invalid, path == "-" ? "<stdin> is not valid" : path + " is not valid");
    if (input.manifests.empty())
        throw Error(FailureKind::Invalid,
                    (path == "-" ? std::string("<stdin>") : path) + " holds no KubernetesDaemonSet manifest");
    return input;
}

RenderedManifest load_one_manifest(const std::string& path, const render::Options& options) {
    ManifestInput input = load_manifests(path, options);
    if (input.manifests.size() > 1)
        throw Error(FailureKind::Invalid,
                    (path == "-" ? std::string("<stdin>") : path) + " holds " +
                        std::to_string(input.manifests.size()) +
                        " manifests; this command takes one (split the file, or use render for all of them)");
    return std::move(input.manifests.front());
}

std::string read_docker_config_json(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    if (!in || !(content << in.rdbuf()))
        throw Error(FailureKind::Invalid, "cannot read --docker-config-json " + path);
    std::string text = content.str();
    if (!nlohmann::json::accept(text))
        throw Error(FailureKind::Invalid,
                    "--docker-config-json " + path +
                        " is not valid JSON (expected the content of a .dockerconfigjson)");
    return text;
}

std::optional<std::string> stack_input_kubeconfig(const manifest::Document& document) {
    if (document.kind != manifest::DocumentKind::stack_input || !document.provider_kube_config.present)
        return std::nullopt;
    return document.provider_kube_config.value;
}

}  // namespace planton::cli
