#pragma once
// Walks a YamlTree along the field table and fills the model: spellings folded,
// shorthands expanded, every node positioned and given its canonical path, and every
// problem the YAML itself shows (unknown or repeated fields, wrong types) reported.
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "planton/manifest/diagnostic.hpp"
#include "planton/manifest/fields.hpp"
#include "planton/manifest/model.hpp"

#include "yaml_tree.hpp"

namespace planton::manifest::detail {

// Mapping entries and list items one input may make the walk visit. It bounds the
// model's memory whatever the input does, aliases included (an alias to a large list,
// used many times, visits that list each time).
inline constexpr long kMaxWalkEntries = 50'000;
struct WalkBudget {
    long remaining = kMaxWalkEntries;
};

// Restores the path (or the alias flag) when a walk step ends.
class PathScope {
public:
    explicit PathScope(std::string& path) : path_(path), size_(path.size()) {}
    ~PathScope() { path_.resize(size_); }
    PathScope(const PathScope&) = delete;
    PathScope& operator=(const PathScope&) = delete;

private:
    std::string& path_;
    std::size_t size_;
};

class AliasScope {
public:
    explicit AliasScope(bool& flag) : flag_(flag), saved_(flag) {}
    ~AliasScope() { flag_ = saved_; }
    AliasScope(const AliasScope&) = delete;
    AliasScope& operator=(const AliasScope&) = delete;

private:
    bool& flag_;
    bool saved_;
};

// User keys seen in one mapping; linear for the usual few, hashed for many.
class KeySet {
public:
    // The node of an earlier equal key, or 0.
    NodeId insert(std::string_view key, NodeId node) {
        if (hashed_.empty() && small_.size() < 32) {
            for (const auto& [text, id] : small_) {
                if (text == key) return id;
            }
            small_.emplace_back(key, node);
            return 0;
        }
        if (hashed_.empty()) {
            for (const auto& [text, id] : small_) hashed_.emplace(text, id);
        }
        const auto [it, added] = hashed_.emplace(key, node);
        return added ? 0 : it->second;
    }

private:
    std::vector<std::pair<std::string_view, NodeId>> small_;
    std::unordered_map<std::string_view, NodeId> hashed_;
};

class Reader {
public:
    Reader(const YamlTree& tree, const std::string& file, Diagnostics& diagnostics, WalkBudget& budget)
        : tree_(tree), file_(file), diagnostics_(diagnostics), budget_(budget) {}

    // Reads the mapping `root` into `object`, a model object of `type`'s model type.
    // Returns false when the walk budget ran out (a diagnostic says so).
    bool read_document(const ObjectType& type, NodeId root, void* object);

private:
    void read_object(const ObjectType& type, NodeId map, void* object);
    void unknown_field(const ObjectType& type, NodeId key, std::string_view name);
    void read_field(const Field& field, NodeId map, NodeId key, NodeId value, void* object);
    void read_items(const Field& field, NodeId list, void* member);
    void read_string_map(NodeId map, StrMap& out);
    template <class Entry>
    void read_env(const Field& field, NodeId map, List<Entry>& out);
    void read_host_path(const Field& field, NodeId value, HostPathSource& out);
    void read_host_path_type(NodeId map, NodeId key, NodeId value, HostPathSource& out);
    void read_provider_config(const Field& field, NodeId value, Document& out);

    // Scalars into Str / Int / Bool; a wrong type is reported against `node`.
    void read_string(NodeId value, Str& out);
    void read_integer(NodeId value, bool file_mode, Int& out);
    void read_bool(NodeId value, Bool& out);

    // Absent fields get the position of the mapping that should have held them, and
    // their path; fill_absent works at the current path, fill_absent_field adds the
    // field's name to it.
    void fill_absent(const Field& field, void* object, int line, int column);
    void fill_absent_field(const Field& field, void* object, int line, int column);
    void fill_absent_object(const ObjectType& type, void* object, int line, int column);
    void set_present(Node& node, NodeId value);
    void set_absent(Node& node, int line, int column);
    void wrong_type(Node& node, NodeId value, std::string_view expected);
    void type_error(Node& node, NodeId value, std::string message);

    // An alias becomes its anchor's node; `in_alias_` says the walk is inside one.
    NodeId resolve(NodeId id);
    // Where a node read now is placed: inside an alias, at the (outermost) alias, where
    // the user used the value; else at the node itself.
    int line_of(NodeId id) const { return tree_[in_alias_ ? alias_site_ : id].line; }
    int column_of(NodeId id) const { return tree_[in_alias_ ? alias_site_ : id].column; }
    bool take_budget(NodeId at);
    // Whether user key `key` repeats one in `keys` (reported); adds it otherwise.
    bool repeated_user_key(KeySet& keys, NodeId key, std::string_view text);

    void error(std::string id, std::string message, int line, int column, std::string path);
    void push_field(std::string_view name);
    void push_index(std::size_t index);
    void push_key(std::string_view key);

    // Calls f(key, key_text, value) for each pair of mapping `map` whose key is a
    // scalar (aliases resolved; other keys are reported as `expected a <key_kind>`),
    // within the walk budget. Returns false when the budget ran out.
    template <class F>
    bool for_each_pair(NodeId map, std::string_view key_kind, F&& f);
    // The same for a mapping with user keys: the path is extended with each key, and a
    // repeated key is reported and skipped.
    template <class F>
    bool for_each_user_entry(NodeId map, F&& f);

    const YamlTree& tree_;
    const std::string& file_;
    Diagnostics& diagnostics_;
    WalkBudget& budget_;
    std::string path_;
    bool in_alias_ = false;
    NodeId alias_site_ = 0;  // the outermost alias being expanded
    bool stopped_ = false;
};

template <class F>
bool Reader::for_each_pair(NodeId map, std::string_view key_kind, F&& f) {
    NodeId key = YamlTree::first_child(map);
    for (std::uint32_t i = 0; i + 1 < tree_[map].size; i += 2) {
        const NodeId value = tree_.next_sibling(key);
        const NodeId this_key = key;
        key = tree_.next_sibling(value);
        if (!take_budget(this_key)) return false;
        AliasScope alias(in_alias_);
        const NodeId k = resolve(this_key);
        if (tree_[k].kind != YamlKind::scalar) {
            Node ignored;
            wrong_type(ignored, k, key_kind);
            continue;
        }
        f(k, tree_.text(k), value);
    }
    return true;
}

template <class F>
bool Reader::for_each_user_entry(NodeId map, F&& f) {
    KeySet keys;
    return for_each_pair(map, "a string key", [&](NodeId key, std::string_view text, NodeId value) {
        PathScope scope(path_);
        push_key(text);
        if (!repeated_user_key(keys, key, text)) f(key, text, value);
    });
}

}  // namespace planton::manifest::detail
