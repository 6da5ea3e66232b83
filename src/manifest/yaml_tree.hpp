#pragma once
// One YAML document as a compact tree, built from yaml-cpp's event parser.
//
// yaml-cpp's YAML::Node allocates per node, folds repeated keys away and expands
// nothing but also tells nothing about aliases. This tree keeps every mapping pair as
// written (repeated keys included), every position, aliases as links to their anchor,
// and is one flat vector: nodes in document order, a container's children right after
// it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planton::manifest::detail {

enum class YamlKind : std::uint8_t { null, scalar, sequence, mapping, alias };

struct YamlNode {
    YamlKind kind = YamlKind::null;
    bool plain = false;  // a scalar written without quotes, block indicator or tag
    int line = 0;        // 1-based, in the file
    int column = 0;
    std::uint32_t end = 0;     // one past the node's last descendant
    std::uint32_t size = 0;    // containers: children (a mapping counts keys and values)
    std::uint32_t text = 0;    // scalar: offset of its text in the arena; alias: target
    std::uint32_t length = 0;  // scalar: length of its text
};

using NodeId = std::uint32_t;

struct YamlTree {
    std::vector<YamlNode> nodes;  // nodes[0] is the root
    std::string arena;            // scalar texts

    const YamlNode& operator[](NodeId id) const { return nodes[id]; }
    std::string_view text(NodeId id) const {
        return std::string_view(arena).substr(nodes[id].text, nodes[id].length);
    }
    // The first child of a container and the sibling after a node.
    static NodeId first_child(NodeId id) { return id + 1; }
    NodeId next_sibling(NodeId id) const { return nodes[id].end; }
    void clear() {
        nodes.clear();
        arena.clear();
    }
};

struct YamlError {
    std::string id;  // "yaml-syntax" or "too-deep"
    std::string message;
    int line = 0;
    int column = 0;
};

// Parses the one document in `chunk`, whose first line is line `first_line` of the file.
// Fills `tree` (empty when the chunk holds no document) and returns the first error,
// with a readable message. Never throws for bad input.
std::optional<YamlError> parse_document(std::string_view chunk, int first_line, int max_depth,
                                        YamlTree& tree);

}  // namespace planton::manifest::detail
