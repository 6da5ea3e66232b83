#include <catch2/catch.hpp>

#include "planton/kube/unified_diff.hpp"

using planton::kube::edit_script;
using planton::kube::LineEdit;
using planton::kube::split_lines;
using planton::kube::unified_diff;

namespace {

std::string numbered(int from, int to) {
    std::string out;
    for (int i = from; i <= to; ++i) out += "line " + std::to_string(i) + "\n";
    return out;
}

}  // namespace

TEST_CASE("split_lines: a final newline does not start another line", "[kube][unified_diff]") {
    CHECK(split_lines("") == std::vector<std::string>{});
    CHECK(split_lines("a\n") == std::vector<std::string>{"a"});
    CHECK(split_lines("a\n\nb") == std::vector<std::string>{"a", "", "b"});
}

TEST_CASE("unified diffs in the format of diff -u", "[kube][unified_diff]") {
    struct Case {
        const char* name;
        std::string before;
        std::string after;
        std::string expected;
    };
    const Case cases[] = {
        {"equal texts give nothing", "a\nb\n", "a\nb\n", ""},
        {"an added file", "", "a\nb\n", "--- old\n+++ new\n@@ -0,0 +1,2 @@\n+a\n+b\n"},
        {"a removed file", "a\n", "", "--- old\n+++ new\n@@ -1 +0,0 @@\n-a\n"},
        {"one changed line with three lines of context", numbered(1, 9),
         "line 1\nline 2\nline 3\nline 4\nLINE 5\nline 6\nline 7\nline 8\nline 9\n",
         "--- old\n+++ new\n@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+LINE 5\n line 6\n"
         " line 7\n line 8\n"},
        {"an insertion after the last line", "a\nb\n", "a\nb\nc\n",
         "--- old\n+++ new\n@@ -1,2 +1,3 @@\n a\n b\n+c\n"},
        {"changes 6 lines apart share one hunk", numbered(1, 12),
         "line 1\nX\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nY\nline 10\nline 11\nline 12\n",
         "--- old\n+++ new\n@@ -1,12 +1,12 @@\n line 1\n-line 2\n+X\n line 3\n line 4\n line 5\n line 6\n"
         " line 7\n line 8\n-line 9\n+Y\n line 10\n line 11\n line 12\n"},
        {"changes 7 lines apart make two hunks", numbered(1, 13),
         "line 1\nX\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\nY\nline 11\nline 12\nline 13\n",
         "--- old\n+++ new\n@@ -1,5 +1,5 @@\n line 1\n-line 2\n+X\n line 3\n line 4\n line 5\n"
         "@@ -7,7 +7,7 @@\n line 7\n line 8\n line 9\n-line 10\n+Y\n line 11\n line 12\n line 13\n"},
        {"an insertion in the middle is numbered by the line before it", "a\nb\nc\nd\ne\nf\ng\nh\n",
         "a\nb\nc\nd\nnew\ne\nf\ng\nh\n",
         "--- old\n+++ new\n@@ -2,6 +2,7 @@\n b\n c\n d\n+new\n e\n f\n g\n"},
    };
    for (const Case& c : cases) {
        SECTION(c.name) {
            CHECK(unified_diff(c.before, c.after, "old", "new") == c.expected);
        }
    }
}

TEST_CASE("the edit script is a shortest one", "[kube][unified_diff]") {
    // a b c a b b a -> c b a b a c (Myers' paper): 5 edits.
    const auto script = edit_script({"a", "b", "c", "a", "b", "b", "a"}, {"c", "b", "a", "b", "a", "c"});
    int edits = 0;
    std::string old_side;
    std::string new_side;
    for (const LineEdit& e : script) {
        if (e.op != LineEdit::Op::Equal) ++edits;
        if (e.op != LineEdit::Op::Insert) old_side += e.line;
        if (e.op != LineEdit::Op::Delete) new_side += e.line;
    }
    CHECK(edits == 5);
    CHECK(old_side == "abcabba");
    CHECK(new_side == "cbabac");
}

TEST_CASE("very different long texts are given as replaced, still correctly", "[kube][unified_diff]") {
    std::vector<std::string> before;
    std::vector<std::string> after;
    for (int i = 0; i < 3000; ++i) {
        before.push_back("old " + std::to_string(i));
        after.push_back("new " + std::to_string(i));
    }
    before.push_back("same");
    after.push_back("same");
    const auto script = edit_script(before, after);
    REQUIRE(script.size() == 6001);
    CHECK(script[0].op == LineEdit::Op::Delete);
    CHECK(script[0].line == "old 0");
    CHECK(script[3000].op == LineEdit::Op::Insert);
    CHECK(script[3000].line == "new 0");
    CHECK(script[6000].op == LineEdit::Op::Equal);
}

TEST_CASE("edit scripts rebuild both sides with the fewest edits (seeded random texts)",
          "[kube][unified_diff]") {
    unsigned state = 12345;
    auto next = [&state](unsigned bound) {
        state = state * 1103515245u + 12345u;
        return (state >> 16) % bound;
    };
    for (int round = 0; round < 300; ++round) {
        std::vector<std::string> a(next(12));
        std::vector<std::string> b(next(12));
        for (auto& line : a) line = std::string(1, static_cast<char>('a' + next(3)));
        for (auto& line : b) line = std::string(1, static_cast<char>('a' + next(3)));
        // The length of the longest common subsequence, by dynamic programming.
        std::vector<std::vector<size_t>> lcs(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
        for (size_t i = a.size(); i-- > 0;) {
            for (size_t j = b.size(); j-- > 0;) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        std::vector<std::string> old_side;
        std::vector<std::string> new_side;
        size_t edits = 0;
        for (const LineEdit& e : edit_script(a, b)) {
            if (e.op != LineEdit::Op::Insert) old_side.push_back(e.line);
            if (e.op != LineEdit::Op::Delete) new_side.push_back(e.line);
            if (e.op != LineEdit::Op::Equal) ++edits;
        }
        INFO("round " << round);
        CHECK(old_side == a);
        CHECK(new_side == b);
        CHECK(edits == a.size() + b.size() - 2 * lcs[0][0]);
    }
}
