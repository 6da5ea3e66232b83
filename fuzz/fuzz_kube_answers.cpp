// API server answers -> the kube layer's readers, through an in-memory transport that
// answers each request with the next answer of the input (the last one again when they
// run out). Input: one byte choosing the operation, then answers separated by a NUL
// byte, each a byte choosing the HTTP status (any byte but NUL: a NUL there is an empty
// answer) and the body.
//
//   operation % 8: 0 apply, 1 apply --dry-run --adopt --force-conflicts, 2 rollout wait,
//                  3 status, 4 diff, 5 prune, 6 delete --wait, 7 the pure readers
//                  (counts, pods, selector, normalisation, object diff, masking,
//                  managed fields) over the first two bodies
//
// Properties, beyond "no crash":
// - no exception of any type: every operation ends with a result;
// - a failed result says why (a non-empty message);
// - an operation ends: against any answers, within 1000 requests;
// - no secret of an answer (a Secret's data or stringData value, decoded or not, a
//   token, password or key) nor of the rendered objects (the Secret's value) is in a
//   failure message, an outcome line, a diff, a log line at trace level (the request
//   log's masked bodies) or a masked body.
#include <cstdint>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "planton/base64.hpp"
#include "planton/kube/apply.hpp"
#include "planton/kube/delete.hpp"
#include "planton/kube/diff.hpp"
#include "planton/kube/json_fields.hpp"
#include "planton/kube/managed_fields.hpp"
#include "planton/kube/masking.hpp"
#include "planton/kube/normalize.hpp"
#include "planton/kube/pods.hpp"
#include "planton/kube/prune.hpp"
#include "planton/kube/rollout.hpp"
#include "planton/kube/status.hpp"
#include "planton/kube/watch.hpp"

#include "fake_clock.hpp"
#include "fuzz_support.hpp"
#include "kube/request_log.hpp"

namespace {

using nlohmann::json;
using nlohmann::ordered_json;
using planton::fuzz::check;
using planton::fuzz::fail;

// The secret of the rendered objects: it must never show, whatever the server says.
const std::string kRenderedSecret = "rendered-secret-value-0f3c";

const long kStatuses[] = {200, 201, 404, 409, 422, 403, 401, 500, 410, 429, 202, 204, 400, 503};

struct Answer {
    long status;
    std::string body;
};

std::vector<Answer> answers_of(const std::string& text) {
    std::vector<Answer> answers;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\0', start);
        if (end == std::string::npos) end = text.size();
        const std::string part = text.substr(start, end - start);
        Answer answer{200, ""};
        if (!part.empty()) {
            answer.status = kStatuses[static_cast<unsigned char>(part[0]) % std::size(kStatuses)];
            answer.body = part.substr(1);
        }
        answers.push_back(answer);
        start = end + 1;
    }
    return answers;
}

class AnswerTransport : public planton::kube::Transport {
public:
    explicit AnswerTransport(std::vector<Answer> answers) : answers_(std::move(answers)) {}

    planton::kube::HttpResponse send(const planton::kube::HttpRequest& request) override {
        planton::kube::HttpResponse response;
        const Answer answer = next(request);
        response.status = answer.status;
        response.body = answer.body;
        planton::kube::log_exchange(request, response);
        return response;
    }
    // The first stream (a watch of the rollout wait) gets the next answer's body line by
    // line; every later one is refused as a watch the credentials may not make, so that
    // the wait goes on polling, which the fake clock bounds.
    planton::kube::StreamResult stream(const planton::kube::HttpRequest& request,
                                       const planton::kube::LineCallback& on_line, planton::kube::StreamStop&,
                                       std::chrono::milliseconds) override {
        planton::kube::StreamResult result;
        const Answer answer = next(request);
        bool first = false;
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            first = !streamed_;
            streamed_ = true;
        }
        result.response.status = first ? answer.status : 403;
        if (!first || answer.status < 200 || answer.status >= 300) {
            result.end = planton::kube::StreamEnd::HttpError;
            result.response.body = first ? answer.body : R"({"kind":"Status","code":403,"reason":"Forbidden"})";
        } else {
            planton::kube::LineSplitter splitter;
            splitter.feed(answer.body + "\n", [&](std::string_view line) {
                ++result.lines;
                return on_line(line);
            });
        }
        planton::kube::log_exchange(request, result.response);
        return result;
    }
    std::string server() const override { return "https://fuzz.test:6443"; }

private:
    // The answers are taken in turn by the calling thread and the wait's watch threads.
    Answer next(const planton::kube::HttpRequest& request) {
        const std::lock_guard<std::mutex> lock(mutex_);
        check(++requests_ <= 1000, "more than 1000 requests for one operation: " + request.method + " " + request.path);
        return answers_[std::min(next_++, answers_.size() - 1)];
    }

    std::mutex mutex_;
    std::vector<Answer> answers_;
    std::size_t next_ = 0;
    int requests_ = 0;
    bool streamed_ = false;
};

ordered_json object(const char* api_version, const char* kind, const char* name, bool namespaced = true) {
    ordered_json o = {{"apiVersion", api_version}, {"kind", kind}, {"metadata", {{"name", name}}}};
    if (namespaced) o["metadata"]["namespace"] = "logging";
    o["metadata"]["labels"] = {{"planton.ai/name", "fluentd"}, {"app.kubernetes.io/managed-by", "planton-ds"}};
    return o;
}

// Render's output for a manifest with a namespace, a config map, an env secret and RBAC.
const std::vector<ordered_json>& rendered() {
    static const std::vector<ordered_json> objects = [] {
        ordered_json secret = object("v1", "Secret", "fluentd-env");
        secret["type"] = "Opaque";
        secret["data"] = {{"API_KEY", planton::base64_encode(kRenderedSecret)}};
        ordered_json ds = object("apps/v1", "DaemonSet", "fluentd");
        ds["spec"] = ordered_json::parse(R"({"selector":{"matchLabels":{"app.kubernetes.io/name":"fluentd"}},
          "template":{"metadata":{"labels":{"app.kubernetes.io/name":"fluentd"}},
          "spec":{"serviceAccountName":"fluentd","containers":[{"name":"fluentd","image":"f:1",
          "envFrom":[{"configMapRef":{"name":"fluentd-config"}},{"secretRef":{"name":"fluentd-env"}}]}]}}})");
        ordered_json role = object("rbac.authorization.k8s.io/v1", "ClusterRole", "logging-fluentd", false);
        role["rules"] = ordered_json::parse(R"([{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}])");
        return std::vector<ordered_json>{object("v1", "Namespace", "logging", false),
                                         object("v1", "ServiceAccount", "fluentd"),
                                         object("v1", "ConfigMap", "fluentd-config"),
                                         secret,
                                         role,
                                         ds};
    }();
    return objects;
}

// The secrets in a server answer, found without the code under test: a Secret's data
// and stringData values (and what the data decodes to), and the values of credential
// keys anywhere.
void add_answer_secrets(const json& value, planton::fuzz::Secrets& secrets, int depth = 0) {
    if (depth > 64) return;
    if (value.is_object()) {
        if (value.contains("kind") && value["kind"] == "Secret") {
            for (const char* field : {"data", "stringData"}) {
                if (!value.contains(field) || !value[field].is_object()) continue;
                for (const auto& item : value[field].items()) {
                    if (!item.value().is_string()) continue;
                    const std::string text = item.value().get<std::string>();
                    secrets.add(text);
                    if (const auto decoded = planton::base64_decode(text)) secrets.add_unwritten(*decoded);
                }
            }
        }
        for (const auto& item : value.items()) {
            if (planton::fuzz::is_credential_key(item.key()) && item.value().is_string()) {
                secrets.add(item.value().get<std::string>());
            }
            add_answer_secrets(item.value(), secrets, depth + 1);
        }
    } else if (value.is_array()) {
        for (const json& item : value) add_answer_secrets(item, secrets, depth + 1);
    }
}

// A failed result says why; what it says is shown.
template <class Result>
void check_result(const Result& result, std::string& shown, const std::string& what) {
    if (result.ok()) return;
    check(!result.failure->message.empty(), what + " failed without a message");
    shown += result.failure->message + "\n";
}

std::ostringstream& log_lines() {
    static std::ostringstream* lines = [] {
        auto* out = new std::ostringstream;
        // _mt: the wait's watch threads log their exchanges too.
        auto logger = std::make_shared<spdlog::logger>("fuzz", std::make_shared<spdlog::sinks::ostream_sink_mt>(*out));
        logger->set_level(spdlog::level::trace);
        spdlog::set_default_logger(logger);
        return out;
    }();
    return *lines;
}

// Runs one operation against the answers; returns every line its caller would print
// (outcomes, failures, diffs, progress) and every log line.
std::string run_operation(int operation, const std::vector<Answer>& answers) {
    std::ostringstream& log = log_lines();
    log.str("");
    AnswerTransport transport(answers);
    planton::kube::Client client(transport);
    planton::test::FakeClock clock;
    const auto& objects = rendered();
    const planton::kube::ResourceRef ds_ref{"apps/v1", "DaemonSet", "fluentd", "logging"};
    std::string shown;  // every line an operation's caller would print
    switch (operation) {
        case 0:
        case 1: {
            planton::kube::ApplyRunOptions options;
            options.apply.dry_run = operation == 1;
            options.apply.force = operation == 1;
            options.adopt = operation == 1;
            options.replace_on_immutable = true;
            options.timeout = std::chrono::seconds(3);
            options.clock = &clock;
            const auto result = planton::kube::apply_objects(client, objects, options);
            check_result(result, shown, "apply");
            for (const auto& outcome : result.applied) {
                shown += planton::kube::outcome_line(outcome, options.apply.dry_run) + "\n";
                for (const auto& note : planton::kube::ownership_notes(outcome, "planton-ds", options.apply.dry_run)) {
                    shown += note + "\n";
                }
            }
            break;
        }
        case 2: {
            planton::kube::RolloutOptions options;
            options.timeout = std::chrono::seconds(5);
            options.clock = &clock;
            const auto result = planton::kube::wait_for_rollout(
                client, ds_ref, options,
                [&shown](const std::string& text, const planton::kube::RolloutCounts&) { shown += text + "\n"; });
            check_result(result, shown, "the rollout wait");
            shown += result.note;
            break;
        }
        case 3: {
            const auto read = planton::kube::read_status(client, "logging", "fluentd");
            check_result(read, shown, "status");
            if (read.status) {
                shown += planton::kube::counts_text(read.status->counts) + "\n";
                for (const auto& pod : read.status->pods) shown += planton::kube::pod_reason(pod) + pod.message + "\n";
            }
            break;
        }
        case 4: {
            const auto result = planton::kube::diff_objects(client, objects);
            check_result(result, shown, "diff");
            for (const auto& object : result.objects) shown += object.text;
            break;
        }
        case 5: {
            for (const bool dry_run : {true, false}) {
                const auto result = planton::kube::prune_objects(client, objects, dry_run);
                check_result(result, shown, "prune");
                for (const auto& object : result.objects) shown += planton::kube::prune_line(object, dry_run) + "\n";
            }
            break;
        }
        case 6: {
            planton::kube::DeleteOptions options;
            options.wait = true;
            options.timeout = std::chrono::seconds(3);
            options.clock = &clock;
            const auto result = planton::kube::delete_objects(client, objects, options);
            check_result(result, shown, "delete");
            for (const auto& object : result.deleted) shown += planton::kube::delete_line(object) + "\n";
            break;
        }
        default: {
            const json first = json::parse(answers[0].body, nullptr, false);
            const json second = answers.size() > 1 ? json::parse(answers[1].body, nullptr, false) : first;
            const auto counts = planton::kube::rollout_counts(first);
            shown += planton::kube::progress_text("fluentd", counts) + "\n";
            shown += planton::kube::selector_text(
                         planton::kube::object_at(planton::kube::object_at(first, "spec"), "selector")) +
                     "\n";
            for (const auto& pod : planton::kube::owned_pods(first, "")) shown += planton::kube::pod_reason(pod) + "\n";
            planton::kube::summarize_pod(first);
            planton::kube::template_generation(first);
            const json normalized = planton::kube::without_server_fields(first);
            check(planton::kube::same_content(first, first) || first.is_discarded(),
                  "an object has not the same content as itself");
            check(first.is_discarded() || planton::kube::without_server_fields(normalized) == normalized,
                  "leaving out the server fields twice changes the object");
            planton::kube::same_content(first, second);
            const json live = first.is_object() ? first : json();
            const json result = second.is_object() ? second : json::object();
            shown += planton::kube::object_diff(live, result, objects.back());
            shown += planton::kube::masked_body(answers[0].body);
            const json masked = planton::kube::mask_secrets(first);
            check(first.is_discarded() || planton::kube::mask_secrets(masked) == masked,
                  "masking twice changes the masked value");
            if (!masked.is_discarded()) shown += masked.dump(-1, ' ', false, json::error_handler_t::replace);
            for (const std::string manager : {"planton-ds", "kubectl-client-side-apply"}) {
                if (const auto fields = planton::kube::applied_fields(first, manager)) {
                    planton::kube::extract_fields(first, *fields);
                }
                planton::kube::extract_applied_configuration(first, manager);
            }
            break;
        }
    }
    spdlog::default_logger()->flush();
    return shown + log.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const int operation = data[0] % 8;
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    const std::vector<Answer> answers = answers_of(text);

    planton::fuzz::Secrets secrets(text);
    secrets.add_unwritten(kRenderedSecret);
    secrets.add_unwritten(planton::base64_encode(kRenderedSecret));
    for (const Answer& answer : answers) {
        add_answer_secrets(json::parse(answer.body, nullptr, false), secrets);
    }
    auto shown_for = [operation](const std::string& answers_text) {
        try {
            return run_operation(operation, answers_of(answers_text));
        } catch (const std::exception& e) {
            fail(std::string("an exception escaped operation ") + std::to_string(operation) + ": " + e.what());
        }
    };
    secrets.check_absent(shown_for(text), "what the operation shows or logs", shown_for);
    return 0;
}
