// The table of subcommands: lookup, the suggestion for a mistyped command, and the tree
// that holds only the chosen command's options.
#include <catch2/catch.hpp>

#include <string>

#include "cli/command_tree.hpp"

using planton::cli::closest_command;
using planton::cli::CommandTree;
using planton::cli::find_command;
using planton::cli::unknown_command_message;

TEST_CASE("the closest command to a typo", "[cli][commands]") {
    const std::pair<const char*, const char*> cases[] = {
        {"valdate", "validate"}, {"valdiate", "validate"}, {"validat", "validate"}, {"rendr", "render"},
        {"aply", "apply"},       {"dif", "diff"},          {"stauts", "status"},    {"restrat", "restart"},
        {"delet", "delete"},     {"shema", "schema"},      {"verison", "version"},  {"hepl", "help"},
        {"complet", "completion"}, {"val", "validate"},    {"comp", "completion"},
    };
    for (const auto& [typo, meant] : cases) {
        INFO(typo);
        const auto* command = closest_command(typo);
        REQUIRE(command != nullptr);
        CHECK(std::string(command->name) == meant);
    }
}

TEST_CASE("nothing is suggested for a word far from every command", "[cli][commands]") {
    for (const char* word : {"frobnicate", "x", "kubectl", "", "__complet"}) {
        INFO(word);
        CHECK(closest_command(word) == nullptr);
    }
    CHECK(unknown_command_message("frobnicate") ==
          "unknown command \"frobnicate\" (planton-ds help lists the commands)");
    CHECK(unknown_command_message("valdate") ==
          "unknown command \"valdate\"; did you mean \"validate\"? (planton-ds help lists the commands)");
}

TEST_CASE("hidden commands are found by name only", "[cli][commands]") {
    REQUIRE(find_command("__complete") != nullptr);
    CHECK(find_command("__complete")->hidden);
    CHECK(find_command("validate") != nullptr);
    CHECK(find_command("Validate") == nullptr);
}

TEST_CASE("a tree for one command holds that command only", "[cli][commands]") {
    CommandTree one(find_command("render"));
    CHECK(one.app.get_subcommand("render")->get_option_no_throw("--output") != nullptr);
    CHECK_THROWS_AS(one.app.get_subcommand("apply"), CLI::OptionNotFound);
    CommandTree all(nullptr);
    CHECK(all.app.get_subcommand("render")->get_option_no_throw("--output") != nullptr);
    CHECK(all.app.get_subcommand("apply")->get_option_no_throw("--context") != nullptr);
}
