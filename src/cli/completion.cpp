#include "cli/completion.hpp"

#include <algorithm>
#include <regex>
#include <set>

namespace planton::cli {
namespace {

// The flags whose value is a path: files complete there.
const std::set<std::string> kPathFlags = {"--filename", "--stack-input", "--kubeconfig", "--docker-config-json"};

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

CompletionFlag flag_of(const CLI::Option& option) {
    CompletionFlag flag;
    for (const std::string& s : option.get_snames()) flag.names.push_back("-" + s);
    for (const std::string& l : option.get_lnames()) flag.names.push_back("--" + l);
    // A flag with a negated spelling (--wait, !--no-wait) keeps both names.
    for (const std::string& f : option.get_fnames()) {
        const std::string name = "--" + f;
        if (std::find(flag.names.begin(), flag.names.end(), name) == flag.names.end()) flag.names.push_back(name);
    }
    flag.help = first_line(option.get_description());
    flag.repeatable = option.get_expected_max() > 1;
    if (option.get_type_size() == 0) return flag;
    flag.value = CompletionValue::any;
    std::smatch set;
    const std::string type = option.get_type_name();
    for (const std::string& l : option.get_lnames()) {
        if (kPathFlags.count("--" + l)) flag.value = CompletionValue::file;
        if (l == "context") flag.value = CompletionValue::context;
    }
    if (flag.value == CompletionValue::any && std::regex_search(type, set, std::regex(R"(\{([^}]*)\})"))) {
        flag.value = CompletionValue::choice;
        const std::string items = set[1];
        size_t start = 0;
        while (start <= items.size()) {
            size_t end = items.find(',', start);
            if (end == std::string::npos) end = items.size();
            flag.choices.push_back(items.substr(start, end - start));
            start = end + 1;
        }
    }
    return flag;
}

// Single-quoted for sh, bash, zsh and fish ('it'\''s').
std::string sh_quote(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
    std::string text;
    for (const std::string& item : items) text += (text.empty() ? "" : separator) + item;
    return text;
}

std::vector<std::string> command_names(const CompletionTree& tree) {
    std::vector<std::string> names;
    for (const CompletionCommand& c : tree.commands) names.push_back(c.name);
    return names;
}

std::vector<std::string> flag_names(const std::vector<CompletionFlag>& flags) {
    std::vector<std::string> names;
    for (const CompletionFlag& f : flags) names.insert(names.end(), f.names.begin(), f.names.end());
    return names;
}

// bash: one function; the command is the first word that is not a flag (the global
// flags take no value), the word before the cursor says which value is wanted.
void write_bash(std::ostream& out, const CompletionTree& tree) {
    out << "# bash completion for planton-ds, written by `planton-ds completion bash`.\n"
           "# Load it with: source <(planton-ds completion bash)\n\n"
           "_planton_ds_contexts() {\n"
           "    local kubeconfig=() i\n"
           "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
           "        [[ ${COMP_WORDS[i]} == --kubeconfig ]] && kubeconfig=(--kubeconfig \"${COMP_WORDS[i+1]}\")\n"
           "    done\n"
           "    \"${COMP_WORDS[0]}\" __complete contexts \"${kubeconfig[@]}\" 2>/dev/null\n"
           "}\n\n"
           "_planton_ds() {\n"
           "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} command= i\n"
           "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
           "        [[ ${COMP_WORDS[i]} != -* ]] && { command=${COMP_WORDS[i]}; break; }\n"
           "    done\n"
           "    COMPREPLY=()\n"
           "    case $command in\n"
           "    '')\n"
           "        if [[ $cur == -* ]]; then\n"
           "            COMPREPLY=($(compgen -W " << sh_quote(join(flag_names(tree.global_flags), " "))
        << " -- \"$cur\"))\n"
           "        else\n"
           "            COMPREPLY=($(compgen -W " << sh_quote(join(command_names(tree), " ")) << " -- \"$cur\"))\n"
           "        fi\n"
           "        return ;;\n";
    for (const CompletionCommand& command : tree.commands) {
        out << "    " << command.name << ")\n        case $prev in\n";
        for (const CompletionFlag& flag : command.flags) {
            if (flag.value == CompletionValue::none) continue;
            out << "        " << join(flag.names, "|") << ")\n            ";
            switch (flag.value) {
                case CompletionValue::file:
                    out << "compopt -o filenames; COMPREPLY=($(compgen -f -- \"$cur\"))";
                    break;
                case CompletionValue::choice:
                    out << "COMPREPLY=($(compgen -W " << sh_quote(join(flag.choices, " ")) << " -- \"$cur\"))";
                    break;
                case CompletionValue::context:
                    out << "COMPREPLY=($(compgen -W \"$(_planton_ds_contexts)\" -- \"$cur\"))";
                    break;
                default:
                    out << ":";
            }
            out << "\n            return ;;\n";
        }
        out << "        esac\n"
               "        if [[ $cur == -* ]]; then\n"
               "            COMPREPLY=($(compgen -W "
            << sh_quote(join(flag_names(command.flags), " ") + " " + join(flag_names(tree.global_flags), " "))
            << " -- \"$cur\"))\n"
               "            return\n"
               "        fi\n";
        switch (command.arguments) {
            case CompletionValue::file:
                out << "        compopt -o filenames; COMPREPLY=($(compgen -f -- \"$cur\"))\n";
                break;
            case CompletionValue::command:
                out << "        COMPREPLY=($(compgen -W " << sh_quote(join(command_names(tree), " "))
                    << " -- \"$cur\"))\n";
                break;
            case CompletionValue::shell:
                out << "        COMPREPLY=($(compgen -W " << sh_quote(join(command.argument_choices, " "))
                    << " -- \"$cur\"))\n";
                break;
            default:
                break;
        }
        out << "        ;;\n";
    }
    out << "    esac\n"
           "}\n\n"
           "complete -F _planton_ds planton-ds\n";
}

// zsh: _arguments specs; brackets and colons in help texts are escaped.
std::string zsh_help(const std::string& text) {
    std::string escaped;
    for (char c : text) {
        if (c == '[' || c == ']' || c == ':' || c == '\\') escaped += '\\';
        escaped += c;
    }
    return escaped;
}

std::string zsh_action(CompletionValue value, const std::vector<std::string>& choices) {
    switch (value) {
        case CompletionValue::file:
            return "_files";
        case CompletionValue::choice:
        case CompletionValue::shell:
            return "(" + join(choices, " ") + ")";
        case CompletionValue::context:
            return "_planton_ds_contexts";
        case CompletionValue::command:
            return "_planton_ds_commands";
        default:
            return " ";
    }
}

std::string zsh_spec(const CompletionFlag& flag) {
    std::string spec;
    const std::string names = join(flag.names, " ");
    if (flag.repeatable) spec += "*";
    else if (flag.names.size() > 1) spec += "(" + names + ")";
    spec += flag.names.size() > 1 ? "{" + join(flag.names, ",") + "}" : flag.names.front();
    std::string rest = "[" + zsh_help(flag.help) + "]";
    if (flag.value != CompletionValue::none)
        rest += ":value:" + zsh_action(flag.value, flag.choices);
    return spec + sh_quote(rest);
}

void write_zsh(std::ostream& out, const CompletionTree& tree) {
    out << "#compdef planton-ds\n"
           "# zsh completion for planton-ds, written by `planton-ds completion zsh`.\n"
           "# Load it with: source <(planton-ds completion zsh), or save it as _planton-ds in $fpath.\n\n"
           "_planton_ds_contexts() {\n"
           "    local -a kubeconfig contexts\n"
           "    local i\n"
           "    for ((i = 1; i < CURRENT; i++)); do\n"
           "        [[ ${words[i]} == --kubeconfig ]] && kubeconfig=(--kubeconfig ${words[i+1]})\n"
           "    done\n"
           "    contexts=(${(f)\"$(${words[1]} __complete contexts $kubeconfig 2>/dev/null)\"})\n"
           "    compadd -a contexts\n"
           "}\n\n"
           "_planton_ds_commands() {\n"
           "    local -a commands\n"
           "    commands=(\n";
    for (const CompletionCommand& c : tree.commands)
        out << "        " << sh_quote(c.name + ":" + zsh_help(c.summary)) << "\n";
    out << "    )\n"
           "    _describe -t commands 'planton-ds command' commands\n"
           "}\n\n"
           "_planton_ds() {\n"
           "    local curcontext=$curcontext state line\n"
           "    _arguments -C \\\n";
    for (const CompletionFlag& flag : tree.global_flags) out << "        " << zsh_spec(flag) << " \\\n";
    out << "        '1: :_planton_ds_commands' \\\n"
           "        '*:: :->args'\n"
           "    [[ $state == args ]] || return\n"
           "    case $words[1] in\n";
    for (const CompletionCommand& command : tree.commands) {
        out << "    " << command.name << ")\n        _arguments \\\n";
        for (const CompletionFlag& flag : command.flags) out << "            " << zsh_spec(flag) << " \\\n";
        for (const CompletionFlag& flag : tree.global_flags) out << "            " << zsh_spec(flag) << " \\\n";
        if (command.arguments != CompletionValue::none)
            out << "            " << sh_quote("*:argument:" + zsh_action(command.arguments, command.argument_choices))
                << " \\\n";
        out << "            && return 0 ;;\n";
    }
    out << "    esac\n"
           "}\n\n"
           "if [[ $funcstack[1] == _planton-ds ]]; then\n"
           "    _planton_ds \"$@\"\n"
           "else\n"
           "    compdef _planton_ds planton-ds\n"
           "fi\n";
}

// fish: one `complete` line per command and flag.
void write_fish_flag(std::ostream& out, const std::string& condition, const CompletionFlag& flag) {
    out << "complete -c planton-ds";
    if (!condition.empty()) out << " -n " << sh_quote(condition);
    for (const std::string& name : flag.names) {
        if (name.rfind("--", 0) == 0) out << " -l " << name.substr(2);
        else out << " -s " << name.substr(1);
    }
    switch (flag.value) {
        case CompletionValue::file:
            out << " -r -F";
            break;
        case CompletionValue::choice:
            out << " -x -a " << sh_quote(join(flag.choices, " "));
            break;
        case CompletionValue::context:
            out << " -x -a '(__planton_ds_contexts)'";
            break;
        case CompletionValue::none:
            break;
        default:
            out << " -x";
    }
    out << " -d " << sh_quote(flag.help) << "\n";
}

void write_fish(std::ostream& out, const CompletionTree& tree) {
    out << "# fish completion for planton-ds, written by `planton-ds completion fish`.\n"
           "# Load it with: planton-ds completion fish | source\n\n"
           "function __planton_ds_contexts\n"
           "    set -l tokens (commandline -opc)\n"
           "    set -l kubeconfig\n"
           "    for i in (seq (count $tokens))\n"
           "        if test \"$tokens[$i]\" = --kubeconfig; and test $i -lt (count $tokens)\n"
           "            set kubeconfig --kubeconfig $tokens[(math $i + 1)]\n"
           "        end\n"
           "    end\n"
           "    $tokens[1] __complete contexts $kubeconfig 2>/dev/null\n"
           "end\n\n"
           "complete -c planton-ds -f\n";
    for (const CompletionFlag& flag : tree.global_flags) write_fish_flag(out, "", flag);
    for (const CompletionCommand& command : tree.commands) {
        out << "complete -c planton-ds -n __fish_use_subcommand -a " << command.name << " -d "
            << sh_quote(command.summary) << "\n";
    }
    for (const CompletionCommand& command : tree.commands) {
        const std::string condition = "__fish_seen_subcommand_from " + command.name;
        for (const CompletionFlag& flag : command.flags) write_fish_flag(out, condition, flag);
        switch (command.arguments) {
            case CompletionValue::file:
                out << "complete -c planton-ds -n " << sh_quote(condition) << " -F\n";
                break;
            case CompletionValue::command:
                out << "complete -c planton-ds -n " << sh_quote(condition) << " -x -a "
                    << sh_quote(join(command_names(tree), " ")) << "\n";
                break;
            case CompletionValue::shell:
                out << "complete -c planton-ds -n " << sh_quote(condition) << " -x -a "
                    << sh_quote(join(command.argument_choices, " ")) << "\n";
                break;
            default:
                break;
        }
    }
}

}  // namespace

CompletionTree completion_tree(const CLI::App& app) {
    CompletionTree tree;
    for (const CLI::Option* option : app.get_options()) {
        if (option->nonpositional()) tree.global_flags.push_back(flag_of(*option));
    }
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
        CompletionCommand command{sub->get_name(), first_line(sub->get_description()), {}, CompletionValue::none, {}};
        for (const CLI::Option* option : sub->get_options()) {
            if (option->nonpositional()) {
                if (option->get_lnames() != std::vector<std::string>{"help"}) command.flags.push_back(flag_of(*option));
                continue;
            }
            const std::string name = option->get_name(true);
            if (name == "FILE") command.arguments = CompletionValue::file;
            if (name == "COMMAND") command.arguments = CompletionValue::command;
            if (name == "SHELL") {
                command.arguments = CompletionValue::shell;
                command.argument_choices = completion_shells();
            }
        }
        tree.commands.push_back(std::move(command));
    }
    return tree;
}

const std::vector<std::string>& completion_shells() {
    static const std::vector<std::string> shells = {"bash", "zsh", "fish"};
    return shells;
}

void write_completion(std::ostream& out, const std::string& shell, const CompletionTree& tree) {
    if (shell == "bash") write_bash(out, tree);
    else if (shell == "zsh") write_zsh(out, tree);
    else write_fish(out, tree);
}

}  // namespace planton::cli
