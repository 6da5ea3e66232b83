#pragma once
// Exec credential plugins (client.authentication.k8s.io v1 and v1beta1), as kubectl runs
// them: the command with its args, the kubeconfig's env added to ours,
// KUBERNETES_EXEC_INFO holding the ExecCredential request with interactive: false, stdin
// from /dev/null, and an ExecCredential read from stdout. The plugin's stdout holds
// credentials: no message ever repeats it. Its stderr is the plugin's word to the user:
// passed on to ours, and when it fails, its last line ends our message (the earlier
// lines, if any, are printed above it).
#include <chrono>
#include <optional>
#include <string>

#include "planton/kube/cluster_access.hpp"

namespace planton::kube {

struct ExecCredentialStatus {
    std::string token;
    std::string client_cert_pem;
    std::string client_key_pem;
    // expirationTimestamp; nullopt when the plugin gave none (the credential is then
    // reused for the whole run, until a 401).
    std::optional<std::chrono::system_clock::time_point> expiry;
};

// The KUBERNETES_EXEC_INFO value: {"apiVersion": <the config's>, "kind":
// "ExecCredential", "spec": {"interactive": false}}, plus spec.cluster (server,
// tls-server-name, insecure-skip-tls-verify, certificate-authority-data, proxy-url) when
// the config sets provideClusterInfo; `access` gives those.
std::string exec_info_json(const ExecConfig& exec, const ClusterAccess& access);

// Reads the plugin's output. `who` names the plugin in messages, e.g.
// `the exec plugin "aws" of user "admin"`. Throws planton::Error (exit code 3) when it
// is not an ExecCredential of the configured apiVersion with a token or a certificate
// and key; the message gives the output's size, never its content.
ExecCredentialStatus parse_exec_credential(const std::string& output, const ExecConfig& exec,
                                           const std::string& who);

// Runs the plugin once and parses its output. Throws planton::Error (exit code 3) when
// the command is not found (adding the installHint), cannot be run, exits non-zero, is
// killed, runs longer than `timeout`, or prints something that parse_exec_credential
// refuses. `user` is the kubeconfig user, for messages.
ExecCredentialStatus run_exec_plugin(const ExecConfig& exec, const std::string& user,
                                     const std::string& exec_info, std::chrono::milliseconds timeout);

// An RFC 3339 time ("2024-05-01T10:00:00Z", "…T10:00:00.5+02:00"); nullopt otherwise.
std::optional<std::chrono::system_clock::time_point> parse_rfc3339(const std::string& text);

}  // namespace planton::kube
