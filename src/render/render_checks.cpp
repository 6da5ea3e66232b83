// Errors that show when rendering: references render cannot turn into objects.
// validate reports the same problems (manifest.md); render checks them itself too so that
// it never renders a manifest it cannot render faithfully, and render() drops the copy
// of a problem validate has already reported at the same field.
#include "render/objects.hpp"

namespace planton::render::detail {
namespace {

manifest::Diagnostic error_at(const manifest::Document& doc, const manifest::Node& node, const char* id,
                              std::string message) {
    manifest::Diagnostic d;
    d.severity = manifest::Severity::error;
    d.id = id;
    d.message = std::move(message);
    d.path = node.path;
    d.file = doc.file;
    d.line = node.line;
    d.column = node.column;
    return d;
}

constexpr const char* kOrchestratorOnly =
    "uses value_from, a reference that only the Planton orchestrator can resolve; give a literal value";

}  // namespace

manifest::Diagnostics render_checks(const manifest::Document& doc) {
    manifest::Diagnostics out;
    const manifest::Spec& spec = doc.manifest.spec;
    if (spec.namespace_.value_from.present)
        out.push_back(error_at(doc, spec.namespace_.value_from, "value-from",
                               std::string("spec.namespace ") + kOrchestratorOnly + " ({value: NAME})"));
    for (const manifest::EnvVariable& v : spec.container.app.env.variables.items) {
        if (!v.value_from.present) continue;
        out.push_back(error_at(doc, v.value_from, "value-from",
                               "Environment variable " + v.name.value + " " + kOrchestratorOnly));
    }
    const std::string& ns = spec.namespace_.value.value;
    for (const manifest::EnvSecret& s : spec.container.app.env.secrets.items) {
        const manifest::Str& ref_ns = s.secret_ref.namespace_;
        if (!s.secret_ref.present || !ref_ns.present || ref_ns.value.empty() || ref_ns.value == ns) continue;
        out.push_back(error_at(doc, ref_ns, "cross-namespace-secret",
                               "Secret " + s.secret_ref.name.value + " for " + s.name.value +
                                   " is in namespace " + ref_ns.value + ", but the DaemonSet runs in " + ns +
                                   ": a pod cannot read a Secret from another namespace"));
    }
    return out;
}

}  // namespace planton::render::detail
