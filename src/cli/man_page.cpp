#include "cli/man_page.hpp"

#include <algorithm>
#include <string>

#include "cli/build_info.hpp"

namespace planton::cli {
namespace {

// Text for roff: a backslash is \e, a hyphen \- (so it prints as the ASCII one a flag
// needs), and a line that starts with . or ' is not read as a request.
std::string roff(const std::string& text) {
    std::string out;
    bool line_start = true;
    for (char c : text) {
        if (line_start && (c == '.' || c == '\'')) out += "\\&";
        if (c == '\\') out += "\\e";
        else if (c == '-') out += "\\-";
        else out += c;
        line_start = c == '\n';
    }
    return out;
}

void write_options(std::ostream& out, const CLI::App& app, bool skip_help) {
    for (const CLI::Option* option : app.get_options()) {
        if (skip_help && option->get_lnames() == std::vector<std::string>{"help"}) continue;
        out << ".TP\n";
        if (option->nonpositional()) {
            std::string names;
            for (const std::string& s : option->get_snames()) names += (names.empty() ? "" : ", ") + ("\\fB" + roff("-" + s) + "\\fR");
            for (const std::string& l : option->get_lnames()) names += (names.empty() ? "" : ", ") + ("\\fB" + roff("--" + l) + "\\fR");
            for (const std::string& f : option->get_fnames()) {
                if (std::find(option->get_lnames().begin(), option->get_lnames().end(), f) == option->get_lnames().end())
                    names += ", \\fB" + roff("--" + f) + "\\fR";
            }
            out << names;
        } else {
            out << "\\fI" << roff(option->get_name(true)) << "\\fR";
        }
        if (option->get_type_size() != 0 && !option->get_type_name().empty())
            out << " \\fI" << roff(option->get_type_name()) << "\\fR";
        out << "\n" << roff(option->get_description());
        if (!option->get_default_str().empty()) out << " (default: " << roff(option->get_default_str()) << ")";
        out << "\n";
    }
}

void write_footer(std::ostream& out, const std::string& footer) {
    if (footer.empty()) return;
    out << ".PP\n.nf\n" << roff(footer) << "\n.fi\n";
}

}  // namespace

void write_man_page(std::ostream& out, const CLI::App& app) {
    out << ".\\\" planton-ds(1), written by `planton-ds __man-page` from the text of --help.\n"
        << ".TH PLANTON\\-DS 1 \"\" \"" << roff(version_line()) << "\" \"User Commands\"\n"
        << ".SH NAME\nplanton\\-ds \\- " << roff(app.get_description().substr(app.get_description().find(": ") + 2))
        << "\n.SH SYNOPSIS\n.B planton\\-ds\n[\\fIGLOBAL FLAGS\\fR] \\fICOMMAND\\fR [\\fIFLAGS\\fR] [\\fIARGUMENTS\\fR]\n"
        << ".SH DESCRIPTION\n" << roff(app.get_description()) << "\n";
    out << ".SH GLOBAL FLAGS\n";
    write_options(out, app, false);
    out << ".SH COMMANDS\n";
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
        out << ".SS \"planton\\-ds " << roff(sub->get_name()) << "\"\n" << roff(sub->get_description()) << "\n";
        write_options(out, *sub, true);
        // A subcommand inherits the app's footer unless it has its own: that one is once, below.
        if (sub->get_footer() != app.get_footer()) write_footer(out, sub->get_footer());
    }
    out << ".SH NOTES\n";
    write_footer(out, app.get_footer());
}

}  // namespace planton::cli
