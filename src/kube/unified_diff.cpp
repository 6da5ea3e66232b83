#include "planton/kube/unified_diff.hpp"

#include <algorithm>
#include <unordered_map>

namespace planton::kube {
namespace {

// Beyond this many differing lines the middle is shown as replaced (see the header):
// the trace of Myers' algorithm grows with the square of this number (8 MB here).
constexpr int kMaxEditDistance = 2000;

using Op = LineEdit::Op;

// Myers' greedy algorithm over interned lines a[0..n) and b[0..m). Appends the edits,
// or returns false when the distance exceeds kMaxEditDistance.
bool myers(const std::vector<int>& a, const std::vector<int>& b, std::vector<Op>& ops) {
    const int n = static_cast<int>(a.size());
    const int m = static_cast<int>(b.size());
    const int max = std::min(n + m, kMaxEditDistance);
    const int offset = max + 1;
    std::vector<int> v(static_cast<size_t>(2 * max + 3), 0);
    // trace[d] holds v[offset-d-1 .. offset+d+1] as it was before step d.
    std::vector<std::vector<int>> trace;
    auto at = [&](int k) -> int& { return v[static_cast<size_t>(k + offset)]; };
    int found = -1;
    for (int d = 0; d <= max && found < 0; ++d) {
        trace.emplace_back(v.begin() + (offset - d - 1), v.begin() + (offset + d + 2));
        for (int k = -d; k <= d; k += 2) {
            int x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
            int y = x - k;
            while (x < n && y < m && a[static_cast<size_t>(x)] == b[static_cast<size_t>(y)]) ++x, ++y;
            at(k) = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
    }
    if (found < 0) return false;
    std::vector<Op> reversed;
    int x = n;
    int y = m;
    for (int d = found; d > 0; --d) {
        const std::vector<int>& before = trace[static_cast<size_t>(d)];
        auto prev = [&](int k) { return before[static_cast<size_t>(k + d + 1)]; };
        const int k = x - y;
        const int prev_k = (k == -d || (k != d && prev(k - 1) < prev(k + 1))) ? k + 1 : k - 1;
        const int prev_x = prev(prev_k);
        const int prev_y = prev_x - prev_k;
        const int snake_x = prev_k == k + 1 ? prev_x : prev_x + 1;
        for (; x > snake_x; --x, --y) reversed.push_back(Op::Equal);
        reversed.push_back(prev_k == k + 1 ? Op::Insert : Op::Delete);
        x = prev_x;
        y = prev_y;
    }
    for (; x > 0; --x) reversed.push_back(Op::Equal);
    ops.insert(ops.end(), reversed.rbegin(), reversed.rend());
    return true;
}

std::string range(size_t start, size_t count) {
    // diff -u: "start,count", just "start" for one line, the line before for none.
    if (count == 1) return std::to_string(start + 1);
    return std::to_string(count == 0 ? start : start + 1) + "," + std::to_string(count);
}

}  // namespace

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::vector<LineEdit> edit_script(const std::vector<std::string>& old_lines,
                                  const std::vector<std::string>& new_lines) {
    size_t prefix = 0;
    while (prefix < old_lines.size() && prefix < new_lines.size() && old_lines[prefix] == new_lines[prefix])
        ++prefix;
    size_t suffix = 0;
    while (suffix < old_lines.size() - prefix && suffix < new_lines.size() - prefix &&
           old_lines[old_lines.size() - 1 - suffix] == new_lines[new_lines.size() - 1 - suffix])
        ++suffix;

    std::unordered_map<std::string, int> ids;
    auto intern = [&ids](const std::vector<std::string>& lines, size_t from, size_t to) {
        std::vector<int> out;
        for (size_t i = from; i < to; ++i)
            out.push_back(ids.emplace(lines[i], static_cast<int>(ids.size())).first->second);
        return out;
    };
    const std::vector<int> a = intern(old_lines, prefix, old_lines.size() - suffix);
    const std::vector<int> b = intern(new_lines, prefix, new_lines.size() - suffix);
    std::vector<Op> ops(prefix, Op::Equal);
    if (!myers(a, b, ops)) {
        ops.insert(ops.end(), a.size(), Op::Delete);
        ops.insert(ops.end(), b.size(), Op::Insert);
    }
    ops.insert(ops.end(), suffix, Op::Equal);

    std::vector<LineEdit> script;
    size_t i = 0;
    size_t j = 0;
    for (Op op : ops) {
        if (op == Op::Insert) {
            script.push_back({op, new_lines[j++]});
        } else {
            script.push_back({op, old_lines[i++]});
            if (op == Op::Equal) ++j;
        }
    }
    return script;
}

std::string unified_diff(const std::string& old_text, const std::string& new_text,
                         const std::string& old_label, const std::string& new_label, int context) {
    if (old_text == new_text) return "";
    const std::vector<LineEdit> script = edit_script(split_lines(old_text), split_lines(new_text));
    const size_t ctx = static_cast<size_t>(std::max(context, 0));
    std::vector<size_t> changes;
    for (size_t i = 0; i < script.size(); ++i) {
        if (script[i].op != Op::Equal) changes.push_back(i);
    }
    if (changes.empty()) return "";  // differ only in a final newline

    std::string out = "--- " + old_label + "\n+++ " + new_label + "\n";
    // Line numbers before each step of the script.
    std::vector<size_t> old_before(script.size() + 1, 0);
    std::vector<size_t> new_before(script.size() + 1, 0);
    for (size_t i = 0; i < script.size(); ++i) {
        old_before[i + 1] = old_before[i] + (script[i].op != Op::Insert ? 1 : 0);
        new_before[i + 1] = new_before[i] + (script[i].op != Op::Delete ? 1 : 0);
    }
    size_t c = 0;
    while (c < changes.size()) {
        size_t last = c;
        while (last + 1 < changes.size() && changes[last + 1] - changes[last] - 1 <= 2 * ctx) ++last;
        const size_t begin = changes[c] >= ctx ? changes[c] - ctx : 0;
        const size_t end = std::min(script.size(), changes[last] + 1 + ctx);
        out += "@@ -" + range(old_before[begin], old_before[end] - old_before[begin]) + " +" +
               range(new_before[begin], new_before[end] - new_before[begin]) + " @@\n";
        for (size_t i = begin; i < end; ++i) {
            const char mark = script[i].op == Op::Equal ? ' ' : script[i].op == Op::Delete ? '-' : '+';
            out += mark;
            out += script[i].line;
            out += '\n';
        }
        c = last + 1;
    }
    return out;
}

}  // namespace planton::kube
