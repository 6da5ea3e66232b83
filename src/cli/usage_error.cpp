#include "cli/usage_error.hpp"

#include <regex>
#include <vector>

namespace planton::cli {
namespace {

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

// "{a,b,c}" or "a,b,c" → "a, b or c".
std::string choices(std::string set) {
    if (!set.empty() && set.front() == '{') set = set.substr(1, set.size() - 2);
    std::vector<std::string> items;
    size_t start = 0;
    while (start <= set.size()) {
        size_t end = set.find(',', start);
        if (end == std::string::npos) end = set.size();
        items.push_back(set.substr(start, end - start));
        start = end + 1;
    }
    std::string text;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) text += i + 1 == items.size() ? " or " : ", ";
        text += items[i];
    }
    return text;
}

std::string help_hint(std::string_view command) {
    return command.empty() ? " (see planton-ds --help)" : " (see planton-ds " + std::string(command) + " --help)";
}

// What a validator said about a value of `name`: CLI11's own validators are reworded,
// planton-ds's are sentences already.
std::string describe_invalid_value(const std::string& name, const std::string& message) {
    std::smatch m;
    if (std::regex_match(message, m, std::regex(R"((.*) not in (\{.*\}))")))
        return name + ": " + quoted(m[1]) + " is not one of " + choices(m[2]);
    if (std::regex_match(message, m, std::regex(R"(Value (.*) not in range (\S+) to (\S+))")))
        return name + ": " + quoted(m[1]) + " is not a number from " + std::string(m[2]) + " to " + std::string(m[3]);
    if (std::regex_match(message, m, std::regex(R"(Value (.*) could not be converted.*)")))
        return name + ": " + quoted(m[1]) + " is not a number";
    if (std::regex_match(message, m, std::regex(R"((File|Directory|Path) does not exist: (.*))")))
        return name + ": no such file: " + std::string(m[2]);
    // A positional argument (validate's FILE): the message says what it is about.
    if (name.empty() || name.front() != '-') return message;
    return name + ": " + message;
}

}  // namespace

std::string flag_name(std::string_view cli11_name) {
    std::string name(cli11_name);
    // Default values of flags: "--wait,--no-wait{false}".
    name = std::regex_replace(name, std::regex(R"(\{[^}]*\})"), "");
    name = std::regex_replace(name, std::regex(","), "/");
    name = std::regex_replace(name, std::regex("!"), "");
    return name;
}

std::string describe_parse_error(const CLI::ParseError& error, std::string_view command) {
    // The class, not get_name(): CLI11 gives an ExtrasError of a subcommand that one's name.
    const std::string kind = dynamic_cast<const CLI::ExtrasError*>(&error)        ? "ExtrasError"
                             : dynamic_cast<const CLI::ValidationError*>(&error)  ? "ValidationError"
                             : dynamic_cast<const CLI::ConversionError*>(&error)  ? "ConversionError"
                             : dynamic_cast<const CLI::ArgumentMismatch*>(&error) ? "ArgumentMismatch"
                             : dynamic_cast<const CLI::ExcludesError*>(&error)    ? "ExcludesError"
                             : dynamic_cast<const CLI::RequiresError*>(&error)    ? "RequiresError"
                             : dynamic_cast<const CLI::RequiredError*>(&error)    ? "RequiredError"
                                                                                  : error.get_name();
    const std::string text = error.what();
    std::smatch m;
    if (kind == "ExtrasError" &&
        std::regex_match(text, m, std::regex(R"(The following arguments? (?:was|were) not expected: (\S+).*)"))) {
        const std::string first = m[1];
        if (first.size() > 1 && first.front() == '-')
            return "unknown flag " + quoted(first) + help_hint(command);
        return "unexpected argument " + quoted(first) + help_hint(command);
    }
    if (kind == "ValidationError" && std::regex_match(text, m, std::regex(R"(([^:]*): ([\s\S]*))")))
        return describe_invalid_value(flag_name(m[1].str()), m[2]);
    if (kind == "ConversionError") {
        if (std::regex_match(text, m, std::regex(R"(The value (.*) is not an allowed value for (.*))")))
            return flag_name(m[2].str()) + ": " + quoted(m[1]) + " is not an allowed value";
        if (std::regex_match(text, m, std::regex(R"(Could not convert: (.*) = (.*))")))
            return flag_name(m[1].str()) + ": " + quoted(m[2]) + " is not a valid value";
        if (std::regex_match(text, m, std::regex(R"((.*): (too many inputs for a flag|Should be true/false or a number))")))
            return flag_name(m[1].str()) + " is a flag and takes no value";
    }
    if (kind == "ArgumentMismatch") {
        if (std::regex_match(text, m, std::regex(R"((.*): \d+ required .* missing)")) ||
            std::regex_match(text, m, std::regex(R"((.*): At least \d+ required but received 0)")))
            return flag_name(m[1].str()) + " needs a value" + help_hint(command);
        if (std::regex_match(text, m, std::regex(R"((.*): At Most 1 required but received \d+)")))
            return flag_name(m[1].str()) + " takes one value and was given more than one" + help_hint(command);
        if (std::regex_match(text, m, std::regex(R"((.*) was given a disallowed flag override)")))
            return flag_name(m[1].str()) + " is a flag and takes no value";
        if (std::regex_match(text, m, std::regex(R"(Expected (?:exactly|at least) (\d+) arguments? to (.*), got (\d+))")))
            return flag_name(m[2].str()) + " needs " + std::string(m[1]) + " values, got " + std::string(m[3]) +
                   help_hint(command);
    }
    if (kind == "ExcludesError" && std::regex_match(text, m, std::regex(R"((.*) excludes (.*))")))
        return flag_name(m[1].str()) + " and " + flag_name(m[2].str()) + " cannot be used together";
    if (kind == "RequiresError" && std::regex_match(text, m, std::regex(R"((.*) requires (.*))")))
        return flag_name(m[1].str()) + " needs " + flag_name(m[2].str()) + " too";
    if (kind == "RequiredError" && std::regex_match(text, m, std::regex(R"((.*) is required)")))
        return (command.empty() ? std::string("planton-ds") : std::string(command)) + " needs " +
               flag_name(m[1].str()) + help_hint(command);
    // Anything CLI11 may add later: its text, still as a usage error.
    return text + help_hint(command);
}

}  // namespace planton::cli
