#include "yaml_tree.hpp"

#include <algorithm>
#include <cstring>
#include <exception>
#include <istream>
#include <streambuf>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace planton::manifest::detail {
namespace {

// An istream over memory that is not copied.
class MemoryBuffer : public std::streambuf {
public:
    explicit MemoryBuffer(std::string_view text) {
        char* begin = const_cast<char*>(text.data());
        setg(begin, begin, begin + text.size());
    }
};

// Thrown from the handler to stop yaml-cpp as soon as the nesting is too deep, before
// its own recursion goes any further.
struct TooDeep {
    YAML::Mark mark;
};

// Thrown when yaml-cpp starts a second document inside one chunk (see below).
struct ExtraDocument {
    YAML::Mark mark;
};

class TreeBuilder : public YAML::EventHandler {
public:
    TreeBuilder(std::string_view chunk, int first_line, int max_depth, YamlTree& tree)
        : chunk_(chunk), first_line_(first_line), max_depth_(max_depth), tree_(tree) {}

    std::optional<YamlError> quote_error;  // an unclosed quote yaml-cpp let through

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        YamlNode& node = add(YamlKind::null, mark, anchor);
        if (!explicit_null(mark)) place_empty_value(node, mark);
    }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        YamlNode& node = add(YamlKind::alias, mark, 0);
        node.text = anchor < anchors_.size() ? anchors_[anchor] : 0;
    }
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        YamlNode& node = add(YamlKind::scalar, mark, anchor);
        node.plain = tag == "?";
        node.text = static_cast<std::uint32_t>(tree_.arena.size());
        node.length = static_cast<std::uint32_t>(value.size());
        tree_.arena += value;
        if (!node.plain && !quote_error) check_quote_closed(mark);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(YamlKind::sequence, mark, anchor);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(YamlKind::mapping, mark, anchor);
    }
    void OnMapEnd() override { close(); }

    int line(const YAML::Mark& mark) const { return mark.line < 0 ? first_line_ : first_line_ + mark.line; }
    static int column(const YAML::Mark& mark) { return mark.column < 0 ? 1 : mark.column + 1; }

private:
    YamlNode& add(YamlKind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
        const auto id = static_cast<NodeId>(tree_.nodes.size());
        if (!open_.empty()) ++tree_.nodes[open_.back()].size;
        YamlNode& node = tree_.nodes.emplace_back();
        node.kind = kind;
        node.line = line(mark);
        node.column = column(mark);
        node.end = id + 1;
        if (anchor != 0) {
            if (anchors_.size() <= anchor) anchors_.resize(anchor + 1, 0);
            anchors_[anchor] = id;
        }
        return node;
    }
    void open(YamlKind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
        if (static_cast<int>(open_.size()) >= max_depth_) throw TooDeep{mark};
        add(kind, mark, anchor);
        open_.push_back(static_cast<NodeId>(tree_.nodes.size() - 1));
    }
    void close() {
        tree_.nodes[open_.back()].end = static_cast<NodeId>(tree_.nodes.size());
        open_.pop_back();
    }

    bool explicit_null(const YAML::Mark& mark) const {
        if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= chunk_.size()) return false;
        const std::string_view rest = chunk_.substr(static_cast<std::size_t>(mark.pos));
        return rest.starts_with('~') || rest.starts_with("null") || rest.starts_with("Null") ||
               rest.starts_with("NULL");
    }

    // yaml-cpp places an empty value (`tag:` with nothing after it) at the next token,
    // often on a later line. The place a user looks at is the key it belongs to, or the
    // `-` of an empty list item.
    void place_empty_value(YamlNode& node, const YAML::Mark& mark) {
        if (open_.empty()) return;
        const YamlNode& parent = tree_.nodes[open_.back()];
        if (parent.kind == YamlKind::mapping && parent.size % 2 == 0) {
            const YamlNode& key = tree_.nodes[tree_.nodes.size() - 2];
            if (key.end == tree_.nodes.size() - 1) {
                node.line = key.line;
                node.column = key.column;
            }
            return;
        }
        if (parent.kind != YamlKind::sequence || mark.pos <= 0) return;
        std::size_t pos = std::min(static_cast<std::size_t>(mark.pos), chunk_.size());
        int lines_back = 0;
        while (pos > 0 && std::strchr(" \t\r\n", chunk_[pos - 1]) != nullptr) {
            if (chunk_[--pos] == '\n') ++lines_back;
        }
        if (pos == 0 || chunk_[pos - 1] != '-') return;
        const std::size_t dash = pos - 1;
        const std::size_t line_start = chunk_.rfind('\n', dash);
        node.line = line(mark) - lines_back;
        node.column =
            static_cast<int>(dash - (line_start == std::string_view::npos ? 0 : line_start + 1)) + 1;
    }

    // yaml-cpp accepts a quoted scalar that the end of the input cuts off (`a: "abc`
    // followed by a newline) and swallows the rest of the document into it.
    void check_quote_closed(const YAML::Mark& mark) {
        std::size_t pos = mark.pos < 0 ? chunk_.size() : static_cast<std::size_t>(mark.pos);
        // Skip a tag or an anchor written before the scalar.
        while (pos < chunk_.size() && (chunk_[pos] == '!' || chunk_[pos] == '&')) {
            while (pos < chunk_.size() && std::strchr(" \t\r\n", chunk_[pos]) == nullptr) ++pos;
            while (pos < chunk_.size() && std::strchr(" \t\r\n", chunk_[pos]) != nullptr) ++pos;
        }
        if (pos >= chunk_.size()) return;
        const char quote = chunk_[pos];
        if (quote != '"' && quote != '\'') return;
        for (std::size_t i = pos + 1; i < chunk_.size(); ++i) {
            if (quote == '"' && chunk_[i] == '\\') {
                ++i;
            } else if (chunk_[i] == quote) {
                if (quote == '\'' && i + 1 < chunk_.size() && chunk_[i + 1] == '\'') {
                    ++i;
                } else {
                    return;
                }
            }
        }
        quote_error = YamlError{"yaml-syntax",
                                std::string("the quoted string that starts here is not closed (missing ") +
                                    (quote == '"' ? "\"" : "'") + ")",
                                line(mark), column(mark)};
    }

    std::string_view chunk_;
    int first_line_;
    int max_depth_;
    YamlTree& tree_;
    std::vector<NodeId> open_;
    std::vector<NodeId> anchors_;
};

// Refuses any event: used to find out whether yaml-cpp sees more than one document.
class NoMoreDocuments : public YAML::EventHandler {
public:
    void OnDocumentStart(const YAML::Mark& mark) override { throw ExtraDocument{mark}; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

std::string_view line_at(std::string_view chunk, int mark_line) {
    std::size_t start = 0;
    for (int i = 0; i < mark_line && start != std::string_view::npos; ++i) {
        start = chunk.find('\n', start);
        if (start != std::string_view::npos) ++start;
    }
    if (start == std::string_view::npos || start > chunk.size()) return {};
    const std::size_t end = chunk.find('\n', start);
    return chunk.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

// yaml-cpp's messages are terse ("illegal map value"); say what is wrong and what to
// look at instead.
YamlError describe(const YAML::ParserException& e, std::string_view chunk, const TreeBuilder& builder) {
    YamlError error{"yaml-syntax", e.msg, builder.line(e.mark), TreeBuilder::column(e.mark)};
    const std::string& msg = e.msg;
    // A tab in the indentation of the failing line (or the line before: yaml-cpp often
    // notices one line late) is the usual cause, whatever yaml-cpp calls it.
    for (int back = 0; back <= 1 && e.mark.line - back >= 0; ++back) {
        const std::string_view text = line_at(chunk, e.mark.line - back);
        const std::size_t indent_end = text.find_first_not_of(" \t");
        const std::size_t tab = text.substr(0, indent_end).find('\t');
        if (tab != std::string_view::npos && (indent_end != std::string_view::npos || back == 0)) {
            return YamlError{"yaml-syntax", "tab character in indentation; YAML indents with spaces only",
                             builder.line(e.mark) - back, static_cast<int>(tab) + 1};
        }
    }
    const auto at = [&](std::size_t offset) -> char {
        const std::size_t pos = static_cast<std::size_t>(e.mark.pos) + offset;
        return e.mark.pos >= 0 && pos < chunk.size() ? chunk[pos] : '\0';
    };
    namespace M = YAML::ErrorMsg;
    if (msg == M::MAP_VALUE) {
        error.message =
            "a \"key: value\" is not allowed here (check the indentation, or quote a value that "
            "contains \": \")";
    } else if (msg == M::MAP_KEY) {
        error.message = "a mapping key is not allowed here (check the indentation)";
    } else if (msg == M::BLOCK_ENTRY) {
        error.message = "a list item (\"- \") is not allowed here (check the indentation)";
    } else if (msg == M::END_OF_MAP) {
        error.message = "this line does not fit the mapping above it (check the indentation)";
    } else if (msg == M::END_OF_SEQ) {
        error.message = "this line does not fit the list above it (check the indentation)";
    } else if (msg == M::END_OF_MAP_FLOW) {
        error.message = "missing \"}\" to close the flow mapping";
    } else if (msg == M::END_OF_SEQ_FLOW) {
        error.message = "missing \"]\" to close the flow list";
    } else if (msg == M::FLOW_END) {
        const char c = at(0);
        error.message = c == ']' || c == '}'
                            ? std::string("unexpected \"") + c + "\": the brackets before it do not match"
                            : "unexpected closing bracket: the brackets before it do not match";
    } else if (msg == M::EOF_IN_SCALAR) {
        error.message =
            "a quoted string is not closed before the end of the document (missing closing quote)";
    } else if (msg == M::DOC_IN_SCALAR) {
        error.message =
            "a document marker (\"---\" or \"...\") inside a quoted string (missing closing quote?)";
    } else if (msg == M::UNKNOWN_TOKEN) {
        const char c = at(0);
        error.message = c == '@' || c == '`'
                            ? std::string("a value cannot start with \"") + c + "\"; quote it"
                            : "unexpected character here";
    } else if (msg == M::UNKNOWN_ANCHOR) {
        std::size_t end = 1;
        while (at(end) != '\0' && std::strchr(" \t\r\n,]}", at(end)) == nullptr) ++end;
        const std::string name =
            e.mark.pos >= 0 ? std::string(chunk.substr(static_cast<std::size_t>(e.mark.pos), end)) : "*";
        error.message = "alias " + name + " refers to an anchor that is not defined before it";
    } else if (msg.starts_with(M::INVALID_ESCAPE)) {
        error.message = "unknown escape sequence \"\\" + msg.substr(std::strlen(M::INVALID_ESCAPE)) +
                        "\" in a double-quoted string (use single quotes, or write \\\\)";
        // yaml-cpp points past the escape; point at its backslash.
        error.column = std::max(1, error.column - 2);
    } else if (msg == M::TAB_IN_INDENTATION) {
        error.message = "tab character in indentation; YAML indents with spaces only";
    }
    return error;
}

}  // namespace

std::optional<YamlError> parse_document(std::string_view chunk, int first_line, int max_depth,
                                        YamlTree& tree) {
    tree.clear();
    MemoryBuffer buffer(chunk);
    std::istream stream(&buffer);
    TreeBuilder builder(chunk, first_line, max_depth, tree);
    const auto too_deep = [&](const YAML::Mark& mark) {
        return YamlError{"too-deep", "nesting is deeper than " + std::to_string(max_depth) + " levels",
                         builder.line(mark), TreeBuilder::column(mark)};
    };
    try {
        YAML::Parser parser(stream);
        if (!parser.HandleNextDocument(builder)) return std::nullopt;
        if (builder.quote_error) return builder.quote_error;
        NoMoreDocuments none;
        parser.HandleNextDocument(none);
    } catch (const TooDeep& e) {
        return too_deep(e.mark);
    } catch (const ExtraDocument& e) {
        return YamlError{"yaml-syntax",
                         "this line does not fit the structure above it (check the indentation)",
                         builder.line(e.mark), TreeBuilder::column(e.mark)};
    } catch (const YAML::DeepRecursion& e) {
        return too_deep(e.mark);
    } catch (const YAML::ParserException& e) {
        if (builder.quote_error) return builder.quote_error;
        return describe(e, chunk, builder);
    } catch (const std::exception&) {
        return YamlError{"yaml-syntax", "this document could not be read as YAML", first_line, 1};
    }
    return builder.quote_error;
}

}  // namespace planton::manifest::detail
