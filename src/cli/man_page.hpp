#pragma once
// The man page, planton-ds(1), in roff, written from the same CLI11 app as --help (the
// descriptions, flags, value types, defaults and footers are the ones --help prints), so
// the two cannot drift. The build writes it with `planton-ds __man-page`.
#include <ostream>

#include <CLI/CLI.hpp>

namespace planton::cli {

// `app`: built with every command in full.
void write_man_page(std::ostream& out, const CLI::App& app);

}  // namespace planton::cli
