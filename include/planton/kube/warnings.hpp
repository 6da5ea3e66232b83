#pragma once
// The API server's `Warning:` response headers (deprecated fields, Pod Security `warn`),
// shown on stderr as kubectl shows them: "Warning: <text>", once per distinct text and
// server for the whole run, whatever command made the request.
#include <string>
#include <vector>

namespace planton::kube {

// The texts of Warning header values as the API server writes them (RFC 7234 form
// `299 - "text"`, k8s.io/apimachinery/pkg/util/net/http.go NewWarningHeader), several
// per value when joined by commas. Like client-go's ParseWarningHeaders, only code 299
// counts; a value that does not parse is kept whole rather than lost.
std::vector<std::string> warning_texts(const std::vector<std::string>& header_values);

// Logs each text of `header_values` at warning level as "Warning: <text>", unless the
// same text from the same server was shown before in this process. Thread-safe.
void report_warnings(const std::string& server, const std::vector<std::string>& header_values);

// The values of a header the transport received several times, kept one per line in
// HttpResponse::headers (curl_transport.cpp): "a\nb" → {"a", "b"}.
std::vector<std::string> split_header_values(const std::string& joined);

// Forgets what was shown (for tests).
void reset_reported_warnings();

}  // namespace planton::kube
