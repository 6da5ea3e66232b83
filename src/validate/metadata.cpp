// metadata: the name, the Planton ids that become labels, labels and annotations.
#include <algorithm>

#include "planton/manifest/labels.hpp"

#include "rules.hpp"
#include "syntax.hpp"

namespace planton::validate::detail {
namespace {

void check_metadata_name(const manifest::Str& name, Report& report) {
    check_name(name, "name", /*subdomain=*/true, 63, report);
    // A valid subdomain may hold dots; the app container is named after metadata.name
    // and Kubernetes requires container names to be DNS-1123 labels.
    if (given(name) && dns_subdomain_problem(name.value, 63).empty() &&
        name.value.find('.') != std::string::npos) {
        report.error(
            "invalid-name",
            "name " + in_quotes(name.value) +
                " must not contain \".\": the app container is named after it, and container names are "
                "DNS-1123 labels",
            name);
    }
}

}  // namespace

void check_metadata(const Context& ctx) {
    const manifest::Metadata& metadata = ctx.manifest.metadata;
    if (!metadata.present) return;
    check_metadata_name(metadata.name, ctx.report);
    // id, org and env become the values of planton.ai/id, /organization, /environment.
    check_label_value(metadata.id, "id", ctx.report);
    check_label_value(metadata.org, "org", ctx.report);
    check_label_value(metadata.env, "env", ctx.report);
    for (const manifest::StrEntry& entry : metadata.labels.entries) {
        check_label_key(entry.key, "label key", ctx.report);
        check_label_value(entry.value, "label value", ctx.report);
        if (std::find(manifest::kReservedLabels.begin(), manifest::kReservedLabels.end(), entry.key.value) !=
            manifest::kReservedLabels.end()) {
            ctx.report.error(
                "reserved-label",
                "label " + in_quotes(entry.key.value) +
                    " is set by planton-ds on every object and cannot be given in metadata.labels",
                entry.key);
        }
    }
    check_annotations(metadata.annotations, ctx.report);
}

}  // namespace planton::validate::detail
