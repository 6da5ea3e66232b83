#pragma once
// The credentials a connection presents, kept fresh for the length of a run: a static
// token or basic auth, a token file re-read on every request (projected service account
// tokens rotate), a client certificate, or an exec plugin whose credential is reused
// until its expirationTimestamp and fetched anew after a 401.
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "planton/kube/clock.hpp"
#include "planton/kube/cluster_access.hpp"
#include "planton/kube/exec_plugin.hpp"
#include "planton/kube/transport.hpp"

namespace planton::kube {

// What one request presents. Empty fields are not sent.
struct AuthMaterial {
    std::string bearer_token;
    std::string username;
    std::string password;
    std::string client_cert_pem;
    std::string client_key_pem;
    bool operator==(const AuthMaterial&) const = default;
};

// Safe to share between the connections of one context that run on threads of their
// own (concurrent rollout waits): current() and refresh_after_unauthorized() take a
// lock, so an exec plugin runs once and every connection gets its credential.
class Credentials {
public:
    // `plugin_timeout` bounds each run of an exec plugin.
    Credentials(const ClusterAccess& access, Clock& clock, std::chrono::milliseconds plugin_timeout);

    // The material for the next request. Runs the exec plugin when there is no cached
    // credential or it has expired, and re-reads the token file. Throws planton::Error
    // (exit code 3) when the plugin fails or the token file cannot be read (after a
    // good read, the last token is kept instead).
    AuthMaterial current();

    // Called after a 401 to a request that presented `refused`: drops the cached exec
    // credential, if it is still that one, so that the next current() runs the plugin
    // again (connections sharing these credentials, refused at once, run it once between
    // them). Returns whether that can help (an exec plugin or a token file is
    // configured), i.e. whether the request is worth sending once more.
    bool refresh_after_unauthorized(const AuthMaterial& refused);

    int plugin_runs() const;

private:
    AuthMaterial current_locked();

    mutable std::mutex mutex_;
    UserCredentials config_;
    std::string user_;
    std::string exec_info_;
    Clock& clock_;
    std::chrono::milliseconds plugin_timeout_;
    std::optional<ExecCredentialStatus> cached_;
    std::string file_token_;
    int plugin_runs_ = 0;
};

// Sends a request with `auth` within `budget` (zero: no limit); the retries live there.
using AuthenticatedSend =
    std::function<HttpResponse(const AuthMaterial& auth, std::chrono::milliseconds budget)>;

// Sends with the current credentials and, after a 401 when refreshing can help, once
// more with fresh ones (an exec plugin runs again), within what is left of `timeout`.
// A credential that cannot be obtained becomes a TransportFailure::Credentials answer
// carrying the message. `on_refresh` is told about the 401 before the second send.
// The answer's attempts count both sends.
HttpResponse send_authenticated(Credentials& credentials, const AuthenticatedSend& send,
                                std::chrono::milliseconds timeout, Clock& clock,
                                const std::function<void(const HttpResponse&)>& on_refresh = {});

}  // namespace planton::kube
