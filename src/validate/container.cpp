// The app container's image, resources (shared with sidecars) and security context.
#include "rules.hpp"
#include "syntax.hpp"

namespace planton::validate::detail {
namespace {

// A quantity that is given or defaulted, for the request <= limit comparison.
struct Amount {
    const manifest::Str* node = nullptr;  // null when defaulted
    std::string_view text;
    long double value = 0;
};

// The quantity of `s` (reporting a bad one), or its default; nullopt when neither.
std::optional<Amount> amount(const manifest::Str& s, std::string_view what, std::string_view fallback,
                             Report& report) {
    if (given(s)) {
        const auto value = parse_quantity(s.value);
        if (!value) {
            report.error("invalid-quantity",
                         std::string(what) + " " + in_quotes(s.value) +
                             " is not a Kubernetes quantity (such as 250m, 0.5, 128Mi, 1Gi)",
                         s);
            return std::nullopt;
        }
        if (*value < 0) {
            report.error("invalid-quantity",
                         std::string(what) + " " + in_quotes(s.value) + " must not be negative", s);
            return std::nullopt;
        }
        return Amount{&s, s.value, *value};
    }
    if (fallback.empty() || !left_out(s)) return std::nullopt;
    return Amount{nullptr, fallback, *parse_quantity(fallback)};
}

void compare(const manifest::ResourceList& requests, const manifest::ResourceList& limits,
             const manifest::Str manifest::ResourceList::*member, std::string_view name,
             std::string_view request_default, std::string_view limit_default, Report& report) {
    const std::string request_what = "requests." + std::string(name);
    const std::string limit_what = "limits." + std::string(name);
    // A list written with the wrong type was reported already; no default stands in for it.
    const auto request =
        amount(requests.*member, request_what, requests.type_error ? "" : request_default, report);
    const auto limit = amount(limits.*member, limit_what, limits.type_error ? "" : limit_default, report);
    if (!request || !limit || request->value <= limit->value) return;
    if (request->node == nullptr && limit->node == nullptr) return;
    const auto describe = [](const Amount& a, const std::string& what) {
        return what + " " + std::string(a.text) + (a.node == nullptr ? " (the default)" : "");
    };
    report.error("request-exceeds-limit",
                 describe(*request, request_what) + " is greater than " + describe(*limit, limit_what),
                 request->node != nullptr ? *request->node : *limit->node);
}

void check_image(const manifest::ImageSpec& image, Report& report) {
    if (!image.present) return;
    if (given(image.repo)) {
        report_problem("invalid-image", "image repo", image.repo, image_repo_problem(image.repo.value),
                       report);
    }
    if (given(image.tag)) {
        report_problem("invalid-image", "image tag", image.tag, image_tag_problem(image.tag.value), report);
    }
    check_name(image.pull_secret_name, "pull_secret_name", /*subdomain=*/true, 253, report);
}

void check_security_context(const manifest::SecurityContext& sc, Report& report) {
    if (!sc.present) return;
    check_not_negative(sc.run_as_user, "run_as_user", report);
    check_not_negative(sc.run_as_group, "run_as_group", report);
    const bool privileged = sc.privileged.present && sc.privileged.value;
    if (privileged && sc.allow_privilege_escalation.present && !sc.allow_privilege_escalation.value) {
        report.error("conflicting-fields",
                     "allow_privilege_escalation cannot be false in a privileged container",
                     sc.allow_privilege_escalation);
    }
    if (sc.run_as_non_root.present && sc.run_as_non_root.value && sc.run_as_user.present &&
        sc.run_as_user.value == 0) {
        report.error("conflicting-fields",
                     "run_as_non_root: true cannot be combined with run_as_user: 0 (root)", sc.run_as_user);
    }
}

}  // namespace

void check_resources(const manifest::Resources& resources, bool defaults, Report& report) {
    if (resources.type_error) return;
    const manifest::ResourceDefaults& d = manifest::kAppResourceDefaults;
    using R = manifest::ResourceList;
    compare(resources.requests, resources.limits, &R::cpu, "cpu", defaults ? d.requests_cpu : "",
            defaults ? d.limits_cpu : "", report);
    compare(resources.requests, resources.limits, &R::memory, "memory", defaults ? d.requests_memory : "",
            defaults ? d.limits_memory : "", report);
}

void check_app(const Context& ctx) {
    const manifest::AppContainer& app = ctx.manifest.spec.container.app;
    if (!app.present) return;
    check_image(app.image, ctx.report);
    check_resources(app.resources, /*defaults=*/true, ctx.report);
    check_security_context(app.security_context, ctx.report);
}

}  // namespace planton::validate::detail
