#pragma once
// What the tests of the cluster-command runner share: a rendered manifest with just its
// DaemonSet, enough for prefixes, labels and JSON.
#include <string>

#include "cli/manifest_input.hpp"

namespace planton::test {

inline cli::RenderedManifest daemonset_manifest(const std::string& name, const std::string& namespace_) {
    cli::RenderedManifest m;
    m.document.manifest.metadata.name.value = name;
    m.objects.push_back(nlohmann::ordered_json{{"apiVersion", "apps/v1"},
                                               {"kind", "DaemonSet"},
                                               {"metadata", {{"name", name}, {"namespace", namespace_}}}});
    return m;
}

}  // namespace planton::test
