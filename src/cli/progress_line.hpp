#pragma once
// Progress of a long step on stderr: a live line rewritten in place on a terminal
// ("\r", clear to end of line), and one plain line per change otherwise (CI logs,
// pipes), so that logs never fill with control characters. Silent under -q.
#include <string>

namespace planton::cli {

class ProgressLine {
public:
    // Live when stderr is a terminal and no request log (-v) interleaves with the line.
    ProgressLine();
    ~ProgressLine();  // clears a live line
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    // Shows `text` (a new line per call when not live).
    void update(const std::string& text);
    // Clears the live line, so that what follows starts on a clean line.
    void clear();

    bool live() const { return live_; }

private:
    bool live_ = false;
    bool shown_ = false;
};

}  // namespace planton::cli
