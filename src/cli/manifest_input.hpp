#pragma once
// The manifest input of render and of the cluster commands (through
// cluster_target.hpp): read a file (or stdin), parse it, validate it and render every
// KubernetesDaemonSet / stack input document in it. Diagnostics (errors and warnings) go to stderr in
// validate's text form (lint warnings only with -v: they are validate's business); nothing goes to stdout.
#include <optional>
#include <string>
#include <vector>

#include "planton/manifest/model.hpp"
#include "planton/render/render.hpp"

namespace planton::cli {

struct RenderedManifest {
    manifest::Document document;          // the daemonset or stack input document
    std::vector<render::Object> objects;  // objects.md order

    // "namespace/name" of its DaemonSet: how lines about it are prefixed when a run has
    // several manifests.
    std::string label() const;
};

// The files that inputs stand for (-f, validate's FILE...): a file (or "-") as given, a
// folder's *.yaml and *.yml files, recursively, sorted so that every run reads them in
// the same order. A file named twice is read once. A folder that cannot be listed
// becomes a "read-error" diagnostic (what was found before the error is still read).
struct InputFile {
    std::string path;
    bool in_folder = false;  // found in a folder, not named on the command line
};
std::vector<InputFile> expand_inputs(const std::vector<std::string>& inputs,
                                     manifest::Diagnostics& diagnostics);

struct ManifestInput {
    std::vector<RenderedManifest> manifests;  // in file order
    int skipped = 0;                          // documents of other kinds
};

// Reads `path` ("-" is stdin). Throws planton::Error (exit 1) when the file holds an
// error or, when `require_manifest`, no manifest at all; the diagnostics have been
// printed by then.
ManifestInput load_manifests(const std::string& path, const render::Options& options = {},
                             bool require_manifest = true);

// Every manifest of `inputs` (expand_inputs), in order: the files named, and the files
// in folders that hold a manifest (others, such as a kustomization.yaml, are passed
// over). Every file is read and its diagnostics printed before an error is thrown
// (planton::Error, exit 1): an invalid file, no manifest at all, or two manifests for
// the same DaemonSet (they would fight over its objects).
std::vector<RenderedManifest> load_all_manifests(const std::vector<std::string>& inputs,
                                                 const render::Options& options = {});

// The content of a --docker-config-json file, checked as a stack input's
// docker_config_json is (validate::docker_config_problem). It is a credential,
// so no message quotes it. Throws planton::Error (exit 1) when it cannot be read or is
// not such content.
std::string read_docker_config_json(const std::string& path);

// The stack input's provider kubeconfig, when the document is a stack input that has
// one (used by the cluster commands when --kubeconfig is not given).
std::optional<std::string> stack_input_kubeconfig(const manifest::Document& document);

}  // namespace planton::cli
