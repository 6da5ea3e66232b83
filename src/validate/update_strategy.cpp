// update_strategy: rolling_update only with RollingUpdate, and maxUnavailable/maxSurge
// as Kubernetes accepts them for DaemonSets (exactly one of them non-zero).
#include "rules.hpp"
#include "syntax.hpp"

namespace planton::validate::detail {
namespace {

enum class Amount { unset, unreadable, zero, non_zero };

// A rolling-update value: a non-negative integer or "0%" to "100%".
Amount amount(const manifest::Str& s, Report& report) {
    if (s.type_error) return Amount::unreadable;
    if (!given(s)) return Amount::unset;
    const auto value = parse_int_or_percent(s.value);
    if (!value || (value->percent && value->value > 100)) {
        report.error("invalid-int-or-percent",
                     s.path.substr(s.path.rfind('.') + 1) + " " + in_quotes(s.value) +
                         " must be a non-negative integer or a percentage from \"0%\" to \"100%\"",
                     s);
        return Amount::unreadable;
    }
    return value->value == 0 ? Amount::zero : Amount::non_zero;
}

}  // namespace

void check_update_strategy(const Context& ctx) {
    const manifest::UpdateStrategy& strategy = ctx.manifest.spec.update_strategy;
    if (!ctx.manifest.spec.present || !strategy.present) return;
    const manifest::RollingUpdate& rolling = strategy.rolling_update;
    if (strategy.type.value == "OnDelete" && rolling.present) {
        ctx.report.error("rolling-update-with-on-delete", "rolling_update cannot be used with type: OnDelete",
                         rolling);
    }
    if (!rolling.present) return;
    const Amount unavailable = amount(rolling.max_unavailable, ctx.report);
    const Amount surge = amount(rolling.max_surge, ctx.report);
    // Left out, max_surge is 0 and max_unavailable 1 (or 0 when max_surge is non-zero).
    if (unavailable == Amount::zero && (surge == Amount::zero || surge == Amount::unset)) {
        ctx.report.error(
            "rolling-update-all-zero",
            "max_unavailable and max_surge cannot both be 0, or the rollout could never replace a pod",
            rolling.max_unavailable);
    }
    if (unavailable == Amount::non_zero && surge == Amount::non_zero) {
        ctx.report.error(
            "rolling-update-both-non-zero",
            "max_unavailable and max_surge cannot both be non-zero: a DaemonSet either stops old pods "
            "first (max_unavailable) or starts new ones first (max_surge)",
            rolling.max_surge);
    }
}

}  // namespace planton::validate::detail
