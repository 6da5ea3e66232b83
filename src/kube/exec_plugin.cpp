#include "planton/kube/exec_plugin.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <vector>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <sys/wait.h>

#include "planton/base64.hpp"
#include "planton/error.hpp"
#include "planton/kube/duration.hpp"

#include "subprocess.hpp"

extern char** environ;

namespace planton::kube {
namespace {

constexpr size_t kMaxOutput = 1u << 20;

[[noreturn]] void fail(const std::string& message) {
    throw Error(FailureKind::Unreachable, message);
}

std::string plugin_name(const ExecConfig& exec, const std::string& user) {
    return "the exec plugin \"" + exec.command + "\" of user \"" + user + "\"";
}

// Our environment with the kubeconfig's variables and KUBERNETES_EXEC_INFO on top.
std::vector<std::string> plugin_environment(const ExecConfig& exec, const std::string& exec_info) {
    std::vector<std::pair<std::string, std::string>> overrides = exec.env;
    overrides.emplace_back("KUBERNETES_EXEC_INFO", exec_info);
    std::vector<std::string> out;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        std::string variable = *entry;
        const std::string name = variable.substr(0, variable.find('='));
        bool replaced = false;
        for (const auto& [key, value] : overrides) replaced = replaced || key == name;
        if (!replaced) out.push_back(std::move(variable));
    }
    for (const auto& [key, value] : overrides) out.push_back(key + "=" + value);
    return out;
}

// What the plugin wrote on stderr, passed on to ours line by line through the log, so
// that in a run over several contexts each line carries its context's prefix.
void pass_on(const std::string& errors) {
    size_t start = 0;
    while (start < errors.size()) {
        size_t end = errors.find('\n', start);
        if (end == std::string::npos) end = errors.size();
        spdlog::warn("{}", errors.substr(start, end - start));
        start = end + 1;
    }
}

// The plugin's stderr for the user: all of it goes to our stderr, except that a single
// line is left to the message (`tail`, the last line, ends every failure message).
struct PluginErrors {
    std::string tail;
    explicit PluginErrors(const std::string& errors) {
        std::vector<std::string> lines;
        size_t start = 0;
        while (start < errors.size()) {
            size_t end = errors.find('\n', start);
            if (end == std::string::npos) end = errors.size();
            std::string line = errors.substr(start, end - start);
            while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())) != 0)
                line.pop_back();
            if (!line.empty()) lines.push_back(std::move(line));
            start = end + 1;
        }
        if (lines.empty()) return;
        tail = lines.back();
        if (tail.size() > 300) tail = tail.substr(0, 300) + "…";
        if (lines.size() > 1) pass_on(errors);
    }
    std::string suffix() const { return tail.empty() ? "" : ": " + tail; }
};

}  // namespace

std::string exec_info_json(const ExecConfig& exec, const ClusterAccess& access) {
    nlohmann::ordered_json spec = {{"interactive", false}};
    if (exec.provide_cluster_info) {
        nlohmann::ordered_json cluster = {{"server", access.server}};
        if (!access.tls.server_name.empty()) cluster["tls-server-name"] = access.tls.server_name;
        if (access.tls.insecure_skip_verify) cluster["insecure-skip-tls-verify"] = true;
        if (!access.tls.ca_pem.empty())
            cluster["certificate-authority-data"] = base64_encode(access.tls.ca_pem);
        if (!access.proxy_url.empty()) cluster["proxy-url"] = access.proxy_url;
        spec["cluster"] = cluster;
    }
    nlohmann::ordered_json info = {
        {"kind", "ExecCredential"}, {"apiVersion", exec.api_version}, {"spec", spec}};
    return info.dump();
}

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(const std::string& text) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, used = 0;
    char t = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%n", &year, &month, &day, &t, &hour, &minute,
                    &second, &used) != 7 ||
        (t != 'T' && t != 't') || used != 19) {
        return std::nullopt;
    }
    size_t i = 19;
    long long nanos = 0;
    if (i < text.size() && text[i] == '.') {
        long long scale = 100000000;
        ++i;
        const size_t digits_start = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            nanos += (text[i] - '0') * scale;
            scale /= 10;
            ++i;
        }
        if (i == digits_start) return std::nullopt;
    }
    long offset_seconds = 0;
    if (i < text.size() && (text[i] == 'Z' || text[i] == 'z')) {
        ++i;
    } else if (i + 6 == text.size() && (text[i] == '+' || text[i] == '-') && text[i + 3] == ':') {
        int oh = 0, om = 0;
        if (std::sscanf(text.c_str() + i + 1, "%2d:%2d", &oh, &om) != 2) return std::nullopt;
        offset_seconds = (text[i] == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
        i += 6;
    } else {
        return std::nullopt;
    }
    if (i != text.size() || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
        second > 60) {
        return std::nullopt;
    }
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    const auto seconds = std::chrono::seconds(timegm(&tm) - offset_seconds);
    // system_clock counts nanoseconds in 64 bits (1678 to 2262): a later expiry, as some
    // plugins write for "never", is the latest time it can hold, and an earlier one the
    // earliest (long expired), not an overflow.
    using Point = std::chrono::system_clock::time_point;
    if (seconds >= std::chrono::duration_cast<std::chrono::seconds>(Point::max().time_since_epoch()) -
                       std::chrono::seconds(1))
        return Point::max();
    if (seconds <= std::chrono::duration_cast<std::chrono::seconds>(Point::min().time_since_epoch()) +
                       std::chrono::seconds(1))
        return Point::min();
    auto point = Point(std::chrono::duration_cast<Point::duration>(seconds));
    return point +
           std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::nanoseconds(nanos));
}

ExecCredentialStatus parse_exec_credential(const std::string& output, const ExecConfig& exec,
                                           const std::string& who) {
    const auto parsed = nlohmann::json::parse(output, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
        fail(
            who + " printed " + std::to_string(output.size()) +
            " bytes that are not an ExecCredential JSON object (not shown, since they may hold credentials)");
    }
    auto text = [](const nlohmann::json& object, const char* key) -> std::string {
        auto it = object.find(key);
        return it != object.end() && it->is_string() ? it->get<std::string>() : "";
    };
    if (text(parsed, "kind") != "ExecCredential") {
        fail(who + " returned kind \"" + text(parsed, "kind") + "\" instead of ExecCredential");
    }
    if (text(parsed, "apiVersion") != exec.api_version) {
        fail(who + " returned apiVersion \"" + text(parsed, "apiVersion") +
             "\", but the kubeconfig asks for \"" + exec.api_version + "\"");
    }
    auto status = parsed.find("status");
    if (status == parsed.end() || !status->is_object()) fail(who + " returned no status");
    ExecCredentialStatus credential;
    credential.token = text(*status, "token");
    credential.client_cert_pem = text(*status, "clientCertificateData");
    credential.client_key_pem = text(*status, "clientKeyData");
    const bool pair = !credential.client_cert_pem.empty() && !credential.client_key_pem.empty();
    if (credential.token.empty() && !pair) {
        fail(who +
             " returned neither status.token nor status.clientCertificateData with status.clientKeyData");
    }
    if (credential.client_cert_pem.empty() != credential.client_key_pem.empty()) {
        fail(who + " returned only one of status.clientCertificateData and status.clientKeyData");
    }
    const std::string expiry = text(*status, "expirationTimestamp");
    if (!expiry.empty()) {
        credential.expiry = parse_rfc3339(expiry);
        if (!credential.expiry) fail(who + " returned an expirationTimestamp that is not an RFC 3339 time");
    }
    return credential;
}

ExecCredentialStatus run_exec_plugin(const ExecConfig& exec, const std::string& user,
                                     const std::string& exec_info, std::chrono::milliseconds timeout) {
    const std::string who = plugin_name(exec, user);
    std::vector<std::string> argv{exec.command};
    argv.insert(argv.end(), exec.args.begin(), exec.args.end());
    ProcessResult outcome;
    const int rc = run_process(argv, plugin_environment(exec, exec_info), timeout, kMaxOutput, outcome);
    if (rc != 0) {
        if (rc == ENOENT) {
            std::string message = who + " was not found";
            if (exec.command.find('/') == std::string::npos) message += " in PATH";
            if (!exec.install_hint.empty()) message += "; " + exec.install_hint;
            fail(message);
        }
        fail(who + " cannot be run: " + std::strerror(rc));
    }
    const bool succeeded = !outcome.timed_out && !outcome.too_large && WIFEXITED(outcome.status) &&
                           WEXITSTATUS(outcome.status) == 0;
    if (succeeded) {
        // Warnings of a plugin that worked reach the user as kubectl passes them on.
        pass_on(outcome.errors);
    } else {
        const PluginErrors errors(outcome.errors);
        if (outcome.timed_out)
            fail(who + " did not finish within " + format_duration(timeout) + errors.suffix());
        if (outcome.too_large) fail(who + " printed more than 1 MiB, which is not an ExecCredential");
        if (WIFSIGNALED(outcome.status))
            fail(who + " was killed by signal " + std::to_string(WTERMSIG(outcome.status)) + errors.suffix());
        fail(who + " failed with exit code " + std::to_string(WEXITSTATUS(outcome.status)) +
             (errors.tail.empty() ? " and printed nothing on stderr" : errors.suffix()));
    }
    return parse_exec_credential(outcome.output, exec, who);
}

}  // namespace planton::kube
