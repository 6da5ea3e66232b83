#pragma once
// What the fuzz targets share: a property check that stops the process (libFuzzer then
// keeps the input as a crash), and the search for secret values of an input in text
// that planton-ds prints.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace planton::fuzz {

// A property does not hold: says which, and aborts.
[[noreturn]] inline void fail(const std::string& what) {
    std::fprintf(stderr, "\nfuzz property violated: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

inline void check(bool condition, const std::string& what) {
    if (!condition) fail(what);
}

// The secrets of an input, and whether a text planton-ds printed gives one away.
// Only values long enough not to occur in a message by chance are kept (8 bytes), and
// only those written once in the input: a value that is also a name or a key elsewhere
// may be quoted as that.
class Secrets {
public:
    // What the code under test prints for an input: the same messages, for the input
    // with every secret blanked out.
    using Rerun = std::function<std::string(const std::string& input)>;

    explicit Secrets(std::string_view input) : input_(input) {}

    void add(const std::string& value) {
        if (value.size() < 8) return;
        std::size_t count = 0;
        for (std::size_t at = input_.find(value); at != std::string_view::npos; at = input_.find(value, at + 1)) {
            if (++count > 1) return;
        }
        values_.insert(value);
    }

    // Fails when `text` (a message, a diagnostic, a log line) contains a secret. A value
    // written in the input that `rerun` prints just as well for the input with that value
    // blanked out is text of planton-ds's own (a fuzzed "secret" may copy a message), not
    // the secret. Only that value is blanked: blanking another secret as well could change
    // what the rerun prints (an invalid UTF-8 byte in it, say), and with it the messages
    // the check compares with.
    void check_absent(const std::string& text, const std::string& where, const Rerun& rerun = {}) const {
        for (const std::string& value : values_) {
            if (text.find(value) == std::string::npos) continue;
            // Only a value written in the input can be blanked out of it.
            if (rerun && input_.find(value) != std::string_view::npos &&
                rerun(blanked(value)).find(value) != std::string::npos) {
                continue;
            }
            fail("a secret value of the input appears in " + where + ": \"" + value + "\" in \"" + text + "\"");
        }
    }

    // A secret the input does not hold as it is (a Secret's base64 data, decoded; a secret
    // of the objects planton-ds sends): kept only when the input does not write it
    // anyway, where it is no secret (fuzzing learns values from comparisons).
    void add_unwritten(const std::string& value) {
        if (value.size() >= 8 && input_.find(value) == std::string_view::npos) values_.insert(value);
    }

    bool empty() const { return values_.empty(); }

private:
    // The input with a value replaced by as many 'x' wherever it is written (so that
    // every position stays where it was). Not '*': where a value begins a plain YAML
    // scalar, '*' makes it an alias, and the rerun reports a parse error instead of the
    // messages the check compares with.
    std::string blanked(const std::string& value) const {
        std::string text(input_);
        for (std::size_t at = text.find(value); at != std::string::npos; at = text.find(value, at + value.size())) {
            text.replace(at, value.size(), std::string(value.size(), 'x'));
        }
        return text;
    }

    std::string_view input_;
    std::set<std::string> values_;
};

// The keys of a kubeconfig whose values are credentials (kubectl's clientcmd types:
// token, password, client-key-data; an auth-provider's id-token and refresh-token).
inline bool is_credential_key(const std::string& key) {
    return key == "token" || key == "password" || key == "client-key-data" || key == "id-token" ||
           key == "refresh-token" || key == "client-secret";
}

// Every scalar under a credential key of a YAML text (a kubeconfig), read with yaml-cpp
// on its own: the oracle does not depend on the reader under test.
inline void add_yaml_credentials(const YAML::Node& node, Secrets& secrets, int depth = 0) {
    if (depth > 40) return;
    if (node.IsMap()) {
        for (const auto& kv : node) {
            if (kv.first.IsScalar() && kv.second.IsScalar() && is_credential_key(kv.first.Scalar())) {
                secrets.add(kv.second.Scalar());
            }
            add_yaml_credentials(kv.second, secrets, depth + 1);
        }
    } else if (node.IsSequence()) {
        for (const auto& item : node) add_yaml_credentials(item, secrets, depth + 1);
    }
}

// A kubeconfig is one YAML document (yaml-cpp's LoadAll never returns for some text, e.g. a
// leading ",", where Load throws).
inline void add_kubeconfig_credentials(const std::string& text, Secrets& secrets) {
    try {
        add_yaml_credentials(YAML::Load(text), secrets);
    } catch (const std::exception&) {
        // Not YAML: the reader under test refuses it as a whole.
    }
}

// The values of a docker config (.dockerconfigjson) that are credentials: every
// auth, password, identitytoken and registrytoken string, and the whole text.
inline void add_docker_config_credentials(const std::string& text, Secrets& secrets) {
    secrets.add(text);
    const nlohmann::json config = nlohmann::json::parse(text, nullptr, false);
    if (!config.is_object() || !config.contains("auths") || !config["auths"].is_object()) return;
    for (const auto& item : config.at("auths").items()) {
        const nlohmann::json& entry = item.value();
        if (!entry.is_object()) continue;
        for (const char* key : {"auth", "password", "identitytoken", "registrytoken"}) {
            if (entry.contains(key) && entry[key].is_string()) secrets.add(entry[key].get<std::string>());
        }
    }
}

}  // namespace planton::fuzz
