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
};

struct ManifestInput {
    std::vector<RenderedManifest> manifests;  // in file order
    int skipped = 0;                          // documents of other kinds
};

// Reads `path` ("-" is stdin). Throws planton::Error (exit 1) when the file holds an
// error or no manifest at all; the diagnostics have been printed by then.
ManifestInput load_manifests(const std::string& path, const render::Options& options = {});

// As load_manifests, for the commands that act on one manifest (apply, diff, status,
// delete): a file with several manifests is an error that says so.
RenderedManifest load_one_manifest(const std::string& path, const render::Options& options = {});

// The content of a --docker-config-json file, checked to be JSON. It is a credential,
// so no message quotes it. Throws planton::Error (exit 1) when it cannot be read or is
// not JSON.
std::string read_docker_config_json(const std::string& path);

// The stack input's provider kubeconfig, when the document is a stack input that has
// one (used by the cluster commands when --kubeconfig is not given).
std::optional<std::string> stack_input_kubeconfig(const manifest::Document& document);

}  // namespace planton::cli
