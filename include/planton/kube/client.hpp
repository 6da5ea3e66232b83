#pragma once
// Typed calls to the Kubernetes API over a Transport. Each call returns a CallResult
// (the response and, when the body is JSON, its parsed form); callers turn failures
// into messages with describe_failure. Nothing here throws for HTTP errors.
#include <string>

#include <nlohmann/json.hpp>

#include "planton/error.hpp"
#include "planton/kube/resources.hpp"
#include "planton/kube/transport.hpp"

namespace planton::kube {

struct CallResult {
    HttpResponse response;
    nlohmann::json body;  // parsed JSON body; null when empty or not JSON
    // A 2xx answer carrying a JSON object: every API the client calls answers with one.
    // A 2xx with anything else (a proxy's page, a cut-off answer) is not ok: the caller
    // cannot read what it asked for.
    bool ok() const { return answered_2xx() && body.is_object(); }
    bool answered_2xx() const {
        return response.transport_error.empty() && response.status >= 200 && response.status < 300;
    }
    bool not_found() const { return response.status == 404; }
    bool transport_failed() const { return !response.transport_error.empty(); }
};

// The path of a LIST with optional selectors (each URL-encoded), as Client::list sends it.
std::string list_path(const std::string& api_version, const std::string& kind, const std::string& namespace_,
                      const std::string& label_selector = "", const std::string& field_selector = "");

// How a server-side apply is sent; apply, diff and the CLI flags all start from here.
struct ApplyOptions {
    // The field manager (--field-manager): the owner the server records for every field
    // planton-ds writes. Fields another manager owns conflict (409) unless `force`.
    std::string field_manager = "planton-ds";
    bool force = false;    // --force-conflicts: take the conflicting fields over (force=true)
    bool dry_run = false;  // --dry-run server: dryRun=All, nothing is written
};

class Client {
public:
    explicit Client(Transport& transport) : transport_(transport) {}

    CallResult get(const ResourceRef& ref);
    // LIST with optional selectors; the list's metadata.resourceVersion is in body.
    CallResult list(const std::string& api_version, const std::string& kind, const std::string& namespace_,
                    const std::string& label_selector = "", const std::string& field_selector = "");
    // Server-side apply: one PATCH with Content-Type application/apply-patch+yaml and the
    // object as JSON.
    CallResult apply(const nlohmann::ordered_json& object, const ApplyOptions& options);
    // DELETE with an optional propagationPolicy ("Foreground", "Background", "Orphan").
    CallResult remove(const ResourceRef& ref, const std::string& propagation_policy = "",
                      bool dry_run = false);
    // PATCH of another kind than apply (application/merge-patch+json,
    // application/strategic-merge-patch+json) under `field_manager`.
    CallResult patch(const ResourceRef& ref, const std::string& content_type, const std::string& body,
                     const std::string& field_manager);
    // GET of any path (e.g. pods of a namespace with a label selector).
    CallResult get_path(const std::string& path);

    Transport& transport() { return transport_; }

private:
    CallResult call(HttpRequest request);
    Transport& transport_;
};

// One message for a failed call, as cli.md asks, always "cannot <verb> <display name>: …":
// a transport/TLS failure gives the transport's sentence (it names the server); 401
// says the server refused the credentials; 403 gives the server's message (it names
// verb, resource and namespace); 404 of a missing namespace says so and suggests
// create_namespace: true; 409 lists each conflicting field and its manager and mentions
// --force-conflicts; 422 lists the server's causes (field: message); other codes give
// "HTTP <code>: <message>". A retry note ("gave up after 5 attempts …") is appended in
// parentheses. `verb` is what was attempted ("apply", "list", "delete").
std::string describe_failure(const CallResult& result, const ResourceRef& ref, const std::string& verb,
                             const std::string& server);

// describe_failure's message for a failed LIST: "cannot list configmaps in namespace
// logging: …", "cannot list clusterroles: …".
std::string describe_list_failure(const CallResult& result, const std::string& api_version,
                                  const std::string& kind, const std::string& namespace_,
                                  const std::string& server);

// The kind of a failed call: Unreachable when the server was not reached or refused the
// credentials (a transport error, 401), else Refused.
FailureKind failure_kind(const CallResult& result);

// A failed call as a Failure: describe_failure's message with failure_kind's kind.
Failure call_failure(const CallResult& result, const ResourceRef& ref, const std::string& verb,
                     const std::string& server);
// The same for a failed LIST (describe_list_failure's message).
Failure list_failure(const CallResult& result, const std::string& api_version, const std::string& kind,
                     const std::string& namespace_, const std::string& server);

}  // namespace planton::kube
