// Hostile input: binary and non-UTF-8 files, deep nesting, alias bombs, huge inputs,
// unreadable files, random bytes. Each gives diagnostics, never a crash or an exception.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include <fcntl.h>
#include <unistd.h>

#include "manifest_support.hpp"

namespace planton::manifest {
namespace {

using test::diagnostic_lines;
using test::parse;
using Lines = std::vector<std::string>;

const char* kHeader = "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\n";

// A temporary file removed at the end of the test.
class TempFile {
public:
    explicit TempFile(const std::string& name)
        : path_((std::filesystem::temp_directory_path() /
                 ("planton-test-" + std::to_string(::getpid()) + "-" + name))
                    .string()) {}
    ~TempFile() { std::remove(path_.c_str()); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }
    void write(const std::string& text) const { std::ofstream(path_, std::ios::binary) << text; }

private:
    std::string path_;
};

TEST_CASE("binary content is one diagnostic", "[manifest][hostile]") {
    const std::string text("kind: x\nab\0cd\n", 14);
    const ParseResult result = parse(text);
    CHECK(diagnostic_lines(result.diagnostics) ==
          Lines{"2:3 [binary-file] this is a binary file (it contains NUL bytes), not YAML"});
    CHECK(result.documents.empty());
}

TEST_CASE("invalid UTF-8 is reported at its first bad byte", "[manifest][hostile]") {
    struct Case {
        const char* name;
        std::string text;
        const char* expected;
    };
    const std::vector<Case> cases = {
        {"a lone continuation byte", "kind: x\nname: caf\x80\n", "2:10"},
        {"a truncated sequence at the end", "name: \xC3", "1:7"},
        {"an overlong encoding", "a: b\nc: \xC0\xAF\n", "2:4"},
        {"a UTF-16 surrogate", "a: \xED\xA0\x80\n", "1:4"},
        {"past U+10FFFF", "a: \xF4\x90\x80\x80\n", "1:4"},
        {"Latin-1 text", "metadata:\n  name: na\xEFve\n", "2:11"},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        const ParseResult result = parse(c.text);
        CHECK(diagnostic_lines(result.diagnostics) ==
              Lines{std::string(c.expected) + " [invalid-utf8] invalid UTF-8 (the file must be UTF-8 text)"});
        CHECK(result.documents.empty());
    }
    const ParseResult valid =
        parse(std::string(kHeader) + "metadata:\n  name: \"na\xC3\xAFve \xF0\x9F\x9A\x80\"\n");
    CHECK(valid.diagnostics.empty());
    CHECK(valid.documents.at(0).manifest.metadata.name.value == "na\xC3\xAFve \xF0\x9F\x9A\x80");
}

TEST_CASE("nesting deeper than 64 levels", "[manifest][hostile]") {
    SECTION("100,000 open flow brackets") {
        const ParseResult result = parse(std::string(100'000, '['));
        REQUIRE(result.diagnostics.size() == 1);
        CHECK(result.diagnostics[0].id == "too-deep");
        CHECK(result.diagnostics[0].message == "nesting is deeper than 64 levels");
        CHECK(result.diagnostics[0].line == 1);
        REQUIRE(result.documents.size() == 1);
        CHECK(result.documents[0].kind == DocumentKind::invalid);
    }
    SECTION("balanced flow lists: 64 levels pass, 65 do not") {
        CHECK(parse(std::string(64, '[') + std::string(64, ']')).diagnostics.empty());
        CHECK(diagnostic_lines(parse(std::string(65, '[') + std::string(65, ']')).diagnostics) ==
              Lines{"1:65 [too-deep] nesting is deeper than 64 levels"});
    }
    SECTION("block mappings, one level per line, between two good documents") {
        std::string text = std::string(kHeader) + "---\n";
        for (int i = 0; i < 3000; ++i) text += std::string(static_cast<std::size_t>(i), ' ') + "a:\n";
        text += "---\n" + std::string(kHeader);
        const ParseResult result = parse(text);
        CHECK(diagnostic_lines(result.diagnostics) ==
              Lines{"68:65 [too-deep] nesting is deeper than 64 levels"});
        REQUIRE(result.documents.size() == 3);
        CHECK(result.documents[0].kind == DocumentKind::daemonset);
        CHECK(result.documents[1].kind == DocumentKind::invalid);
        CHECK(result.documents[2].kind == DocumentKind::daemonset);
    }
    SECTION("compact nested sequences on one line") {
        std::string line;
        for (int i = 0; i < 5000; ++i) line += "- ";
        const ParseResult result = parse(line + "x\n");
        REQUIRE(result.diagnostics.size() == 1);
        CHECK(result.diagnostics[0].id == "too-deep");
    }
}

TEST_CASE("alias bombs are cut off", "[manifest][hostile]") {
    SECTION("billion laughs under a list of strings") {
        std::string text =
            std::string(kHeader) +
            "spec:\n  container:\n    app:\n      lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
        for (int i = 1; i < 10; ++i) {
            text += "      lol" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
            for (int j = 0; j < 9; ++j) text += (j ? ", *a" : "*a") + std::to_string(i - 1);
            text += "]\n";
        }
        text += "      args: *a9\n";
        const ParseResult result = parse(text);
        // Each lolN is an unknown field (not walked); args is a list whose items are
        // lists: each a wrong type, never expanded.
        CHECK(result.diagnostics.size() == 10 + 9);
        CHECK(result.documents.at(0).manifest.spec.container.app.args.items.size() == 9);
    }
    SECTION("lists of aliases to lists of aliases") {
        std::string text = std::string(kHeader) +
                           "spec:\n  container:\n    app:\n      volume_mounts: &vm\n"
                           "        - &m {name: a, mount_path: /a, host_path: /a}\n";
        for (int i = 0; i < 999; ++i) text += "        - *m\n";
        text += "    sidecars:\n      - &s {name: s, image: i, volume_mounts: *vm}\n";
        for (int i = 0; i < 999; ++i) text += "      - *s\n";
        const ParseResult result = parse(text);
        REQUIRE(result.diagnostics.size() == 1);
        const Diagnostic& d = result.diagnostics[0];
        CHECK(d.id == "alias-limit");
        CHECK(d.message ==
              "aliases expand this input past 50000 mapping entries and list items (an alias bomb?); reading "
              "stops here");
        CHECK(d.line == 1019);  // the alias `- *s` (sidecars[11]) whose expansion ran out
        CHECK(d.column == 9);
        CHECK(result.documents.at(0).kind == DocumentKind::invalid);
    }
    SECTION("an alias to its own anchor") {
        const ParseResult result =
            parse(std::string(kHeader) + "spec: &s\n  container: *s\n  namespace: [*s]\n");
        CHECK(diagnostic_lines(result.diagnostics) ==
              Lines{"4:14 [unknown-field] unknown field \"container\" (spec.container.container)",
                    "4:14 [unknown-field] unknown field \"namespace\" (spec.container.namespace)",
                    "5:14 [wrong-type] expected a string or a mapping with \"value\", got a list "
                    "(spec.namespace)"});
    }
}

TEST_CASE("a huge number of entries stops the walk", "[manifest][hostile]") {
    std::string text = std::string(kHeader) + "spec:\n  tolerations: [";
    for (int i = 0; i < 60'000; ++i) text += "{},";
    text += "]\n";
    const ParseResult result = parse(text);
    CHECK(diagnostic_lines(result.diagnostics) == Lines{"4:150005 [too-many-nodes] this input has more than "
                                                        "50000 mapping entries and list items; reading "
                                                        "stops here (spec.tolerations[49996])"});
    CHECK(result.documents.at(0).kind == DocumentKind::invalid);
}

TEST_CASE("more than 10000 documents", "[manifest][hostile]") {
    std::string text;
    for (int i = 0; i < 10'005; ++i) text += "---\na: 1\n";
    const ParseResult result = parse(text);
    CHECK(diagnostic_lines(result.diagnostics) ==
          Lines{"20001:1 [too-many-documents] more than 10000 documents in one file; the rest is not read"});
    CHECK(result.documents.size() == 10'000);
}

TEST_CASE("oversized input is refused unread", "[manifest][hostile]") {
    SECTION("text over the limit") {
        const std::string text(kMaxInputBytes + 1, '#');
        const ParseResult result = parse(text);
        CHECK(diagnostic_lines(result.diagnostics) ==
              Lines{"0:0 [file-too-large] the input is larger than 16 MiB (16777217 bytes); it is not read"});
        CHECK(result.documents.empty());
    }
    SECTION("a 100 MB file") {
        TempFile file("big.yaml");
        const int fd = ::open(file.path().c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
        REQUIRE(fd >= 0);
        REQUIRE(::ftruncate(fd, 100'000'000) == 0);  // sparse: takes no disk space
        ::close(fd);
        const ParseResult result = parse_file(file.path());
        REQUIRE(result.diagnostics.size() == 1);
        CHECK(result.diagnostics[0].id == "file-too-large");
        CHECK(result.diagnostics[0].message ==
              "the input is larger than 16 MiB (100000000 bytes); it is not read");
        CHECK(result.diagnostics[0].file == file.path());
    }
    SECTION("a file exactly at the limit is read") {
        TempFile file("limit.yaml");
        std::string text = std::string(kHeader) + "metadata: {name: x}\n";
        text += std::string(kMaxInputBytes - text.size() - 1, '#') + "\n";
        REQUIRE(text.size() == kMaxInputBytes);
        file.write(text);
        const ParseResult result = parse_file(file.path());
        CHECK(result.diagnostics.empty());
        REQUIRE(result.documents.size() == 1);
        CHECK(result.documents[0].manifest.metadata.name.value == "x");
    }
}

TEST_CASE("an endless stream is read only up to the limit", "[manifest][hostile]") {
    const ParseResult result = parse_file("/dev/zero");
    CHECK(diagnostic_lines(result.diagnostics) ==
          Lines{"0:0 [file-too-large] the input is larger than 16 MiB; it is not read"});
    CHECK(result.diagnostics.at(0).file == "/dev/zero");
}

TEST_CASE("\"-\" reads standard input, shown as <stdin>", "[manifest][hostile]") {
    TempFile file("stdin.yaml");
    file.write(std::string(kHeader) + "metadata: {name: from-stdin}\nspec: {nope: 1}\n");
    const int saved = ::dup(STDIN_FILENO);
    const int fd = ::open(file.path().c_str(), O_RDONLY);
    REQUIRE((saved >= 0 && fd >= 0));
    ::dup2(fd, STDIN_FILENO);
    ::close(fd);
    const ParseResult result = parse_file("-");
    ::dup2(saved, STDIN_FILENO);
    ::close(saved);
    CHECK(diagnostic_lines(result.diagnostics) ==
          Lines{"4:8 [unknown-field] unknown field \"nope\" (spec.nope)"});
    CHECK(result.diagnostics.at(0).file == "<stdin>");
    REQUIRE(result.documents.size() == 1);
    CHECK(result.documents[0].file == "<stdin>");
    CHECK(result.documents[0].manifest.metadata.name.value == "from-stdin");
}

TEST_CASE("unreadable files", "[manifest][hostile]") {
    const std::string missing = "/nonexistent-planton-dir/daemonset.yaml";
    CHECK(diagnostic_lines(parse_file(missing).diagnostics) ==
          Lines{"0:0 [read-error] cannot read " + missing + ": No such file or directory"});
    const std::string folder = std::filesystem::temp_directory_path().string();
    CHECK(diagnostic_lines(parse_file(folder).diagnostics) ==
          Lines{"0:0 [read-error] cannot read " + folder + ": it is a directory"});
    TempFile file("ok.yaml");
    file.write(std::string(kHeader) + "metadata: {name: x}\n");
    const ParseResult result = parse_file(file.path());
    CHECK(result.diagnostics.empty());
    REQUIRE(result.documents.size() == 1);
    CHECK(result.documents[0].file == file.path());
}

TEST_CASE("random input never crashes or throws", "[manifest][hostile]") {
    // Short random texts over the characters that drive YAML's grammar, inside and
    // outside a manifest, so that the reader's shorthand paths run too.
    const std::string alphabet = "[]{}:-,'\"&*!|>#%@? \n\n  \tab0~.\\";
    const std::string prefix = std::string(kHeader) + "spec:\n  container:\n    app:\n      ";
    std::mt19937 random(12345);
    std::uniform_int_distribution<std::size_t> length(0, 120);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    int with_diagnostics = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string text = round % 2 == 0 ? prefix : "";
        const std::size_t n = length(random);
        for (std::size_t i = 0; i < n; ++i) text += alphabet[pick(random)];
        ParseResult result;
        REQUIRE_NOTHROW(result = parse(text));
        for (const Diagnostic& d : result.diagnostics) {
            CHECK(!d.id.empty());
            CHECK(d.message.find("yaml-cpp") == std::string::npos);
        }
        with_diagnostics += result.diagnostics.empty() ? 0 : 1;
    }
    CHECK(with_diagnostics > 100);
}

}  // namespace
}  // namespace planton::manifest
