#pragma once
// What planton-ds logs while a test runs, as text (pattern "%v": the messages only),
// with the record of Warning headers already shown cleared before and after, so that
// each test sees every warning it causes. Restores the previous logger when it ends.
#include <memory>
#include <sstream>
#include <string>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "planton/kube/warnings.hpp"

namespace planton::test {

class WarningLog {
public:
    WarningLog() : previous_(spdlog::default_logger()) {
        // _mt: a Watcher logs from its own thread.
        auto logger = std::make_shared<spdlog::logger>("capture",
                                                       std::make_shared<spdlog::sinks::ostream_sink_mt>(captured_));
        logger->set_pattern("%v");
        spdlog::set_default_logger(logger);
        kube::reset_reported_warnings();
    }
    ~WarningLog() {
        spdlog::set_default_logger(previous_);
        kube::reset_reported_warnings();
    }
    WarningLog(const WarningLog&) = delete;
    WarningLog& operator=(const WarningLog&) = delete;

    std::string text() const { return captured_.str(); }

private:
    std::ostringstream captured_;
    std::shared_ptr<spdlog::logger> previous_;
};

}  // namespace planton::test
