#include "planton/manifest/parser.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "edit_distance.hpp"
#include "input_scan.hpp"
#include "reader.hpp"
#include "yaml_tree.hpp"

namespace planton::manifest {
namespace {

using detail::NodeId;
using detail::YamlKind;
using detail::YamlTree;

// More documents than any real file has; bounds memory for a file of tiny documents.
constexpr std::size_t kMaxDocuments = 10'000;

Diagnostic file_error(std::string id, std::string message, const std::string& file, int line = 0,
                      int column = 0) {
    return Diagnostic{Severity::error, std::move(id), std::move(message), "", file, line, column};
}

std::string_view scalar_value(const YamlTree& tree, NodeId id) {
    if (tree[id].kind == YamlKind::alias) id = tree[id].text;
    return tree[id].kind == YamlKind::scalar ? tree.text(id) : std::string_view{};
}

bool looks_like_kind(std::string_view kind) {
    if (kind == "KubernetesDaemonSet") return true;  // the common case, without the edit distance
    const std::string name = detail::normalized_name(kind);
    return detail::edit_distance(name, "kubernetesdaemonset") <= 3;
}

bool looks_like_api_version(std::string_view api_version) {
    return api_version.find("project-planton") != std::string_view::npos ||
           detail::edit_distance(detail::normalized_name(api_version), "kubernetes.projectplanton.org/v1") <=
               3;
}

// What a document is, from its top-level keys only (cheap, and nothing else is read for
// documents planton-ds skips). A header that is close to KubernetesDaemonSet's counts
// as one, so that validate can say what is wrong with it. A list or a scalar is no
// manifest at all (a pre-commit hook passes every YAML file, lists of hooks included).
DocumentKind classify(const YamlTree& tree) {
    if (tree[0].kind != YamlKind::mapping) return DocumentKind::other;
    bool has_kind = false;
    bool has_api_version = false;
    bool has_target = false;
    bool spec_has_container = false;
    std::string_view kind;
    std::string_view api_version;
    NodeId key = YamlTree::first_child(0);
    for (std::uint32_t i = 0; i + 1 < tree[0].size; i += 2) {
        const NodeId value = tree.next_sibling(key);
        const std::string_view name = scalar_value(tree, key);
        key = tree.next_sibling(value);
        const bool given = tree[value].kind != YamlKind::null;
        if (name == "kind" && given) {
            has_kind = true;
            kind = scalar_value(tree, value);
        } else if ((name == "apiVersion" || name == "api_version") && given) {
            has_api_version = true;
            api_version = scalar_value(tree, value);
        } else if (name == "target") {
            has_target = true;
        } else if (name == "spec" && tree[value].kind == YamlKind::mapping) {
            NodeId field = YamlTree::first_child(value);
            for (std::uint32_t j = 0; j + 1 < tree[value].size; j += 2) {
                spec_has_container = spec_has_container || scalar_value(tree, field) == "container";
                field = tree.next_sibling(tree.next_sibling(field));
            }
        }
    }
    const bool planton_api = api_version == "kubernetes.project-planton.org/v1";
    if (has_kind) {
        if (looks_like_kind(kind)) return DocumentKind::daemonset;
        // Another Planton kind (KubernetesDeployment, …) is skipped; a kind that is not
        // text, or names a DaemonSet, under Planton's apiVersion is a broken manifest.
        const bool names_daemonset = detail::normalized_name(kind).find("daemonset") != std::string::npos;
        return planton_api && (kind.empty() || names_daemonset) ? DocumentKind::daemonset
                                                                : DocumentKind::other;
    }
    if (has_api_version)
        return looks_like_api_version(api_version) ? DocumentKind::daemonset : DocumentKind::other;
    if (has_target) return DocumentKind::stack_input;
    return spec_has_container ? DocumentKind::daemonset : DocumentKind::other;
}

void add(Diagnostics& out, const detail::YamlError& error, const std::string& file) {
    out.push_back(file_error(error.id, error.message, file, error.line, error.column));
}

// Reads at most `limit` + 1 bytes, so that an oversized input is noticed without being
// held in memory. Returns false (with errno set) on a read error.
bool read_bounded(int fd, std::size_t limit, std::string& out) {
    char buffer[65536];
    while (out.size() <= limit) {
        const std::size_t want = std::min(sizeof buffer, limit + 1 - out.size());
        const ssize_t got = ::read(fd, buffer, want);
        if (got < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (got == 0) break;
        out.append(buffer, static_cast<std::size_t>(got));
    }
    return true;
}

std::string too_large_message(std::size_t size) {
    std::string message = "the input is larger than 16 MiB";
    if (size > 0) message += " (" + std::to_string(size) + " bytes)";
    return message + "; it is not read";
}

}  // namespace

ParseResult parse_text(std::string_view text, const std::string& display_name) {
    ParseResult result;
    if (text.size() > kMaxInputBytes) {
        result.diagnostics.push_back(
            file_error("file-too-large", too_large_message(text.size()), display_name));
        return result;
    }
    if (const auto problem = detail::check_encoding(text)) {
        result.diagnostics.push_back(
            file_error(problem->id, problem->message, display_name, problem->line, problem->column));
        return result;
    }
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte order mark
    result.mentions_manifest = text.find("KubernetesDaemonSet") != std::string_view::npos ||
                               text.find("kubernetes.project-planton.org") != std::string_view::npos;

    YamlTree tree;
    detail::WalkBudget budget;
    for (const detail::DocumentChunk& chunk : detail::split_documents(text)) {
        const auto error = detail::parse_document(chunk.text, chunk.first_line, kMaxNestingDepth, tree);
        if (!error && (tree.nodes.empty() || tree[0].kind == YamlKind::null)) continue;  // an empty document
        if (result.documents.size() == kMaxDocuments) {
            result.diagnostics.push_back(file_error(
                "too-many-documents",
                "more than " + std::to_string(kMaxDocuments) + " documents in one file; the rest is not read",
                display_name, chunk.start_line, 1));
            break;
        }
        Document& doc = result.documents.emplace_back();
        doc.file = display_name;
        doc.index = static_cast<int>(result.documents.size()) - 1;
        doc.line = chunk.start_line;
        if (error) {
            add(result.diagnostics, *error, display_name);
            doc.kind = DocumentKind::invalid;
            continue;
        }
        doc.kind = classify(tree);
        if (doc.kind != DocumentKind::daemonset && doc.kind != DocumentKind::stack_input) continue;
        detail::Reader reader(tree, display_name, result.diagnostics, budget);
        bool complete = false;
        if (doc.kind == DocumentKind::daemonset) {
            doc.manifest.present = true;
            doc.manifest.line = tree[0].line;
            doc.manifest.column = tree[0].column;
            complete = reader.read_document(manifest_type(), 0, &doc.manifest);
        } else {
            complete = reader.read_document(stack_input_type(), 0, &doc);
        }
        if (!complete) doc.kind = DocumentKind::invalid;
    }
    return result;
}

ParseResult parse_file(const std::string& path) {
    const bool is_stdin = path == "-";
    const std::string display = is_stdin ? "<stdin>" : path;
    ParseResult result;
    const auto fail = [&](const std::string& why) {
        result.diagnostics.push_back(
            file_error("read-error", "cannot read " + display + ": " + why, display));
        return result;
    };
    int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail(std::strerror(errno));
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        const int saved = errno;
        if (!is_stdin) ::close(fd);
        return fail(std::strerror(saved));
    }
    if (S_ISDIR(info.st_mode)) {
        if (!is_stdin) ::close(fd);
        return fail("it is a directory");
    }
    if (S_ISREG(info.st_mode) && static_cast<std::size_t>(info.st_size) > kMaxInputBytes) {
        if (!is_stdin) ::close(fd);
        result.diagnostics.push_back(
            file_error("file-too-large", too_large_message(static_cast<std::size_t>(info.st_size)), display));
        return result;
    }
    std::string text;
    if (S_ISREG(info.st_mode)) text.reserve(static_cast<std::size_t>(info.st_size));
    const bool ok = read_bounded(fd, kMaxInputBytes, text);
    const int saved = errno;
    if (!is_stdin) ::close(fd);
    if (!ok) return fail(std::strerror(saved));
    if (text.size() > kMaxInputBytes) {
        result.diagnostics.push_back(file_error("file-too-large", too_large_message(0), display));
        return result;
    }
    return parse_text(text, display);
}

}  // namespace planton::manifest
