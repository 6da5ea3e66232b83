// Kubeconfig text -> the cluster and user of a context, as the cluster commands resolve
// them (a stack input's kube_config goes the same way). Properties, beyond "no crash":
// - the only exception is planton::Error, for the current context and for every
//   context the configuration lists;
// - no credential of the input (a user's token, password or client key, an auth
//   provider's tokens) is in an error message or a warning;
// - an exec plugin's KUBERNETES_EXEC_INFO is JSON;
// - what resolves is usable: a server without a trailing slash, a context name, and
//   credentials only when the server is not plain http.
#include <cstdint>
#include <string>
#include <vector>

#include "planton/error.hpp"
#include "planton/kube/cluster_access.hpp"
#include "planton/kube/exec_plugin.hpp"

#include "fuzz_support.hpp"

namespace {

using planton::fuzz::check;
using planton::fuzz::fail;

// Relative paths in the text resolve under a folder that does not exist, so that the
// outcome does not depend on the machine's files.
planton::kube::ConfigSelection selection_of(const std::string& text, const std::string& context) {
    planton::kube::ConfigSelection selection;
    selection.kubeconfig_text = text;
    selection.kubeconfig_text_origin = "the fuzzed kubeconfig";
    selection.kubeconfig_text_dir = "/nonexistent-planton-fuzz";
    selection.context = context;
    return selection;
}

planton::kube::KubeconfigEnvironment environment() {
    planton::kube::KubeconfigEnvironment env;
    env.home = "/nonexistent-planton-fuzz";
    env.serviceaccount_dir = "/nonexistent-planton-fuzz";
    return env;
}

void resolve(const std::string& text, const std::string& context, const planton::fuzz::Secrets& secrets) {
    try {
        const planton::kube::ClusterAccess access =
            planton::kube::resolve_cluster_access(selection_of(text, context), environment());
        check(access.server.empty() || access.server.back() != '/', "the server keeps a trailing slash");
        check(!access.context.empty(), "a resolved access names no context");
        if (access.server.rfind("http://", 0) == 0) {
            check(!access.credentials.any(), "credentials are kept for a plain http server");
        }
        for (const std::string& warning : access.warnings) secrets.check_absent(warning, "a warning");
        if (access.credentials.exec) {
            // What an exec plugin would be given (KUBERNETES_EXEC_INFO) must be JSON.
            const std::string info = planton::kube::exec_info_json(*access.credentials.exec, access);
            check(nlohmann::json::accept(info), "KUBERNETES_EXEC_INFO is not JSON: " + info);
        }
    } catch (const planton::Error& e) {
        check(e.what()[0] != '\0', "an error without a message");
        secrets.check_absent(e.what(), "an error message");
    } catch (const std::exception& e) {
        fail(std::string("an exception other than planton::Error escaped: ") + e.what());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    planton::fuzz::Secrets secrets(text);
    planton::fuzz::add_kubeconfig_credentials(text, secrets);

    std::vector<std::string> contexts;
    try {
        contexts = planton::kube::context_names(selection_of(text, ""), environment());
    } catch (const planton::Error& e) {
        secrets.check_absent(e.what(), "an error message");
    } catch (const std::exception& e) {
        fail(std::string("an exception other than planton::Error escaped: ") + e.what());
    }
    resolve(text, "", secrets);
    // A handful of contexts is enough to reach every resolution path.
    for (std::size_t i = 0; i < contexts.size() && i < 4; ++i) resolve(text, contexts[i], secrets);
    resolve(text, "no-such-context", secrets);
    return 0;
}
