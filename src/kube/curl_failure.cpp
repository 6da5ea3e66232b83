// What a failed libcurl transfer tells the user: CurlTransport::Impl::failure, in the words
// of a cluster user (cannot resolve, refused, timed out, which certificate problem).
#include <cctype>
#include <cerrno>
#include <cstring>
#include <string>

#include <curl/curl.h>
#include <openssl/x509.h>

#include "planton/kube/curl_transport.hpp"
#include "planton/kube/duration.hpp"

#include "curl_library.hpp"
#include "curl_transport_impl.hpp"

namespace planton::kube {
namespace {

bool contains(const std::string& text, const char* needle) {
    return text.find(needle) != std::string::npos;
}

// Why the server's certificate was not accepted, in the words of a cluster user.
std::string verification_problem(long verify_result, const std::string& detail, const ClusterAccess& access) {
    const std::string ca = access.tls.ca_origin;
    const bool own_ca = !access.tls.ca_pem.empty();
    // libcurl checks the host name itself and then reports no X509 code.
    const bool wrong_name = contains(detail, "subject name") || contains(detail, "host name");
    switch (wrong_name ? X509_V_ERR_HOSTNAME_MISMATCH : verify_result) {
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
            if (own_ca)
                return "the server's certificate is not signed by the cluster's certificate authority (" +
                       ca + ")";
            return "the server's certificate is not signed by any of the system's certificate authorities; "
                   "set "
                   "certificate-authority-data of cluster \"" +
                   access.cluster + "\"";
        case X509_V_ERR_CERT_HAS_EXPIRED:
            return "the server's certificate has expired";
        case X509_V_ERR_CERT_NOT_YET_VALID:
            return "the server's certificate is not valid yet (is the clock right?)";
        case X509_V_ERR_HOSTNAME_MISMATCH:
            break;
        case X509_V_OK:
            if (!contains(detail, "subject name") && !contains(detail, "host name")) return detail;
            break;
        default:
            if (auto* describe = curl_library().x509_verify_cert_error_string) return describe(verify_result);
            return "certificate verification error " + std::to_string(verify_result);
    }
    const std::string name = access.tls.server_name.empty()
                                 ? access.server.substr(access.server.find("://") + 3)
                                 : access.tls.server_name;
    return "the server's certificate is not valid for " + name.substr(0, name.find('/')) +
           "; if it names another host, set tls-server-name of cluster \"" + access.cluster + "\"";
}

}  // namespace

HttpResponse CurlTransport::Impl::failure(CURL* curl, const char* errors, CURLcode code,
                                          const CurlRequestSpec& spec, std::chrono::milliseconds remaining) {
    HttpResponse response;
    const std::string server = access.server;
    std::string detail = errors[0] != '\0' ? errors : curl_library().easy_strerror(code);
    const std::string reach = "cannot connect to " + server + ": ";
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
            response.failure = TransportFailure::Connect;
            response.transport_error = reach + "cannot resolve the host name (" + detail + ")";
            break;
        case CURLE_COULDNT_RESOLVE_PROXY:
            response.failure = TransportFailure::Connect;
            response.transport_error = reach + "cannot resolve the proxy " + access.proxy_url;
            break;
        case CURLE_COULDNT_CONNECT: {
            long os_errno = 0;
            curl_library().easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
            response.failure = TransportFailure::Connect;
            if (os_errno == ECONNREFUSED) {
                response.transport_error = reach + "connection refused";
            } else if (os_errno != 0) {
                std::string reason = std::strerror(static_cast<int>(os_errno));
                reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
                response.transport_error = reach + reason;
            } else {
                response.transport_error = reach + detail;
            }
            break;
        }
        case CURLE_OPERATION_TIMEDOUT: {
            double connected = 0;
            curl_library().easy_getinfo(curl, CURLINFO_APPCONNECT_TIME, &connected);
            double tcp = 0;
            curl_library().easy_getinfo(curl, CURLINFO_CONNECT_TIME, &tcp);
            if (tcp == 0 && connected == 0 &&
                (remaining.count() == 0 || remaining > settings.connect_timeout)) {
                response.failure = TransportFailure::Connect;
                response.transport_error = reach + "no connection within " +
                                           format_duration(settings.connect_timeout) + " (" + detail + ")";
            } else {
                response.failure = TransportFailure::Timeout;
                response.transport_error = "the server " + server +
                                           " did not answer within the request timeout of " +
                                           format_duration(settings.retry.timeout);
            }
            break;
        }
        case CURLE_PEER_FAILED_VERIFICATION: {
            long verify = 0;
            curl_library().easy_getinfo(curl, CURLINFO_SSL_VERIFYRESULT, &verify);
            response.failure = TransportFailure::Tls;
            response.transport_error =
                reach + "certificate verify failed: " + verification_problem(verify, detail, access);
            break;
        }
        case CURLE_SSL_CACERT_BADFILE:
            response.failure = TransportFailure::Tls;
            response.transport_error = reach + "the certificate authority (" + access.tls.ca_origin +
                                       ") could not be loaded: " + detail;
            break;
        case CURLE_SSL_CERTPROBLEM:
            response.failure = TransportFailure::Tls;
            response.transport_error = reach + "the client certificate" +
                                       (access.credentials.client_cert_origin.empty()
                                            ? ""
                                            : " (" + access.credentials.client_cert_origin + ")") +
                                       " could not be used: " + detail;
            break;
        case CURLE_SSL_CONNECT_ERROR: {
            response.failure = TransportFailure::Tls;
            std::string why = "TLS handshake failed: " + detail;
            if (contains(detail, "certificate required")) {
                why += " (the server requires a client certificate, and the kubeconfig user gives none)";
            } else if (!spec.client_cert_pem.empty() &&
                       (contains(detail, "unknown ca") || contains(detail, "bad certificate"))) {
                why += " (the server did not accept the client certificate)";
            }
            response.transport_error = reach + why;
            break;
        }
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
            response.failure = TransportFailure::Connect;
            response.transport_error = "the connection to " + server + " broke: " + detail;
            break;
        default:
            response.failure = TransportFailure::Other;
            response.transport_error = "the request to " + server + " failed: " + detail;
    }
    return response;
}

}  // namespace planton::kube
