// `planton-ds render` (cli.md "render"): validate, then print the objects of every
// manifest in the file, in file order, as one YAML stream or one JSON List.
#include <iostream>

#include "planton/cli/commands.hpp"
#include "planton/error.hpp"
#include "planton/render/emit.hpp"

#include "cli/cluster_options.hpp"
#include "cli/manifest_input.hpp"

namespace planton::cli {
namespace {

struct RenderCommandOptions {
    std::string file;
    std::string stack_input;
    std::string docker_config_json;
    std::string output = "yaml";
};

CommandResult run_render(const RenderCommandOptions& options) {
    render::Options render_options;
    if (!options.docker_config_json.empty())
        render_options.docker_config_json = read_docker_config_json(options.docker_config_json);
    const bool from_stack_input = !options.stack_input.empty();
    const std::string& path = from_stack_input ? options.stack_input : options.file;
    ManifestInput input = load_manifests(path, render_options);
    std::vector<render::Object> objects;
    for (RenderedManifest& m : input.manifests) {
        if (from_stack_input && m.document.kind != manifest::DocumentKind::stack_input)
            throw Error(FailureKind::Invalid, (path == "-" ? std::string("<stdin>") : path) + ": document " +
                                                  std::to_string(m.document.index + 1) +
                                                  " is not a stack input (no `target`); use -f");
        for (render::Object& o : m.objects) objects.push_back(std::move(o));
    }
    std::cout << (options.output == "json" ? render::to_json_list(objects) : render::to_yaml(objects));
    std::cout.flush();
    if (!std::cout) throw Error(FailureKind::Invalid, "cannot write the rendered objects to standard output");
    return {};
}

}  // namespace

CommandRunner setup_render(CLI::App& sub, const GlobalOptions& /*globals*/) {
    auto options = std::make_shared<RenderCommandOptions>();
    auto* file = add_file_option(sub, options->file, /*required=*/false);
    auto* stack = sub.add_option("-i,--stack-input", options->stack_input,
                                 "Stack input file: {target: manifest, docker_config_json, provider_config}");
    file->excludes(stack);
    stack->excludes(file);
    add_docker_config_option(sub, options->docker_config_json);
    sub.add_option("-o,--output", options->output, "Output format")->check(CLI::IsMember({"yaml", "json"}));
    return [options, file, stack] {
        if (file->count() == 0 && stack->count() == 0)
            throw Error(FailureKind::Usage,
                        "render needs a manifest: -f FILE or -i STACK_INPUT (- for stdin)");
        return run_render(*options);
    };
}

}  // namespace planton::cli
