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

// What the commands would print about the context: the error, or the warnings. Checks
// the properties of a resolved access on the way.
std::string resolve(const std::string& text, const std::string& context) {
    std::string shown;
    try {
        const planton::kube::ClusterAccess access =
            planton::kube::resolve_cluster_access(selection_of(text, context), environment());
        check(access.server.empty() || access.server.back() != '/', "the server keeps a trailing slash");
        check(!access.context.empty(), "a resolved access names no context");
        if (access.server.rfind("http://", 0) == 0) {
            check(!access.credentials.any(), "credentials are kept for a plain http server");
        }
        for (const std::string& warning : access.warnings) shown += warning + "\n";
        if (access.credentials.exec) {
            // What an exec plugin would be given (KUBERNETES_EXEC_INFO) must be JSON.
            const std::string info = planton::kube::exec_info_json(*access.credentials.exec, access);
            check(nlohmann::json::accept(info), "KUBERNETES_EXEC_INFO is not JSON: " + info);
        }
    } catch (const planton::Error& e) {
        check(e.what()[0] != '\0', "an error without a message");
        shown += e.what();
    } catch (const std::exception& e) {
        fail(std::string("an exception other than planton::Error escaped: ") + e.what());
    }
    return shown;
}

std::vector<std::string> contexts_of(const std::string& text, std::string& shown) {
    try {
        return planton::kube::context_names(selection_of(text, ""), environment());
    } catch (const planton::Error& e) {
        shown += e.what();
    } catch (const std::exception& e) {
        fail(std::string("an exception other than planton::Error escaped: ") + e.what());
    }
    return {};
}

// Everything printed for the current context, a handful of the contexts listed (enough
// to reach every resolution path) and a context that is not there.
std::string everything_shown(const std::string& text) {
    std::string shown;
    const std::vector<std::string> contexts = contexts_of(text, shown);
    shown += resolve(text, "");
    for (std::size_t i = 0; i < contexts.size() && i < 4; ++i) shown += resolve(text, contexts[i]);
    shown += resolve(text, "no-such-context");
    return shown;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    planton::fuzz::Secrets secrets(text);
    planton::fuzz::add_kubeconfig_credentials(text, secrets);
    secrets.check_absent(everything_shown(text), "an error message or a warning", everything_shown);
    return 0;
}
