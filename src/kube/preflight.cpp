#include "planton/kube/preflight.hpp"

#include <utility>

#include "planton/kube/json_fields.hpp"
#include "planton/kube/node_list.hpp"
#include "planton/kube/pod_security.hpp"

namespace planton::kube {
namespace {

class Preflight {
public:
    Preflight(Client& client, const std::vector<nlohmann::ordered_json>& objects)
        : client_(client), objects_(objects) {}

    PreflightResult go();

private:
    // A read for a check; nullopt when it was skipped (403, noted) or failed (failure set).
    std::optional<CallResult> read(const CallResult& call, const ResourceRef& ref, const std::string& check);
    const nlohmann::ordered_json* rendered(const std::string& kind, const std::string& name,
                                           const std::string& namespace_) const;
    void service_account(const nlohmann::json& spec, const std::string& namespace_);
    void priority_class(const nlohmann::json& spec);
    void pod_security(const nlohmann::json& pod_template, const std::string& namespace_);
    void nodes(const nlohmann::json& daemonset);

    Client& client_;
    const std::vector<nlohmann::ordered_json>& objects_;
    PreflightResult result_;
};

std::optional<CallResult> Preflight::read(const CallResult& call, const ResourceRef& ref, const std::string& check) {
    if (call.ok() || call.not_found()) return call;
    if (call.response.status == 403) {
        result_.notes.push_back("the " + check + " check is skipped: " +
                                describe_failure(call, ref, "get", client_.transport().server()));
        return std::nullopt;
    }
    if (!result_.failure) result_.failure = call_failure(call, ref, "get", client_.transport().server());
    return std::nullopt;
}

const nlohmann::ordered_json* Preflight::rendered(const std::string& kind, const std::string& name,
                                                  const std::string& namespace_) const {
    for (const auto& object : objects_) {
        const ResourceRef ref = ref_of(object);
        if (ref.kind == kind && ref.name == name && ref.namespace_ == namespace_) return &object;
    }
    return nullptr;
}

void Preflight::service_account(const nlohmann::json& spec, const std::string& namespace_) {
    const std::string name = string_at(spec, "serviceAccountName");
    if (name.empty() || name == "default" || rendered("ServiceAccount", name, namespace_) != nullptr) return;
    const ResourceRef ref{"v1", "ServiceAccount", name, namespace_};
    const auto got = read(client_.get(ref), ref, "service account");
    if (!got || !got->not_found()) return;
    result_.errors.push_back("service account " + namespace_ + "/" + name +
                             " does not exist and the manifest does not create it: the DaemonSet controller "
                             "could not create any pod (admission refuses pods of a missing service account); "
                             "create it, or set create_service_account: true");
}

void Preflight::priority_class(const nlohmann::json& spec) {
    const std::string name = string_at(spec, "priorityClassName");
    if (name.empty() || name == "system-node-critical" || name == "system-cluster-critical") return;
    const ResourceRef ref{"scheduling.k8s.io/v1", "PriorityClass", name, ""};
    const auto got = read(client_.get(ref), ref, "PriorityClass");
    if (!got || !got->not_found()) return;
    result_.errors.push_back("PriorityClass " + name +
                             " does not exist: the DaemonSet controller could not create any pod (admission "
                             "refuses pods with an unknown priority_class_name)");
}

std::string violations_text(const std::vector<PodSecurityViolation>& violations) {
    std::string out;
    for (const auto& v : violations) out += "\n  " + v.reason + (v.detail.empty() ? "" : ": " + v.detail);
    return out;
}

void Preflight::pod_security(const nlohmann::json& pod_template, const std::string& namespace_) {
    const ResourceRef ref{"v1", "Namespace", namespace_, ""};
    const auto got = read(client_.get(ref), ref, "Pod Security");
    if (!got) return;
    nlohmann::json labels;
    if (got->ok()) {
        labels = object_at(object_at(got->body, "metadata"), "labels");
    } else if (const auto* ns = rendered("Namespace", namespace_, "")) {
        labels = object_at(object_at(nlohmann::json(*ns), "metadata"), "labels");
    }
    const PodSecurityPolicy policy = pod_security_policy(labels);
    const nlohmann::json& metadata = object_at(pod_template, "metadata");
    const nlohmann::json& spec = object_at(pod_template, "spec");
    const auto enforced = pod_security_violations(policy.enforce, metadata, spec);
    if (!enforced.empty()) {
        result_.errors.push_back("namespace " + namespace_ + " enforces Pod Security \"" + policy.enforce.text() +
                                 "\" (label pod-security.kubernetes.io/enforce), so admission refuses every pod "
                                 "of the DaemonSet:" +
                                 violations_text(enforced));
    }
    const std::pair<const char*, const PodSecurityLevel*> modes[] = {{"warn", &policy.warn},
                                                                     {"audit", &policy.audit}};
    for (const auto& [mode, level] : modes) {
        const auto violations = pod_security_violations(*level, metadata, spec);
        if (violations.empty()) continue;
        result_.warnings.push_back("the pod would violate Pod Security \"" + level->text() + "\" of namespace " +
                                   namespace_ + " (label pod-security.kubernetes.io/" + mode +
                                   "; pods are still admitted):" + violations_text(violations));
    }
}

void Preflight::nodes(const nlohmann::json& daemonset) {
    NodeListing listing = list_nodes_for_coverage(client_);
    if (!listing.failed) {
        result_.coverage = node_coverage(daemonset, listing.list);
        if (result_.coverage->matching == 0) {
            result_.warnings.push_back("no node will run " + display_name(ref_of(nlohmann::ordered_json(daemonset))) +
                                       ": " + coverage_text(*result_.coverage));
        }
        return;
    }
    const CallResult& list = *listing.failed;
    if (auto note = coverage_skipped(list, client_.transport().server())) {
        result_.notes.push_back(std::move(*note));
        return;
    }
    if (!result_.failure) result_.failure = list_failure(list, "v1", "Node", "", client_.transport().server());
}

PreflightResult Preflight::go() {
    const nlohmann::ordered_json* found = find_daemonset(objects_);
    if (found == nullptr) return result_;
    const nlohmann::json daemonset(*found);
    const std::string namespace_ = metadata_string(daemonset, "namespace");
    const nlohmann::json& pod_template = object_at(object_at(daemonset, "spec"), "template");
    const nlohmann::json& spec = object_at(pod_template, "spec");
    service_account(spec, namespace_);
    if (!result_.failure) priority_class(spec);
    if (!result_.failure) pod_security(pod_template, namespace_);
    if (!result_.failure) nodes(daemonset);
    return result_;
}

}  // namespace

PreflightResult run_preflight(Client& client, const std::vector<nlohmann::ordered_json>& objects) {
    return Preflight(client, objects).go();
}

}  // namespace planton::kube
