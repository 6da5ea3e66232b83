// validate::check: runs every area's rules over one document, then applies the lint
// settings and orders the diagnostics by position.
#include "planton/validate/validator.hpp"

#include <algorithm>

#include "rules.hpp"

namespace planton::validate {

manifest::Diagnostics check(const manifest::Document& doc, const Options& options) {
    using manifest::DocumentKind;
    if (doc.kind != DocumentKind::daemonset && doc.kind != DocumentKind::stack_input) return {};
    detail::Report report(doc.file);
    detail::check_fields(doc, report);
    if (doc.kind == DocumentKind::stack_input) detail::check_stack_input(doc, report);
    const manifest::Manifest& m = doc.manifest;
    if (m.present) {
        const manifest::StringValueOrRef& ns = m.spec.namespace_;
        const detail::Context ctx{m, report, ns.value_from.present ? std::string_view{} : ns.value.value};
        detail::check_metadata(ctx);
        detail::check_spec(ctx);
        if (m.spec.present && m.spec.container.present) {
            detail::check_app(ctx);
            detail::check_env(ctx);
            detail::check_ports(ctx);
            detail::check_volumes(ctx);
            detail::check_probes(ctx);
            detail::check_sidecars(ctx);
        }
        detail::check_scheduling(ctx);
        detail::check_update_strategy(ctx);
        detail::check_dns(ctx);
        detail::lint(ctx);
        detail::settle_warnings(m, report, options.strict);
    }
    manifest::Diagnostics& out = report.diagnostics();
    std::stable_sort(out.begin(), out.end(),
                     [](const manifest::Diagnostic& a, const manifest::Diagnostic& b) {
                         return a.line != b.line ? a.line < b.line : a.column < b.column;
                     });
    return std::move(out);
}

}  // namespace planton::validate
