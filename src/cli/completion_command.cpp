// `planton-ds completion bash|zsh|fish` prints the completion script of a shell;
// `planton-ds __complete contexts [--kubeconfig PATH]` (not listed in --help) is what
// those scripts call to complete --context.
#include <iostream>

#include "planton/cli/commands.hpp"
#include "planton/error.hpp"
#include "planton/kube/cluster_access.hpp"

#include "cli/command_tree.hpp"
#include "cli/completion.hpp"

namespace planton::cli {

CommandRunner setup_completion(CLI::App& sub, const GlobalOptions& /*globals*/) {
    auto shell = std::make_shared<std::string>();
    sub.add_option("SHELL", *shell, "bash, zsh or fish")->required()->check(CLI::IsMember(completion_shells()));
    sub.footer(
        "bash: source <(planton-ds completion bash)    (or save it in ~/.local/share/bash-completion/completions/planton-ds)\n"
        "zsh:  source <(planton-ds completion zsh)     (or save it as _planton-ds in a folder of $fpath)\n"
        "fish: planton-ds completion fish | source     (or save it in ~/.config/fish/completions/planton-ds.fish)");
    return [shell]() -> CommandResult {
        CommandTree tree(nullptr);
        write_completion(std::cout, *shell, completion_tree(tree.app));
        return {};
    };
}

CommandRunner setup_complete(CLI::App& sub, const GlobalOptions& /*globals*/) {
    auto what = std::make_shared<std::string>();
    auto kubeconfig = std::make_shared<std::string>();
    sub.add_option("WHAT", *what, "contexts")->required()->check(CLI::IsMember({"contexts"}));
    sub.add_option("--kubeconfig", *kubeconfig, "kubeconfig file");
    return [what, kubeconfig]() -> CommandResult {
        // A shell asking while the user types: no kubeconfig is no candidates, not an error.
        try {
            kube::ConfigSelection selection;
            selection.kubeconfig_path = *kubeconfig;
            for (const std::string& name :
                 kube::context_names(selection, kube::KubeconfigEnvironment::from_process()))
                std::cout << name << "\n";
        } catch (const Error&) {
        }
        return {};
    };
}

}  // namespace planton::cli
