#pragma once
// Progress of a long step on stderr: the live line of the thread's scope (console.hpp),
// rewritten in place on a terminal, and one plain line per change otherwise (CI logs,
// pipes, -v), so that logs never fill with control characters. Silent under -q.
#include <string>

namespace planton::cli {

class ProgressLine {
public:
    ProgressLine();
    ~ProgressLine();  // removes a live line
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    // Shows `text` (a new line per call when not live).
    void update(const std::string& text);
    // Removes the live line, so that what follows starts on a clean line.
    void clear();

    bool live() const { return live_; }

private:
    bool live_ = false;
    bool shown_ = false;
};

}  // namespace planton::cli
