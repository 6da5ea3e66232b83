// Every shipped example is valid: the parser and the validator find no error in any of
// its documents (lint warnings are allowed: the examples show what they look like).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "planton/manifest/parser.hpp"
#include "planton/validate/validator.hpp"
#include "source_dir.hpp"

namespace planton::validate {
namespace {

TEST_CASE("every example manifest validates without errors", "[validate][examples]") {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(planton::test::source_dir() + "/manifests/examples")) {
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

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// manifests/invalid/<id>.yaml gives exactly one diagnostic, with that id, and
// docs/diagnostics.md has a row for it.
TEST_CASE("each invalid manifest shows its own id, and every id is documented", "[validate][examples]") {
    const std::string docs = read_text(planton::test::source_dir() + "/docs/diagnostics.md");
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(planton::test::source_dir() + "/manifests/invalid")) {
        if (entry.path().extension() != ".yaml") continue;
        ++files;
        const std::string id = entry.path().stem().string();
        INFO(entry.path().string());
        const manifest::ParseResult parsed = manifest::parse_file(entry.path().string());
        manifest::Diagnostics all = parsed.diagnostics;
        for (const manifest::Document& doc : parsed.documents) {
            const manifest::Diagnostics found = check(doc);
            all.insert(all.end(), found.begin(), found.end());
        }
        REQUIRE(all.size() == 1);
        CHECK(all[0].id == id);
        CHECK(docs.find("| `" + id + "` |") != std::string::npos);
    }
    CHECK(files >= 70);
}

}  // namespace
}  // namespace planton::validate
