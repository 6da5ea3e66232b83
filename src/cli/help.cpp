// `planton-ds help [COMMAND]`: the text of `planton-ds --help`, or of
// `planton-ds COMMAND --help`; `planton-ds __man-page` (not listed): the same text as
// the man page the build installs.
#include <iostream>

#include "planton/cli/commands.hpp"
#include "planton/error.hpp"

#include "cli/command_tree.hpp"
#include "cli/man_page.hpp"

namespace planton::cli {

CommandRunner setup_help(CLI::App& sub, const GlobalOptions& /*globals*/) {
    auto name = std::make_shared<std::string>();
    sub.add_option("COMMAND", *name, "The command to describe (none: planton-ds itself)");
    return [name]() -> CommandResult {
        const Command* command = name->empty() ? nullptr : find_command(*name);
        if (!name->empty() && command == nullptr) throw Error(FailureKind::Usage, unknown_command_message(*name));
        // The tree `COMMAND --help` (or, with no command, `--help`) prints from.
        CommandTree tree(command);
        std::cout << (command ? tree.app.get_subcommand(command->name)->help("planton-ds") : tree.app.help());
        return {};
    };
}

CommandRunner setup_man_page(CLI::App& /*sub*/, const GlobalOptions& /*globals*/) {
    return []() -> CommandResult {
        CommandTree tree(nullptr);
        write_man_page(std::cout, tree.app);
        return {};
    };
}

}  // namespace planton::cli
