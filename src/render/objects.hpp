#pragma once
// The pieces render() assembles (../shared/spec/objects.md), one file per object kind.
//
// Key order: apiVersion, kind, metadata (name, namespace, labels, annotations), then the
// object's body; inside a Kubernetes type, fields come in the order of the Kubernetes
// API's Go type definitions (the order of the upstream API reference), so that every
// object reads the same way. Fields the manifest leaves out are left out, never
// rendered as null or empty.
//
// These functions assume nothing about validity beyond what the model guarantees: a
// manifest that validate rejects may render oddly, but never crashes.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "planton/manifest/model.hpp"
#include "planton/render/render.hpp"

namespace planton::render::detail {

// What every object of one manifest shares, computed once.
struct Context {
    const manifest::Manifest& manifest;
    std::string name;                               // metadata.name
    std::string namespace_;                         // the literal namespace
    Object labels;                                  // objects.md's labels, then metadata.labels
    Object annotations;                             // metadata.annotations (an empty object when none)
    std::string service_account;                    // what pods run as and bindings name; empty: none
    std::optional<std::string> docker_config_json;  // creates the image pull Secret
};

Context make_context(const manifest::Document& doc, const Options& options);

// labels.cpp: `{apiVersion, kind, metadata: {name, [namespace,] labels, [annotations]}}`,
// the start of every object.
Object new_object(const Context& ctx, std::string_view api_version, std::string_view kind,
                  std::string_view name, bool namespaced);
// The labels of objects.md for a manifest (also the pod template's labels).
Object common_labels(const manifest::Manifest& m);
// A user-keyed map as a JSON object, in manifest order.
Object string_map(const manifest::StrMap& map);
// A list of strings as a JSON array.
Object string_list(const manifest::List<manifest::Str>& list);

// One file per object kind; each returns nothing when objects.md says the object is
// not rendered.
std::optional<Object> render_namespace(const Context& ctx);
std::optional<Object> render_service_account(const Context& ctx);
std::vector<Object> render_rbac(const Context& ctx);  // ClusterRole(+Binding), Role(+Binding)
std::vector<Object> render_config_maps(const Context& ctx);
std::optional<Object> render_env_secret(const Context& ctx);
std::optional<Object> render_image_pull_secret(const Context& ctx);
// `config_hash` goes into the pod template's annotations.
Object render_daemonset(const Context& ctx, const std::string& config_hash);

// Names of the objects render creates besides the DaemonSet.
std::string env_secret_name(const Context& ctx);
std::string image_pull_secret_name(const Context& ctx);

// pod_spec.cpp / containers.cpp / env.cpp / volumes.cpp / probes.cpp / scheduling.cpp
Object pod_spec(const Context& ctx);
Object app_container(const Context& ctx);
Object extra_container(const manifest::Sidecar& sidecar);  // sidecars and init containers
Object app_env(const Context& ctx);
Object resources(const manifest::Resources& r, bool with_defaults);
Object container_ports(const manifest::List<manifest::Port>& ports);
Object volume_mounts(const manifest::List<manifest::VolumeMount>& mounts);
Object pod_volumes(const manifest::Manifest& m);
Object probe(const manifest::Probe& p);
Object security_context(const manifest::SecurityContext& sc);
Object tolerations(const manifest::List<manifest::Toleration>& list);
Object affinity(const manifest::Affinity& a);
std::optional<Object> update_strategy(const manifest::UpdateStrategy& u);

// "25%" stays a string; "1" becomes the number 1 (Kubernetes rejects the string "1").
Object int_or_percent(const std::string& text);

// Hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace planton::render::detail
