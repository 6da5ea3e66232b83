// An exec credential plugin's standard output -> the credential, as the kube layer reads
// it after the plugin ran. The first byte chooses the apiVersion the kubeconfig asks for
// (v1 or v1beta1); the rest is the output. Properties, beyond "no crash":
// - the only exception is planton::Error;
// - its message never holds the token or the client key;
// - a credential read is the one written: status.token, or clientCertificateData with
//   clientKeyData, as a JSON reader of its own finds them; an expirationTimestamp is
//   kept.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "planton/error.hpp"
#include "planton/kube/exec_plugin.hpp"

#include "fuzz_support.hpp"

namespace {

using planton::fuzz::check;
using planton::fuzz::fail;

std::string string_at(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) return "";
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    planton::kube::ExecConfig exec;
    exec.api_version = (data[0] & 1) ? "client.authentication.k8s.io/v1beta1" : "client.authentication.k8s.io/v1";
    exec.command = "fuzz-plugin";
    const std::string output(reinterpret_cast<const char*>(data + 1), size - 1);

    const nlohmann::json parsed = nlohmann::json::parse(output, nullptr, false);
    const nlohmann::json status =
        parsed.is_object() && parsed.contains("status") ? parsed["status"] : nlohmann::json();
    planton::fuzz::Secrets secrets(output);
    secrets.add(string_at(status, "token"));
    secrets.add(string_at(status, "clientKeyData"));

    try {
        const planton::kube::ExecCredentialStatus credential =
            planton::kube::parse_exec_credential(output, exec, "the exec plugin \"fuzz-plugin\" of user \"fuzz\"");
        check(credential.token == string_at(status, "token"), "the token read is not status.token");
        check(credential.client_cert_pem == string_at(status, "clientCertificateData"),
              "the certificate read is not status.clientCertificateData");
        check(credential.client_key_pem == string_at(status, "clientKeyData"),
              "the key read is not status.clientKeyData");
        check(!credential.token.empty() || (!credential.client_cert_pem.empty() && !credential.client_key_pem.empty()),
              "a credential with neither a token nor a certificate and key");
        check(credential.expiry.has_value() == !string_at(status, "expirationTimestamp").empty(),
              "an expirationTimestamp was dropped or invented");
    } catch (const planton::Error& e) {
        check(e.what()[0] != '\0', "an error without a message");
        secrets.check_absent(e.what(), "an error message", [&exec](const std::string& blanked) {
            try {
                planton::kube::parse_exec_credential(blanked, exec, "the exec plugin \"fuzz-plugin\" of user \"fuzz\"");
            } catch (const planton::Error& again) {
                return std::string(again.what());
            }
            return std::string();
        });
    } catch (const std::exception& e) {
        fail(std::string("an exception other than planton::Error escaped: ") + e.what());
    }
    return 0;
}
