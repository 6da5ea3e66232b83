// The app container's env: variable names, value_from references, secret references.
#include "rules.hpp"
#include "syntax.hpp"

namespace planton::validate::detail {
namespace {

void check_variable(const manifest::EnvVariable& variable, Report& report) {
    check_env_name(variable.name, report);
    if (variable.value.present && variable.value_from.present) {
        report.error("conflicting-fields", "an env variable takes either value or value_from, not both",
                     variable.value_from);
    } else if (variable.value_from.present) {
        report.error("value-from",
                     "Environment variable " + variable.name.value + " " + std::string(kValueFromMessage),
                     variable.value_from);
    }
}

void check_secret_ref(const manifest::SecretRef& ref, std::string_view variable,
                      std::string_view namespace_name, Report& report) {
    check_name(ref.name, "secret_ref name", /*subdomain=*/true, 253, report);
    if (given(ref.key)) {
        report_problem("invalid-key", "secret_ref key", ref.key, data_key_problem(ref.key.value), report);
    }
    if (given(ref.namespace_) && !namespace_name.empty() && ref.namespace_.value != namespace_name) {
        report.error("cross-namespace-secret",
                     "Secret " + ref.name.value + " for " + std::string(variable) + " is in namespace " +
                         ref.namespace_.value + ", but the DaemonSet runs in " + std::string(namespace_name) +
                         ": a pod cannot read a Secret from another namespace",
                     ref.namespace_);
    }
}

void check_secret(const manifest::EnvSecret& secret, std::string_view namespace_name, Report& report) {
    check_env_name(secret.name, report);
    if (secret.value.present && secret.secret_ref.present) {
        report.error("conflicting-fields", "an env secret takes either value or secret_ref, not both",
                     secret.secret_ref);
    }
    if (secret.secret_ref.present)
        check_secret_ref(secret.secret_ref, secret.name.value, namespace_name, report);
}

}  // namespace

void check_env(const Context& ctx) {
    const manifest::Env& env = ctx.manifest.spec.container.app.env;
    if (!env.present) return;
    for (const manifest::EnvVariable& variable : env.variables.items) check_variable(variable, ctx.report);
    for (const manifest::EnvSecret& secret : env.secrets.items) {
        check_secret(secret, ctx.namespace_name, ctx.report);
        for (const manifest::EnvVariable& variable : env.variables.items) {
            if (variable.name.value != secret.name.value) continue;
            ctx.report.error("duplicate-env-name",
                             "environment variable " + in_quotes(secret.name.value) +
                                 " is given in secrets and in variables (line " +
                                 std::to_string(variable.name.line) + ")",
                             secret.name);
            break;
        }
    }
}

}  // namespace planton::validate::detail
