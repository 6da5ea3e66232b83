#pragma once
// The one way lines reach the terminal while a command runs, safe from any thread:
// - each write is whole lines under one lock, so output of concurrent rollout waits and
//   of concurrent contexts never interleaves mid-line;
// - each line carries the prefix of the writing thread's scope (LineScope): "[context] "
//   in a run over several contexts, "namespace/name: " in a run of several manifests;
// - on a terminal, the live lines (a rollout's progress: one per running context, or per
//   manifest) stay at the bottom of stderr and are redrawn below whatever is printed.
// spdlog writes through it as well (console_sink), so the kube layer's log lines get the
// same prefixes and never tear a live line.
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <spdlog/sinks/sink.h>

namespace planton::cli {

enum class Stream { out, err };

// Whom the lines of a thread are about. Empty parts are not shown.
struct LineScope {
    std::string context;   // a run over several contexts: "[context] "
    std::string manifest;  // a run of several manifests: "namespace/name: "

    std::string prefix() const;
    // Which live line the scope writes: one per context in a fleet, else one per manifest.
    const std::string& live_key() const { return context.empty() ? manifest : context; }
};

// Sets the calling thread's scope until destroyed, then restores the one before.
class ScopedLines {
public:
    explicit ScopedLines(LineScope scope);
    ~ScopedLines();
    ScopedLines(const ScopedLines&) = delete;
    ScopedLines& operator=(const ScopedLines&) = delete;

    static const LineScope& current();

private:
    LineScope previous_;
};

// A thread body runner that gives the thread the calling thread's scope: what a kube
// operation that starts threads of its own (the rollout wait's watches) is handed as
// its ThreadContext, so that their log lines carry the same prefix.
std::function<void(const std::function<void()>&)> in_this_scope();

struct ConsoleSettings {
    // Live lines are drawn (stderr is a terminal, and neither -v nor -q is given: a
    // request log or silence wants plain lines).
    bool live = false;
    bool out_is_terminal = false;  // stdout shows on the same terminal
    int width = 80;                // columns; a live line is cut to fit on one row
};

class Console {
public:
    Console(std::ostream& out, std::ostream& err, ConsoleSettings settings = {});

    // Writes `text` (one or more lines; a last newline is added when missing) to
    // `stream`, each line with the scope's prefix.
    void print(Stream stream, const std::string& text);
    // A line about one change (an object applied or deleted). Printed as print() does,
    // except in a live run over several contexts whose `stream` is the terminal too: then
    // it becomes the context's live line, and the context's result line and the final
    // table tell how it ended.
    void change(Stream stream, const std::string& line);
    // Shows `text` as the scope's live line (live() must be on). The first text of a
    // scope adds a line at the bottom; later ones rewrite it in place.
    void live(const std::string& text);
    // Removes the scope's live line (nothing when it has none).
    void end_live();

    bool live_enabled() const { return settings_.live; }
    void reset(ConsoleSettings settings);

private:
    void write_locked(Stream stream, const std::string& text);
    void clear_locked();
    void draw_locked();

    std::mutex mutex_;
    std::ostream& out_;
    std::ostream& err_;
    ConsoleSettings settings_;
    std::vector<std::pair<std::string, std::string>> live_;  // (key, text), bottom last
    size_t drawn_ = 0;                                       // rows of live lines on screen
};

// The console of this process, on std::cout and std::cerr; cli::run configures it.
Console& console();

// What the settings are for this process: live lines when stderr is a terminal and the
// log level is info (not -v, not -q).
ConsoleSettings terminal_settings(bool verbose_or_quiet);

// An spdlog sink that writes each formatted message through console() to stderr.
std::shared_ptr<spdlog::sinks::sink> console_sink();

}  // namespace planton::cli
