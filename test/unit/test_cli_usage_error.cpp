// CLI11's parse errors as planton-ds's sentences: each case parses a real command line
// with the command tree `run` uses and checks the sentence printed after
// "planton-ds: error: ".
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli/command_tree.hpp"
#include "cli/usage_error.hpp"

using planton::cli::CommandTree;
using planton::cli::find_command;

namespace {

// The sentence for `args` (argv without the program name), "" when it parses.
std::string parse_error(std::vector<std::string> args) {
    CommandTree tree(find_command(args.front()));
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        tree.app.parse(reversed);
    } catch (const CLI::ParseError& e) {
        return planton::cli::describe_parse_error(e, args.front());
    }
    return "";
}

}  // namespace

TEST_CASE("each kind of parse error is a sentence", "[cli][usage]") {
    const std::pair<std::vector<std::string>, std::string> cases[] = {
        {{"apply", "-f", "-", "--dry-run"}, "--dry-run needs a value (see planton-ds apply --help)"},
        {{"apply", "-f", "-", "--dry-run", "client"}, "--dry-run: \"client\" is not one of none or server"},
        {{"validate", "-o", "json", "-o", "text", "-"},
         "--output takes one value and was given more than one (see planton-ds validate --help)"},
        {{"apply", "-f", "-", "--wait=maybe"}, "--wait: \"maybe\" is not a valid value"},
        {{"apply", "-f", "-", "--context", "a", "--all-contexts"}, "--context and --all-contexts cannot be used together"},
        {{"apply", "-f", "-", "--parallel", "0"}, "--parallel: \"0\" is not a number from 1 to 256"},
        {{"apply", "-f", "-", "--parallel", "many"}, "--parallel: \"many\" is not a number from 1 to 256"},
        {{"apply"}, "apply needs --filename (see planton-ds apply --help)"},
        {{"apply", "-f", "-", "--bogus"}, "unknown flag \"--bogus\" (see planton-ds apply --help)"},
        {{"schema", "extra"}, "unexpected argument \"extra\" (see planton-ds schema --help)"},
        {{"render", "-f", "-", "-o", "xml"}, "--output: \"xml\" is not one of yaml or json"},
        {{"validate", "--strict=maybe", "-"}, "--strict: \"maybe\" is not a valid value"},
        {{"validate", "-f", "no/such/file.yaml"}, "--filename: No such file or folder: no/such/file.yaml"},
        {{"validate", "no/such/file.yaml"}, "No such file or folder: no/such/file.yaml"},
        {{"version", "-o", "yaml"}, "--output: \"yaml\" is not one of text or json"},
    };
    for (const auto& [args, sentence] : cases) {
        std::string line;
        for (const std::string& arg : args) line += " " + arg;
        INFO("planton-ds" << line);
        CHECK(parse_error(args) == sentence);
    }
}

TEST_CASE("CLI11 option names are written as typed", "[cli][usage]") {
    CHECK(planton::cli::flag_name("--wait,--no-wait{false}") == "--wait/--no-wait");
    CHECK(planton::cli::flag_name("-o,--output") == "-o/--output");
    CHECK(planton::cli::flag_name("--context") == "--context");
}
