#include "cli/progress_line.hpp"

#include <cstdio>

#include <spdlog/spdlog.h>
#include <unistd.h>

namespace planton::cli {

ProgressLine::ProgressLine()
    : live_(isatty(fileno(stderr)) == 1 && spdlog::should_log(spdlog::level::info) &&
            !spdlog::should_log(spdlog::level::debug)) {}

ProgressLine::~ProgressLine() {
    clear();
}

void ProgressLine::update(const std::string& text) {
    if (!live_) {
        spdlog::info("{}", text);
        return;
    }
    spdlog::default_logger()->flush();
    std::fprintf(stderr, "\r\033[K%s", text.c_str());
    std::fflush(stderr);
    shown_ = true;
}

void ProgressLine::clear() {
    if (!shown_) return;
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    shown_ = false;
}

}  // namespace planton::cli
