#include "cli/console.hpp"

#include <cstdio>
#include <iostream>

#include <spdlog/sinks/base_sink.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace planton::cli {
namespace {

thread_local LineScope current_scope;

// `text` cut to `columns` characters (UTF-8 sequences count once), with "…" at the end
// when cut, so that a live line never wraps (a wrapped row would not be cleared).
std::string fitted(const std::string& text, int columns) {
    const auto starts_character = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
    size_t characters = 0;
    for (const char c : text) characters += starts_character(c) ? 1 : 0;
    if (columns <= 1 || characters <= static_cast<size_t>(columns)) return text;
    size_t kept = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (starts_character(text[i]) && ++kept == static_cast<size_t>(columns))
            return text.substr(0, i) + "…";
    }
    return text;
}

// Each line of `text` with `prefix`, every line ended by "\n".
std::string prefixed(const std::string& text, const std::string& prefix) {
    std::string out;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        out += prefix;
        out.append(text, start, end - start);
        out += '\n';
        start = end + 1;
    }
    if (text.empty()) out = prefix + "\n";
    return out;
}

class ConsoleSink : public spdlog::sinks::base_sink<std::mutex> {
protected:
    void sink_it_(const spdlog::details::log_msg& message) override {
        spdlog::memory_buf_t formatted;
        formatter_->format(message, formatted);
        std::string text(formatted.data(), formatted.size());
        if (!text.empty() && text.back() == '\n') text.pop_back();
        console().print(Stream::err, text);
    }
    void flush_() override {}
};

}  // namespace

std::string LineScope::prefix() const {
    std::string out;
    if (!context.empty()) out += "[" + context + "] ";
    if (!manifest.empty()) out += manifest + ": ";
    return out;
}

std::function<void(const std::function<void()>&)> in_this_scope() {
    return [scope = ScopedLines::current()](const std::function<void()>& body) {
        const ScopedLines lines(scope);
        body();
    };
}

ScopedLines::ScopedLines(LineScope scope) : previous_(std::move(current_scope)) {
    current_scope = std::move(scope);
}

ScopedLines::~ScopedLines() {
    current_scope = std::move(previous_);
}

const LineScope& ScopedLines::current() {
    return current_scope;
}

Console::Console(std::ostream& out, std::ostream& err, ConsoleSettings settings)
    : out_(out), err_(err), settings_(settings) {}

void Console::reset(ConsoleSettings settings) {
    const std::lock_guard<std::mutex> lock(mutex_);
    clear_locked();
    live_.clear();
    settings_ = settings;
}

void Console::print(Stream stream, const std::string& text) {
    const std::string lines = prefixed(text, ScopedLines::current().prefix());
    const std::lock_guard<std::mutex> lock(mutex_);
    write_locked(stream, lines);
}

void Console::change(Stream stream, const std::string& line) {
    const LineScope& scope = ScopedLines::current();
    const bool on_terminal = stream == Stream::err || settings_.out_is_terminal;
    if (settings_.live && on_terminal && !scope.context.empty()) {
        live(line);
        return;
    }
    print(stream, line);
}

void Console::live(const std::string& text) {
    const LineScope& scope = ScopedLines::current();
    const std::string line = scope.prefix() + text;
    const std::lock_guard<std::mutex> lock(mutex_);
    if (!settings_.live) return;
    clear_locked();
    bool found = false;
    for (auto& [key, shown] : live_) {
        if (key == scope.live_key()) {
            shown = line;
            found = true;
        }
    }
    if (!found) live_.emplace_back(scope.live_key(), line);
    draw_locked();
}

void Console::end_live() {
    const std::string& key = ScopedLines::current().live_key();
    const std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = live_.begin(); it != live_.end(); ++it) {
        if (it->first != key) continue;
        clear_locked();
        live_.erase(it);
        draw_locked();
        return;
    }
}

void Console::write_locked(Stream stream, const std::string& text) {
    // Live lines are on stderr; stdout shares the screen only when it is the terminal too.
    const bool covers_live = drawn_ > 0 && (stream == Stream::err || settings_.out_is_terminal);
    if (covers_live) clear_locked();
    std::ostream& target = stream == Stream::out ? out_ : err_;
    target << text << std::flush;
    if (covers_live) draw_locked();
}

// From the end of the last live row: each row cleared, bottom up, ending at the start of
// the first one, where the next output begins.
void Console::clear_locked() {
    if (drawn_ == 0) return;
    std::string erase = "\r\033[K";
    for (size_t row = 1; row < drawn_; ++row) erase += "\033[A\033[K";
    err_ << erase << std::flush;
    drawn_ = 0;
}

// The live lines, the last one not ended so that the cursor stays on it.
void Console::draw_locked() {
    if (live_.empty()) return;
    std::string rows;
    for (size_t i = 0; i < live_.size(); ++i) {
        if (i > 0) rows += "\n";
        rows += fitted(live_[i].second, settings_.width - 1);
    }
    err_ << rows << std::flush;
    drawn_ = live_.size();
}

Console& console() {
    static Console instance(std::cout, std::cerr);
    return instance;
}

ConsoleSettings terminal_settings(bool verbose_or_quiet) {
    ConsoleSettings settings;
    settings.live = !verbose_or_quiet && isatty(fileno(stderr)) == 1;
    settings.out_is_terminal = isatty(fileno(stdout)) == 1;
    winsize size{};
    if (ioctl(fileno(stderr), TIOCGWINSZ, &size) == 0 && size.ws_col > 0) settings.width = size.ws_col;
    return settings;
}

std::shared_ptr<spdlog::sinks::sink> console_sink() {
    return std::make_shared<ConsoleSink>();
}

}  // namespace planton::cli
