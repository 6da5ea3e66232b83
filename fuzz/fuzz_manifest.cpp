// Manifest text -> parse -> validate -> render -> YAML and JSON, as `validate` and
// `render` run them. Properties, beyond "no crash":
// - nothing but a result comes out: no exception escapes parse, validate, render, the
//   emitters;
// - render's diagnostics are validate's, and a manifest that validates renders (objects,
//   the DaemonSet among them); one with an error renders nothing;
// - render is deterministic: twice gives the same YAML and JSON bytes;
// - the YAML reads back (yaml-cpp, resolving plain scalars as a YAML 1.1 reader would)
//   to exactly the objects of the JSON List;
// - no secret value of the input (an env secret's value, the docker config's
//   credentials, the provider kubeconfig's token, password or key) is in any diagnostic.
#include <cstdint>
#include <string>

#include "planton/manifest/parser.hpp"
#include "planton/render/emit.hpp"
#include "planton/render/render.hpp"
#include "planton/validate/validator.hpp"

#include "fuzz_support.hpp"
#include "yaml_reader.hpp"

namespace {

using planton::fuzz::check;
using planton::fuzz::fail;
using planton::manifest::Diagnostics;
using planton::manifest::Document;
using planton::manifest::DocumentKind;

void add_secrets(const Document& doc, planton::fuzz::Secrets& secrets) {
    for (const auto& secret : doc.manifest.spec.container.app.env.secrets.items) {
        if (secret.value.present) secrets.add(secret.value.value);
    }
    if (doc.docker_config_json.present) {
        planton::fuzz::add_docker_config_credentials(doc.docker_config_json.value, secrets);
    }
    if (doc.provider_kube_config.present) {
        planton::fuzz::add_kubeconfig_credentials(doc.provider_kube_config.value, secrets);
    }
}

bool same_diagnostics(const Diagnostics& a, const Diagnostics& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (to_text(a[i]) != to_text(b[i])) return false;
    }
    return true;
}

void check_rendered(const Document& doc, const Diagnostics& validated) {
    const planton::render::Result first = planton::render::render(doc);
    check(same_diagnostics(first.diagnostics, validated), "render's diagnostics are not validate's");
    if (has_error(validated)) {
        check(first.objects.empty(), "a manifest with an error rendered objects");
        return;
    }
    check(!first.objects.empty(), "a manifest that validates rendered no object");
    bool daemonset = false;
    for (const auto& object : first.objects) {
        daemonset = daemonset || (object.value("kind", "") == "DaemonSet" && object.value("apiVersion", "") == "apps/v1");
    }
    check(daemonset, "a manifest that validates rendered no DaemonSet");

    const std::string yaml = planton::render::to_yaml(first.objects);
    const std::string json = planton::render::to_json_list(first.objects);
    const planton::render::Result second = planton::render::render(doc);
    check(planton::render::to_yaml(second.objects) == yaml, "render is not deterministic (YAML)");
    check(planton::render::to_json_list(second.objects) == json, "render is not deterministic (JSON)");

    const nlohmann::ordered_json list = nlohmann::ordered_json::parse(json, nullptr, false);
    check(list.is_object() && list.contains("items") && list["items"].is_array(), "the JSON output is no List");
    const nlohmann::ordered_json& items = list["items"];
    std::vector<nlohmann::ordered_json> from_yaml;
    try {
        from_yaml = planton::test::read_yaml_stream(yaml);
    } catch (const std::exception& e) {
        fail(std::string("the rendered YAML does not parse: ") + e.what() + "\n" + yaml);
    }
    check(from_yaml.size() == items.size(), "the YAML and JSON outputs hold a different number of objects");
    for (std::size_t i = 0; i < from_yaml.size(); ++i) {
        if (from_yaml[i] != items[i]) {
            fail("object " + std::to_string(i) + " reads back from YAML as\n" + from_yaml[i].dump() +
                 "\nbut the JSON output is\n" + items[i].dump());
        }
    }
}

// Every diagnostic of `text` (parse, then validate --strict), one line each.
std::string diagnostics_text(const std::string& text) {
    const planton::manifest::ParseResult parsed = planton::manifest::parse_text(text, "fuzz.yaml");
    std::string out;
    for (const auto& diagnostic : parsed.diagnostics) out += to_text(diagnostic) + "\n";
    for (const Document& doc : parsed.documents) {
        if (doc.kind != DocumentKind::daemonset && doc.kind != DocumentKind::stack_input) continue;
        for (const auto& diagnostic : planton::validate::check(doc, {.strict = true})) out += to_text(diagnostic) + "\n";
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const planton::manifest::ParseResult parsed = planton::manifest::parse_text(text, "fuzz.yaml");
        planton::fuzz::Secrets secrets(text);
        for (const Document& doc : parsed.documents) add_secrets(doc, secrets);

        Diagnostics all = parsed.diagnostics;
        for (const Document& doc : parsed.documents) {
            if (doc.kind != DocumentKind::daemonset && doc.kind != DocumentKind::stack_input) continue;
            const Diagnostics validated = planton::validate::check(doc);
            const Diagnostics strict = planton::validate::check(doc, {.strict = true});
            check(validated.size() == strict.size(), "--strict changes which problems are found");
            all.insert(all.end(), strict.begin(), strict.end());
            check_rendered(doc, validated);
        }
        for (const auto& diagnostic : all) secrets.check_absent(to_text(diagnostic), "a diagnostic", diagnostics_text);
    } catch (const std::exception& e) {
        fail(std::string("an exception escaped: ") + e.what());
    }
    return 0;
}
