#include "planton/kube/credentials.hpp"

#include "planton/error.hpp"

#include "files.hpp"

namespace planton::kube {

Credentials::Credentials(const ClusterAccess& access, Clock& clock, std::chrono::milliseconds plugin_timeout)
    : config_(access.credentials), user_(access.user), clock_(clock), plugin_timeout_(plugin_timeout) {
    if (config_.exec) exec_info_ = exec_info_json(*config_.exec, access);
}

AuthMaterial Credentials::current() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return current_locked();
}

AuthMaterial Credentials::current_locked() {
    AuthMaterial auth;
    auth.bearer_token = config_.token;
    auth.username = config_.username;
    auth.password = config_.password;
    auth.client_cert_pem = config_.client_cert_pem;
    auth.client_key_pem = config_.client_key_pem;

    if (!config_.token_file.empty()) {
        std::string error;
        if (auto content = read_small_file(config_.token_file, error)) {
            std::string token = *content;
            while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' '))
                token.pop_back();
            file_token_ = token;
        } else if (file_token_.empty()) {
            throw Error(FailureKind::Unreachable, "tokenFile " + config_.token_file + " of user \"" + user_ +
                                                      "\": cannot read: " + error);
        }
        auth.bearer_token = file_token_;
    }

    if (config_.exec) {
        if (cached_ && cached_->expiry && clock_.wall_now() >= *cached_->expiry) cached_.reset();
        if (!cached_) {
            ++plugin_runs_;
            cached_ = run_exec_plugin(*config_.exec, user_, exec_info_, plugin_timeout_);
        }
        if (!cached_->token.empty()) auth.bearer_token = cached_->token;
        if (!cached_->client_cert_pem.empty()) {
            auth.client_cert_pem = cached_->client_cert_pem;
            auth.client_key_pem = cached_->client_key_pem;
        }
    }
    return auth;
}

bool Credentials::refresh_after_unauthorized(const AuthMaterial& refused) {
    const std::lock_guard<std::mutex> lock(mutex_);
    const bool replaced_already = cached_ && (cached_->token != refused.bearer_token ||
                                              cached_->client_cert_pem != refused.client_cert_pem);
    if (!replaced_already) cached_.reset();
    return config_.exec.has_value() || !config_.token_file.empty();
}

int Credentials::plugin_runs() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return plugin_runs_;
}

HttpResponse send_authenticated(Credentials& credentials, const AuthenticatedSend& send,
                                std::chrono::milliseconds timeout, Clock& clock,
                                const std::function<void(const HttpResponse&)>& on_refresh) {
    const auto start = clock.now();
    AuthMaterial presented;
    auto attempt = [&](std::chrono::milliseconds budget) {
        try {
            presented = credentials.current();
            HttpResponse response = send(presented, budget);
            response.presented = !presented.bearer_token.empty()    ? Presented::Token
                                 : !presented.username.empty()      ? Presented::Password
                                 : !presented.client_cert_pem.empty() ? Presented::Certificate
                                                                      : Presented::Nothing;
            return response;
        } catch (const Error& e) {
            HttpResponse response;
            response.failure = TransportFailure::Credentials;
            response.transport_error = e.what();
            return response;
        }
    };
    HttpResponse response = attempt(timeout);
    if (response.status != 401 || !credentials.refresh_after_unauthorized(presented)) return response;
    std::chrono::milliseconds left = timeout;
    if (timeout.count() > 0) {
        left = timeout - std::chrono::duration_cast<std::chrono::milliseconds>(clock.now() - start);
        if (left.count() <= 0) return response;
    }
    if (on_refresh) on_refresh(response);
    const int earlier = response.attempts;
    response = attempt(left);
    response.attempts += earlier;
    return response;
}

}  // namespace planton::kube
