#include "cli/manifest_input.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include <spdlog/spdlog.h>

#include "planton/error.hpp"
#include "planton/kube/resources.hpp"
#include "planton/manifest/parser.hpp"
#include "planton/validate/docker_config.hpp"

namespace planton::cli {

namespace {

namespace fs = std::filesystem;

std::string shown_path(const std::string& path) {
    return path == "-" ? std::string("<stdin>") : path;
}

bool is_yaml_name(const fs::path& path) {
    const std::string ext = path.extension().string();
    return ext == ".yaml" || ext == ".yml";
}

// The *.yaml/*.yml files under `folder`, sorted.
std::vector<std::string> yaml_files_under(const std::string& folder, manifest::Diagnostics& diagnostics) {
    std::vector<std::string> found;
    const auto unreadable = [&](const std::string& where, const std::error_code& why) {
        manifest::Diagnostic d;
        d.id = "read-error";
        d.message = "cannot read folder " + where + ": " + why.message();
        d.file = where;
        diagnostics.push_back(std::move(d));
    };
    std::error_code ec;
    fs::recursive_directory_iterator it(folder, fs::directory_options::none, ec);
    if (ec) {
        unreadable(folder, ec);
        return found;
    }
    for (const fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
        std::error_code type_ec;
        if (is_yaml_name(it->path()) && it->is_regular_file(type_ec)) found.push_back(it->path().string());
    }
    if (ec) unreadable(folder, ec);
    std::sort(found.begin(), found.end());
    return found;
}

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

std::string RenderedManifest::label() const {
    if (const render::Object* daemonset = kube::find_daemonset(objects)) {
        const kube::ResourceRef ref = kube::ref_of(*daemonset);
        return ref.namespace_ + "/" + ref.name;
    }
    return document.manifest.metadata.name.value;
}

std::vector<InputFile> expand_inputs(const std::vector<std::string>& inputs,
                                     manifest::Diagnostics& diagnostics) {
    std::vector<InputFile> files;
    std::set<std::string> seen;
    const auto add = [&](const std::string& path, bool in_folder) {
        if (seen.insert(path).second) files.push_back(InputFile{path, in_folder});
    };
    for (const std::string& input : inputs) {
        std::error_code ec;
        if (input == "-" || !fs::is_directory(input, ec)) {
            add(input, false);
            continue;
        }
        for (const std::string& file : yaml_files_under(input, diagnostics)) add(file, true);
    }
    return files;
}

ManifestInput load_manifests(const std::string& path, const render::Options& options, bool require_manifest) {
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
        throw Error(FailureKind::Invalid, shown_path(path) + " is not valid");
    if (input.manifests.empty() && require_manifest)
        throw Error(FailureKind::Invalid, shown_path(path) + " holds no KubernetesDaemonSet manifest");
    return input;
}

std::vector<RenderedManifest> load_all_manifests(const std::vector<std::string>& inputs,
                                                 const render::Options& options) {
    manifest::Diagnostics folder_errors;
    const std::vector<InputFile> files = expand_inputs(inputs, folder_errors);
    print_diagnostics(folder_errors);
    std::optional<Error> first_error;
    int invalid_files = 0;
    std::vector<RenderedManifest> manifests;
    for (const InputFile& file : files) {
        try {
            ManifestInput input = load_manifests(file.path, options, /*require_manifest=*/!file.in_folder);
            for (RenderedManifest& m : input.manifests) manifests.push_back(std::move(m));
        } catch (const Error& e) {
            if (!first_error) first_error = e;
            ++invalid_files;
        }
    }
    if (!folder_errors.empty()) throw Error(FailureKind::Invalid, folder_errors.front().message);
    if (first_error && files.size() == 1) throw *first_error;
    if (first_error) {
        throw Error(FailureKind::Invalid,
                    std::to_string(invalid_files) + " of " + std::to_string(files.size()) +
                        " files are not usable (the first: " + first_error->what() + "); nothing was done");
    }
    if (manifests.empty()) {
        std::string named;
        for (const std::string& input : inputs) named += (named.empty() ? "" : ", ") + shown_path(input);
        throw Error(FailureKind::Invalid, "no KubernetesDaemonSet manifest found in " + named);
    }
    std::map<std::string, const RenderedManifest*> by_label;
    for (const RenderedManifest& m : manifests) {
        auto [it, added] = by_label.emplace(m.label(), &m);
        if (added) continue;
        const auto where = [](const RenderedManifest& r) {
            return r.document.file + " (document " + std::to_string(r.document.index + 1) + ")";
        };
        throw Error(FailureKind::Invalid, "the DaemonSet " + m.label() + " is given twice: in " +
                                              where(*it->second) + " and in " + where(m) +
                                              "; each DaemonSet must come from one manifest");
    }
    return manifests;
}

std::string read_docker_config_json(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    if (!in || !(content << in.rdbuf()))
        throw Error(FailureKind::Invalid, "cannot read --docker-config-json " + path);
    std::string text = content.str();
    if (const auto problem = validate::docker_config_problem(text))
        throw Error(FailureKind::Invalid, "--docker-config-json " + path + " " + *problem + "; " +
                                              std::string(validate::kDockerConfigRule));
    return text;
}

std::optional<std::string> stack_input_kubeconfig(const manifest::Document& document) {
    if (document.kind != manifest::DocumentKind::stack_input || !document.provider_kube_config.present)
        return std::nullopt;
    return document.provider_kube_config.value;
}

}  // namespace planton::cli
