#pragma once
// Rules over the manifest model -> diagnostics (../shared/spec/manifest.md). Errors for
// every rule, warnings for the lint checks (stable ids), with the
// `planton-ds.io/lint-ignore` annotation applied.
#include "planton/manifest/diagnostic.hpp"
#include "planton/manifest/model.hpp"

namespace planton::validate {

struct Options {
    bool strict = false;  // report lint warnings with Severity::error
};

// All problems of one document (daemonset or stack_input); diagnostics carry
// doc.file. Documents of other kinds give nothing.
manifest::Diagnostics check(const manifest::Document& doc, const Options& options = {});

}  // namespace planton::validate
