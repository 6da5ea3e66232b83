// Volume mounts and the pod's volumes (objects.md): one volume per distinct mount name,
// in first-mention order (the app container's mounts, then the sidecars', then the init
// containers'), from the mount's source. Mounts without a source (the sidecar form that
// names a volume of the app container) only mount.
#include <set>

#include "render/objects.hpp"

namespace planton::render::detail {
namespace {

bool set(const manifest::Str& s) {
    return s.present && !s.value.empty();
}

// A configMap or secret volume: the object's name under `name_key`, `items` only when
// a key is given (the file named after `path`, else after the key), and the mode.
Object object_source(const manifest::ObjectSource& s, const char* name_key) {
    Object source = Object::object({{name_key, s.name.value}});
    if (set(s.key)) {
        Object item =
            Object::object({{"key", s.key.value}, {"path", set(s.path) ? s.path.value : s.key.value}});
        source["items"] = Object::array({std::move(item)});
    }
    if (s.default_mode.present) source["defaultMode"] = s.default_mode.value;
    return source;
}

std::optional<Object> volume_source(const manifest::VolumeMount& m, std::string& kind) {
    if (m.host_path.present) {
        kind = "hostPath";
        Object s = Object::object({{"path", m.host_path.path.value}});
        if (set(m.host_path.type)) s["type"] = m.host_path.type.value;
        return s;
    }
    if (m.config_map.present) {
        kind = "configMap";
        return object_source(m.config_map, "name");
    }
    if (m.secret.present) {
        kind = "secret";
        return object_source(m.secret, "secretName");
    }
    if (m.empty_dir.present) {
        kind = "emptyDir";
        Object s = Object::object();
        if (set(m.empty_dir.medium)) s["medium"] = m.empty_dir.medium.value;
        if (set(m.empty_dir.size_limit)) s["sizeLimit"] = m.empty_dir.size_limit.value;
        return s;
    }
    if (m.pvc.present) {
        kind = "persistentVolumeClaim";
        Object s = Object::object({{"claimName", m.pvc.claim_name.value}});
        if (m.pvc.read_only.present && m.pvc.read_only.value) s["readOnly"] = true;
        return s;
    }
    return std::nullopt;
}

void add_volumes(Object& out, std::set<std::string>& seen,
                 const manifest::List<manifest::VolumeMount>& mounts) {
    for (const manifest::VolumeMount& m : mounts.items) {
        std::string kind;
        std::optional<Object> source = volume_source(m, kind);
        if (!source || !seen.insert(m.name.value).second) continue;
        Object volume = Object::object({{"name", m.name.value}});
        volume[kind] = std::move(*source);
        out.push_back(std::move(volume));
    }
}

}  // namespace

Object volume_mounts(const manifest::List<manifest::VolumeMount>& mounts) {
    Object out = Object::array();
    for (const manifest::VolumeMount& m : mounts.items) {
        Object mount = Object::object({{"name", m.name.value}});
        if (m.read_only.present && m.read_only.value) mount["readOnly"] = true;
        mount["mountPath"] = m.mount_path.value;
        if (set(m.sub_path)) mount["subPath"] = m.sub_path.value;
        if (set(m.mount_propagation)) mount["mountPropagation"] = m.mount_propagation.value;
        out.push_back(std::move(mount));
    }
    return out;
}

Object pod_volumes(const manifest::Manifest& m) {
    Object out = Object::array();
    std::set<std::string> seen;
    add_volumes(out, seen, m.spec.container.app.volume_mounts);
    for (const auto& sidecar : m.spec.container.sidecars.items) add_volumes(out, seen, sidecar.volume_mounts);
    for (const auto& init : m.spec.init_containers.items) add_volumes(out, seen, init.volume_mounts);
    return out;
}

}  // namespace planton::render::detail
