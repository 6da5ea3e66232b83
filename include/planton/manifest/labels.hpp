#pragma once
// The labels planton-ds puts on every object it renders (objects.md "Labels and
// annotations"). Three layers must agree on them, so they are written here once:
// validate refuses a manifest that sets one of the reserved five, render writes them,
// and apply --prune finds the objects of an earlier apply by `planton.ai/name` and
// `app.kubernetes.io/managed-by` — if the value written and the value looked for drifted
// apart, prune would silently find nothing.
#include <array>
#include <string_view>

namespace planton::manifest {

// Label keys.
inline constexpr std::string_view kAppNameLabel = "app.kubernetes.io/name";  // <name>; also the selector
inline constexpr std::string_view kManagedByLabel = "app.kubernetes.io/managed-by";
inline constexpr std::string_view kPlantonResourceLabel = "planton.ai/resource";
inline constexpr std::string_view kPlantonKindLabel = "planton.ai/kind";
inline constexpr std::string_view kPlantonNameLabel = "planton.ai/name";  // <name>; prune selects on it

// The values of the labels that do not depend on the manifest.
inline constexpr std::string_view kManagedByValue = "planton-ds";
inline constexpr std::string_view kPlantonResourceValue = "true";
inline constexpr std::string_view kPlantonKindValue = "KubernetesDaemonSet";

// The labels a manifest may not set in metadata.labels (render would overwrite them).
inline constexpr std::array<std::string_view, 5> kReservedLabels = {
    kAppNameLabel, kManagedByLabel, kPlantonResourceLabel, kPlantonKindLabel, kPlantonNameLabel};

}  // namespace planton::manifest
