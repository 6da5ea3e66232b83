// The lint warnings of manifest.md (stable ids), the planton-ds.io/lint-ignore
// annotation that switches them off per manifest, and --strict.
#include <algorithm>
#include <array>
#include <span>
#include <vector>

#include "rules.hpp"
#include "syntax.hpp"

namespace planton::validate::detail {
namespace {

constexpr std::string_view kIgnoreAnnotation = "planton-ds.io/lint-ignore";
constexpr std::string_view kControlPlaneTaint = "node-role.kubernetes.io/control-plane";
constexpr std::array<std::string_view, 6> kSensitivePaths = {
    "/", "/etc", "/var/run/docker.sock", "/run/containerd/containerd.sock", "/proc", "/sys"};

bool is_true(const manifest::Bool& b) {
    return b.present && b.value;
}

// Tags that registries move to newer images as a matter of course: `latest` (in any
// case) and the usual names of release channels and branches.
constexpr std::array<std::string_view, 7> kMutableTags = {"latest",  "stable", "main", "master",
                                                          "nightly", "edge",   "dev"};

bool is_mutable_tag(std::string_view tag) {
    return std::any_of(kMutableTags.begin(), kMutableTags.end(), [&](std::string_view mutable_tag) {
        return std::equal(tag.begin(), tag.end(), mutable_tag.begin(), mutable_tag.end(),
                          [](char a, char b) { return (a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == b; });
    });
}

void lint_image(const Context& ctx) {
    const manifest::Str& tag = ctx.manifest.spec.container.app.image.tag;
    if (tag.present && is_mutable_tag(tag.value)) {
        ctx.report.warning("image-latest-tag",
                           "image tag " + in_quotes(tag.value) +
                               (tag.value == "latest" ? " is not a pinned version"
                                                      : " is a mutable tag, not a pinned version") +
                               "; nodes pulling at different times may run different images",
                           tag);
    }
    const auto borrowed = [&](const manifest::List<manifest::Sidecar>& containers) {
        for (const manifest::Sidecar& c : containers.items) {
            if (!given(c.image) || !image_reference_problem(c.image.value).empty()) continue;
            // A digest pins the image whatever the tag says.
            const std::string_view t = image_reference_tag(c.image.value);
            if (t.empty() || is_mutable_tag(t)) {
                ctx.report.warning("image-latest-tag",
                                   "image " + in_quotes(c.image.value) +
                                       (t.empty() ? " has no tag, which means \"latest\""
                                                  : " uses the tag " + in_quotes(t)) +
                                       ", not a pinned version",
                                   c.image);
            }
        }
    };
    borrowed(ctx.manifest.spec.container.sidecars);
    borrowed(ctx.manifest.spec.init_containers);
}

std::string_view normalized(std::string_view path) {
    while (path.size() > 1 && path.ends_with('/')) path.remove_suffix(1);
    return path;
}

// A host path volume mounted without read_only: true.
void lint_host_path(const manifest::VolumeMount& volume, const manifest::VolumeMount& mount, Report& report) {
    if (!volume.host_path.present || !given(volume.host_path.path) || is_true(mount.read_only) ||
        mount.read_only.type_error)
        return;
    const std::string& path = volume.host_path.path.value;
    const manifest::Node& at =
        &volume == &mount ? static_cast<const manifest::Node&>(volume.host_path) : mount;
    if (std::find(kSensitivePaths.begin(), kSensitivePaths.end(), normalized(path)) !=
        kSensitivePaths.end()) {
        report.warning(
            "sensitive-host-path",
            "host path " + in_quotes(path) +
                " is mounted writable, which gives the container control over the node; add read_only: true",
            at);
    } else {
        report.warning("writable-host-path",
                       "host path " + in_quotes(path) +
                           " is mounted writable; add read_only: true unless the container "
                           "writes there",
                       at);
    }
}

void lint_mounts(const Context& ctx) {
    const manifest::Spec& spec = ctx.manifest.spec;
    const auto& app_mounts = spec.container.app.volume_mounts.items;
    for (const manifest::VolumeMount& m : app_mounts) lint_host_path(m, m, ctx.report);
    const auto borrowed = [&](const manifest::List<manifest::Sidecar>& containers) {
        for (const manifest::Sidecar& c : containers.items) {
            for (const manifest::VolumeMount& m : c.volume_mounts.items) {
                // A volume the app container already mounts writable has its warning.
                const auto volume = std::find_if(app_mounts.begin(), app_mounts.end(), [&](const auto& a) {
                    return given(m.name) && a.name.value == m.name.value && a.host_path.present;
                });
                if (volume != app_mounts.end() && is_true(volume->read_only))
                    lint_host_path(*volume, m, ctx.report);
            }
        }
    };
    borrowed(spec.container.sidecars);
    borrowed(spec.init_containers);
}

bool covers_control_plane(const manifest::Toleration& t) {
    if (!t.present || (given(t.effect) && t.effect.value != "NoSchedule")) return false;
    if (t.operator_.value == "Exists") return !given(t.key) || t.key.value == kControlPlaneTaint;
    return (t.operator_.value.empty() || t.operator_.value == "Equal") && t.key.value == kControlPlaneTaint &&
           !given(t.value);
}

void lint_scheduling(const Context& ctx) {
    const manifest::Spec& spec = ctx.manifest.spec;
    const bool selected = spec.node_selector.type_error || !spec.node_selector.entries.empty();
    const bool tolerated =
        spec.tolerations.type_error ||
        std::any_of(spec.tolerations.items.begin(), spec.tolerations.items.end(), covers_control_plane);
    if (!selected && !tolerated) {
        ctx.report.warning(
            "no-control-plane-toleration",
            "no node_selector and no toleration of the taint node-role.kubernetes.io/control-plane:"
            "NoSchedule, so control-plane nodes will get no pod",
            spec.tolerations);
    }
    if (left_out(spec.priority_class_name) ||
        (spec.priority_class_name.present && spec.priority_class_name.value.empty())) {
        ctx.report.warning("no-priority-class",
                           "no priority_class_name: node agents are evicted first under resource pressure "
                           "(system-node-critical keeps them)",
                           spec.priority_class_name);
    }
    if (spec.update_strategy.type.value == "OnDelete") {
        ctx.report.warning(
            "on-delete-strategy",
            "with type: OnDelete, updates never roll out by themselves: each pod changes only when "
            "it is deleted",
            spec.update_strategy.type);
    }
}

void lint_app(const Context& ctx) {
    const manifest::AppContainer& app = ctx.manifest.spec.container.app;
    const manifest::SecurityContext& sc = app.security_context;
    if (is_true(sc.privileged) && !sc.capabilities.type_error && !sc.capabilities.drop.type_error &&
        sc.capabilities.drop.items.empty()) {
        ctx.report.warning(
            "privileged-without-drop",
            "privileged: true while capabilities drop nothing; drop what the container does not need",
            sc.privileged);
    }
    for (const manifest::Port& port : app.ports.items) {
        if (port.host_port.present && port.host_port.value != 0) {
            ctx.report.warning("host-port",
                               "host_port " + std::to_string(port.host_port.value) +
                                   " limits scheduling to one pod per node and port",
                               port.host_port);
        }
    }
    if (left_out(app.readiness_probe)) {
        ctx.report.warning("no-readiness-probe",
                           "no readiness probe: rollouts cannot tell a broken pod from a working one",
                           app.readiness_probe);
    }
    if (left_out(app.resources)) {
        const manifest::ResourceDefaults& d = manifest::kAppResourceDefaults;
        ctx.report.warning("default-resources",
                           "resources are left out, so the defaults apply (limits cpu " +
                               std::string(d.limits_cpu) + ", memory " + std::string(d.limits_memory) +
                               "; requests cpu " + std::string(d.requests_cpu) + ", memory " +
                               std::string(d.requests_memory) + ")",
                           app.resources);
    }
}

}  // namespace

std::span<const std::string_view> lint_ids() {
    static constexpr std::string_view kIds[] = {
        "image-latest-tag",  "privileged-without-drop", "writable-host-path", "sensitive-host-path",
        "host-port",         "no-readiness-probe",      "on-delete-strategy", "no-control-plane-toleration",
        "no-priority-class", "default-resources",       "unknown-lint-id"};
    return kIds;
}

void lint(const Context& ctx) {
    const manifest::Spec& spec = ctx.manifest.spec;
    if (!spec.present) return;
    lint_scheduling(ctx);
    if (!spec.container.app.present) return;
    lint_image(ctx);
    lint_mounts(ctx);
    lint_app(ctx);
}

void settle_warnings(const manifest::Manifest& manifest, Report& report, bool strict) {
    std::vector<std::string> ignored;
    for (const manifest::StrEntry& entry : manifest.metadata.annotations.entries) {
        if (entry.key.value != kIgnoreAnnotation) continue;
        const std::string& list = entry.value.value;
        std::size_t start = 0;
        while (start <= list.size()) {
            const std::size_t comma = std::min(list.find(',', start), list.size());
            std::string_view id = std::string_view(list).substr(start, comma - start);
            while (!id.empty() && id.front() == ' ') id.remove_prefix(1);
            while (!id.empty() && id.back() == ' ') id.remove_suffix(1);
            start = comma + 1;
            if (id.empty()) continue;
            const auto known = lint_ids();
            if (std::find(known.begin(), known.end(), id) == known.end()) {
                report.warning("unknown-lint-id",
                               "lint-ignore names " + in_quotes(id) +
                                   ", which is not a lint check (see docs/diagnostics.md)",
                               entry.value);
            }
            ignored.emplace_back(id);
        }
    }
    auto& out = report.diagnostics();
    std::erase_if(out, [&](const manifest::Diagnostic& d) {
        return d.severity == manifest::Severity::warning &&
               std::find(ignored.begin(), ignored.end(), d.id) != ignored.end();
    });
    if (strict) {
        for (manifest::Diagnostic& d : out) d.severity = manifest::Severity::error;
    }
}

}  // namespace planton::validate::detail
