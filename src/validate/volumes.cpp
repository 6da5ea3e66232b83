// Volume mounts: where they go, their one source, and how mounts of one volume agree.
// The app container declares volumes; sidecars and init containers borrow them by name.
#include <array>

#include "rules.hpp"
#include "syntax.hpp"

namespace planton::validate::detail {
namespace {

using manifest::VolumeMount;

std::array<Alternative, 5> sources_of(const VolumeMount& m) {
    return {Alternative{"host_path", &m.host_path}, Alternative{"config_map", &m.config_map},
            Alternative{"secret", &m.secret}, Alternative{"empty_dir", &m.empty_dir},
            Alternative{"pvc", &m.pvc}};
}

void check_absolute(const manifest::Str& path, std::string_view what, Report& report) {
    if (given(path) && path.value.front() != '/') {
        report.error("path-not-absolute",
                     std::string(what) + " " + in_quotes(path.value) + " must be an absolute path", path);
    }
}

void check_relative(const manifest::Str& path, std::string_view what, Report& report) {
    if (!given(path)) return;
    report_problem("invalid-relative-path", what, path, relative_path_problem(path.value), report);
}

// Whether the container of some mounts runs privileged.
enum class Privileged { yes, no, unknown, never };

// What every mount has, declared or borrowed: name, mount path, sub path, propagation.
// Mount paths are unique within `mounts`.
void check_targets(const manifest::List<VolumeMount>& mounts, Privileged privileged, Report& report) {
    for (std::size_t i = 0; i < mounts.items.size(); ++i) {
        const VolumeMount& m = mounts.items[i];
        if (!m.present) continue;
        check_name(m.name, "volume name", /*subdomain=*/false, 63, report);
        check_absolute(m.mount_path, "mount_path", report);
        check_relative(m.sub_path, "sub_path", report);
        const bool bidirectional =
            m.mount_propagation.present && m.mount_propagation.value == "Bidirectional";
        if (bidirectional && privileged == Privileged::no) {
            report.error(
                "bidirectional-needs-privileged",
                "mount_propagation: Bidirectional needs a privileged container (security_context.privileged: "
                "true)",
                m.mount_propagation);
        } else if (bidirectional && privileged == Privileged::never) {
            report.error(
                "bidirectional-needs-privileged",
                "mount_propagation: Bidirectional needs a privileged container, and sidecars and init "
                "containers are not privileged",
                m.mount_propagation);
        }
        for (std::size_t j = 0; j < i && given(m.mount_path); ++j) {
            if (mounts.items[j].mount_path.value != m.mount_path.value) continue;
            report.error("duplicate-mount-path",
                         "mount_path " + in_quotes(m.mount_path.value) + " is already given on line " +
                             std::to_string(mounts.items[j].mount_path.line),
                         m.mount_path);
            break;
        }
    }
}

std::string octal(std::int64_t value) {
    std::string digits;
    do {
        digits.insert(digits.begin(), static_cast<char>('0' + value % 8));
        value /= 8;
    } while (value > 0);
    return "0" + digits;
}

void check_object_source(const manifest::ObjectSource& source, std::string_view kind, Report& report) {
    if (!source.present) return;
    check_name(source.name, std::string(kind) + " name", /*subdomain=*/true, 253, report);
    if (given(source.key)) {
        report_problem("invalid-key", "key", source.key, data_key_problem(source.key.value), report);
    }
    check_relative(source.path, "path", report);
    if (given(source.path) && left_out(source.key)) {
        report.error("missing-field", "path names the file of one key; give that key too", source.key);
    }
    const manifest::Int& mode = source.default_mode;
    if (mode.present && (mode.value < 0 || mode.value > 0777)) {
        report.error("invalid-file-mode",
                     "default_mode " + std::to_string(mode.value) +
                         (mode.value > 0 ? " (octal " + octal(mode.value) + ")" : "") +
                         " is out of range; it must be between 0 and 0777 (decimal 511)",
                     mode);
    }
}

// One volume's source, as text, to tell whether two mounts of one name agree.
std::string source_key(const VolumeMount& m) {
    const auto str = [](const manifest::Str& s) { return s.value + '\x1f'; };
    const auto num = [](const manifest::Int& i) {
        return i.present ? std::to_string(i.value) + '\x1f' : "\x1f";
    };
    if (m.host_path.present) return "host_path\x1f" + str(m.host_path.path) + str(m.host_path.type);
    if (m.config_map.present)
        return "config_map\x1f" + str(m.config_map.name) + str(m.config_map.key) + str(m.config_map.path) +
               num(m.config_map.default_mode);
    if (m.secret.present)
        return "secret\x1f" + str(m.secret.name) + str(m.secret.key) + str(m.secret.path) +
               num(m.secret.default_mode);
    if (m.empty_dir.present) return "empty_dir\x1f" + str(m.empty_dir.medium) + str(m.empty_dir.size_limit);
    if (m.pvc.present) return "pvc\x1f" + str(m.pvc.claim_name) + (m.pvc.read_only.value ? "ro" : "rw");
    return "";
}

void check_source(const VolumeMount& m, Report& report) {
    const std::array<Alternative, 5> alternatives = sources_of(m);
    const Given sources = check_one_of(alternatives, "multiple-volume-sources", "a mount", "source", report);
    const manifest::Str& flat_type = m.host_path.type;
    if (flat_type.present && !m.host_path.present && flat_type.path.ends_with("host_path_type")) {
        report.error("conflicting-fields", "host_path_type is given without host_path", flat_type);
        return;
    }
    if (sources.count == 0 && !sources.unreadable) {
        report.error("missing-volume-source",
                     "a mount needs a source: one of host_path, config_map, secret, empty_dir or pvc", m);
    }
    if (m.host_path.present) check_absolute(m.host_path.path, "host path", report);
    check_object_source(m.config_map, "config_map", report);
    check_object_source(m.secret, "secret", report);
    if (given(m.empty_dir.size_limit) && !parse_quantity(m.empty_dir.size_limit.value)) {
        report.error("invalid-quantity",
                     "size_limit " + in_quotes(m.empty_dir.size_limit.value) +
                         " is not a Kubernetes quantity (such as 64Mi)",
                     m.empty_dir.size_limit);
    }
    if (m.pvc.present) check_name(m.pvc.claim_name, "claim_name", /*subdomain=*/true, 253, report);
}

}  // namespace

void check_volumes(const Context& ctx) {
    const manifest::AppContainer& app = ctx.manifest.spec.container.app;
    if (!app.present) return;
    const manifest::Bool& flag = app.security_context.privileged;
    const Privileged privileged = flag.type_error || app.security_context.type_error ? Privileged::unknown
                                  : flag.present && flag.value                       ? Privileged::yes
                                                                                     : Privileged::no;
    check_targets(app.volume_mounts, privileged, ctx.report);
    const auto& mounts = app.volume_mounts.items;
    for (std::size_t i = 0; i < mounts.size(); ++i) {
        const VolumeMount& m = mounts[i];
        if (!m.present) continue;
        check_source(m, ctx.report);
        const std::string key = source_key(m);
        for (std::size_t j = 0; j < i && given(m.name) && !key.empty(); ++j) {
            const VolumeMount& earlier = mounts[j];
            if (earlier.name.value != m.name.value) continue;
            const std::string earlier_key = source_key(earlier);
            if (!earlier_key.empty() && earlier_key != key) {
                ctx.report.error(
                    "conflicting-volume",
                    "volume " + in_quotes(m.name.value) + " is declared on line " +
                        std::to_string(earlier.name.line) +
                        " with another source; mounts that share a name must mount the same volume",
                    m.name);
            }
            break;
        }
    }
}

void check_borrowed_mounts(const manifest::List<VolumeMount>& mounts,
                           const manifest::List<VolumeMount>& app_mounts, Report& report) {
    check_targets(mounts, Privileged::never, report);
    for (const VolumeMount& m : mounts.items) {
        if (!m.present) continue;
        for (const Alternative& source : sources_of(m)) {
            if (!source.node->present) continue;
            report.error(
                "sidecar-volume-source",
                "mounts of sidecars and init containers name a volume of the app container; declare its " +
                    std::string(source.name) + " source on an app container mount",
                *source.node);
            break;
        }
        if (!given(m.name)) continue;
        bool declared = false;
        for (const VolumeMount& app_mount : app_mounts.items)
            declared = declared || app_mount.name.value == m.name.value;
        if (!declared) {
            report.error(
                "unknown-volume",
                "volume " + in_quotes(m.name.value) + " is not declared by a mount of the app container",
                m.name);
        }
    }
}

}  // namespace planton::validate::detail
