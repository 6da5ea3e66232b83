// Every shipped example is valid: the parser and the validator find no error in any of
// its documents (lint warnings are allowed: the examples show what they look like).
#include <catch2/catch.hpp>

#include <filesystem>

#include "planton/manifest/parser.hpp"
#include "planton/validate/validator.hpp"

namespace planton::validate {
namespace {

TEST_CASE("every example manifest validates without errors", "[validate][examples]") {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(PLANTON_SOURCE_DIR "/manifests/examples")) {
        if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    }
    REQUIRE(files.size() == 11);
    for (const auto& file : files) {
        INFO(file.string());
        const manifest::ParseResult parsed = manifest::parse_file(file.string());
        CHECK(parsed.diagnostics.empty());
        REQUIRE(parsed.documents.size() == 1);
        CHECK((parsed.documents[0].kind == manifest::DocumentKind::daemonset ||
               parsed.documents[0].kind == manifest::DocumentKind::stack_input));
        std::vector<std::string> errors;
        for (const manifest::Diagnostic& d : check(parsed.documents[0])) {
            if (d.severity == manifest::Severity::error) errors.push_back(manifest::to_text(d));
        }
        CHECK(errors == std::vector<std::string>{});
    }
}

}  // namespace
}  // namespace planton::validate
