#pragma once
// CLI11 reports a bad command line in its own words ("1 required TEXT:{none,server}
// missing", "At Most 1 required but received 2", "--wait,--no-wait{false}"); this turns
// each of its parse errors into the sentence planton-ds prints after "planton-ds: error: ".
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace planton::cli {

// `command`: the subcommand whose flags were being read ("" before any); it names the
// help to look at when the error is about the shape of the command line.
std::string describe_parse_error(const CLI::ParseError& error, std::string_view command);

// A CLI11 option name as the user types it: "--wait,--no-wait{false}" is "--wait/--no-wait".
std::string flag_name(std::string_view cli11_name);

}  // namespace planton::cli
