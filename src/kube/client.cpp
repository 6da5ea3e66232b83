#include "planton/kube/client.hpp"

#include <sstream>

#include "planton/kube/json_fields.hpp"
#include "planton/kube/managed_fields.hpp"
#include "planton/kube/warnings.hpp"

namespace planton::kube {

CallResult Client::call(HttpRequest request) {
    CallResult result;
    result.response = transport_.send(request);
    const auto warning = result.response.headers.find("warning");
    if (warning != result.response.headers.end())
        report_warnings(transport_.server(), split_header_values(warning->second));
    if (!result.response.body.empty()) {
        // A body that is not JSON (an HTML error page of a proxy) stays null; messages
        // then fall back to the status code.
        result.body = nlohmann::json::parse(result.response.body, nullptr, false);
        if (result.body.is_discarded()) result.body = nullptr;
    }
    return result;
}

CallResult Client::get(const ResourceRef& ref) {
    return call({"GET", object_path(ref), "", ""});
}

CallResult Client::get_path(const std::string& path) {
    return call({"GET", path, "", ""});
}

std::string list_path(const std::string& api_version, const std::string& kind, const std::string& namespace_,
                      const std::string& label_selector, const std::string& field_selector) {
    std::string path = collection_path(api_version, kind, namespace_);
    char sep = '?';
    if (!label_selector.empty()) {
        path += sep + std::string("labelSelector=") + url_encode(label_selector);
        sep = '&';
    }
    if (!field_selector.empty()) path += sep + std::string("fieldSelector=") + url_encode(field_selector);
    return path;
}

CallResult Client::list(const std::string& api_version, const std::string& kind,
                        const std::string& namespace_, const std::string& label_selector,
                        const std::string& field_selector) {
    return call({"GET", list_path(api_version, kind, namespace_, label_selector, field_selector), "", ""});
}

CallResult Client::apply(const nlohmann::ordered_json& object, const ApplyOptions& options) {
    std::string path = object_path(ref_of(object)) + "?fieldManager=" + url_encode(options.field_manager);
    if (options.force) path += "&force=true";
    if (options.dry_run) path += "&dryRun=All";
    return call({"PATCH", path, "application/apply-patch+yaml", object.dump()});
}

CallResult Client::patch(const ResourceRef& ref, const std::string& content_type, const std::string& body,
                          const std::string& field_manager) {
    return call({"PATCH", object_path(ref) + "?fieldManager=" + url_encode(field_manager), content_type, body});
}

CallResult Client::remove(const ResourceRef& ref, const std::string& propagation_policy, bool dry_run) {
    std::string path = object_path(ref);
    char sep = '?';
    if (!propagation_policy.empty()) {
        path += sep + std::string("propagationPolicy=") + propagation_policy;
        sep = '&';
    }
    if (dry_run) path += sep + std::string("dryRun=All");
    return call({"DELETE", path, "", ""});
}

namespace {

std::string status_message(const CallResult& result) {
    return string_at(result.body, "kind") == "Status" ? string_at(result.body, "message") : "";
}

// The causes of a Status, one "\n  field: message" line each.
std::string cause_lines(const nlohmann::json& causes) {
    std::string out;
    for (const auto& cause : causes) {
        if (cause.is_object()) out += "\n  " + string_at(cause, "field") + ": " + string_at(cause, "message");
    }
    return out;
}

// describe_failure's text, with `what` naming what the call was about.
std::string describe(const CallResult& result, const ResourceRef& ref, const std::string& verb,
                     const std::string& what, const std::string& server) {
    std::ostringstream out;
    out << "cannot " << verb << " " << what << ": ";
    if (result.transport_failed()) {
        out << result.response.transport_error;
        if (!result.response.retry_note.empty()) out << " (" << result.response.retry_note << ")";
        return out.str();
    }
    const long code = result.response.status;
    if (result.answered_2xx()) {
        out << "the server answered HTTP " << code << " without a JSON object (a proxy in the way?)";
        return out.str();
    }
    const std::string message = status_message(result);
    const nlohmann::json& details = object_at(result.body, "details");
    auto causes = [&]() -> const nlohmann::json* {
        const nlohmann::json& list = array_at(details, "causes");
        return list.empty() ? nullptr : &list;
    };
    switch (code) {
        case 401:
            out << "the server " << server << " refused the credentials (401 Unauthorized)";
            if (!message.empty()) out << ": " << message;
            switch (result.response.presented) {
                case Presented::Token:
                    out << "; check the token of the kubeconfig user (expired?)";
                    break;
                case Presented::Password:
                    out << "; check the username and password of the kubeconfig user";
                    break;
                case Presented::Certificate:
                    out << "; check the client certificate of the kubeconfig user (expired, or not signed by a "
                           "CA the server trusts?)";
                    break;
                case Presented::Nothing:
                    out << "; the kubeconfig user gives no credentials: add a token, a client certificate or "
                           "an exec plugin";
                    break;
                case Presented::Unknown:
                    out << "; check the user of the kubeconfig context";
                    break;
            }
            break;
        case 403:
            out << "forbidden (403)";
            if (!message.empty()) {
                out << ": " << message;
            } else if (auto info = kind_info(ref.api_version, ref.kind)) {
                out << ": the credentials may not " << verb << " " << info->plural;
                if (!ref.namespace_.empty()) out << " in namespace " << ref.namespace_;
            }
            break;
        case 404:
            if (string_at(details, "kind") == "namespaces") {
                const std::string name = string_at(details, "name");
                out << "namespace \"" << (name.empty() ? ref.namespace_ : name)
                    << "\" does not exist; set create_namespace: true in the manifest to create it, or "
                       "create it first";
            } else {
                out << "not found (404)";
                if (!message.empty()) out << ": " << message;
            }
            break;
        case 409:
            out << "conflict (409)";
            if (const nlohmann::json* list = causes()) {
                out << ": fields owned by another manager:" << cause_lines(*list);
                std::string client_side;
                for (const auto& cause : *list) {
                    for (const std::string& name : client_side_managers()) {
                        if (string_at(cause, "message").find("\"" + name + "\"") != std::string::npos &&
                            client_side.find("\"" + name + "\"") == std::string::npos)
                            client_side += (client_side.empty() ? "\"" : ", \"") + name + "\"";
                    }
                }
                if (!client_side.empty()) {
                    out << "\n" << client_side
                        << " wrote them with kubectl (client-side): --adopt moves their fields to planton-ds, as "
                           "kubectl apply --server-side does, so the manifest owns them from now on";
                }
                out << "\n--force-conflicts takes these fields over";
            } else if (!message.empty()) {
                out << ": " << message;
            }
            break;
        case 422:
            out << "invalid (422)";
            if (const nlohmann::json* list = causes()) {
                out << ":" << cause_lines(*list);
            } else if (!message.empty()) {
                out << ": " << message;
            }
            break;
        default:
            out << "HTTP " << code;
            if (!message.empty()) out << ": " << message;
    }
    if (!result.response.retry_note.empty()) out << " (" << result.response.retry_note << ")";
    return out.str();
}

}  // namespace

std::string describe_failure(const CallResult& result, const ResourceRef& ref, const std::string& verb,
                             const std::string& server) {
    return describe(result, ref, verb, display_name(ref), server);
}

std::string describe_list_failure(const CallResult& result, const std::string& api_version,
                                  const std::string& kind, const std::string& namespace_,
                                  const std::string& server) {
    const auto info = kind_info(api_version, kind);
    std::string what = info ? info->plural : kind;
    if (info && info->namespaced && !namespace_.empty()) what += " in namespace " + namespace_;
    return describe(result, {api_version, kind, "", namespace_}, "list", what, server);
}

FailureKind failure_kind(const CallResult& result) {
    if (result.transport_failed() || result.response.status == 401) return FailureKind::Unreachable;
    return FailureKind::Refused;
}

Failure call_failure(const CallResult& result, const ResourceRef& ref, const std::string& verb,
                     const std::string& server) {
    return {failure_kind(result), describe_failure(result, ref, verb, server)};
}

Failure list_failure(const CallResult& result, const std::string& api_version, const std::string& kind,
                     const std::string& namespace_, const std::string& server) {
    return {failure_kind(result), describe_list_failure(result, api_version, kind, namespace_, server)};
}

}  // namespace planton::kube
