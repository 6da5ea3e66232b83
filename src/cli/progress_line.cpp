#include "cli/progress_line.hpp"

#include <spdlog/spdlog.h>

#include "cli/console.hpp"

namespace planton::cli {

ProgressLine::ProgressLine() : live_(console().live_enabled()) {}

ProgressLine::~ProgressLine() {
    clear();
}

void ProgressLine::update(const std::string& text) {
    if (!live_) {
        spdlog::info("{}", text);
        return;
    }
    console().live(text);
    shown_ = true;
}

void ProgressLine::clear() {
    if (!shown_) return;
    console().end_live();
    shown_ = false;
}

}  // namespace planton::cli
