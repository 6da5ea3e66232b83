#pragma once
// What `planton-ds validate` found, and its output formats (cli.md "validate").
#include <ostream>

#include "planton/manifest/diagnostic.hpp"

namespace planton::cli {

struct ValidationReport {
    int files = 0;      // files read (a folder counts the *.yaml/*.yml files in it)
    int documents = 0;  // non-empty YAML documents, skipped ones included
    int skipped = 0;    // documents of other kinds (not KubernetesDaemonSet, not a stack input),
                        // and files skipped whole (empty, comments only, not YAML)
    manifest::Diagnostics diagnostics;  // sorted by file, then line and column

    int count(manifest::Severity severity) const;
};

// Orders diagnostics by file, then line, then column; diagnostics at the same position
// keep the order in which they were found.
void sort_diagnostics(manifest::Diagnostics& diagnostics);

// "3 files, 5 documents: 1 error, 0 warnings" plus ", 2 skipped" when documents of other
// kinds were skipped. Counts are spelled singular for 1, plural otherwise.
std::string summary_line(const ValidationReport& report);

// One to_text() line per diagnostic, then the summary line.
void write_text(std::ostream& out, const ValidationReport& report);

// One JSON array (pretty-printed) of {file, line, column, severity, id, path, message},
// in report order; line and column are 0 when unknown. Bytes that are not UTF-8 (in a
// file name, say) are written as U+FFFD.
void write_json(std::ostream& out, const ValidationReport& report);

}  // namespace planton::cli
