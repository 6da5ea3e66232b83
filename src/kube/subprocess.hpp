#pragma once
// Running a helper program (an exec credential plugin) with a time limit and its
// stdout and stderr captured. Private to the kube layer.
#include <chrono>
#include <string>
#include <vector>

namespace planton::kube {

struct ProcessResult {
    std::string output;  // stdout, up to `max_output` bytes
    std::string errors;  // stderr, its last 64 KiB at most
    int status = 0;      // as waitpid gives it
    bool timed_out = false;
    bool too_large = false;  // stdout passed max_output; the process was killed
};

// Runs argv[0] (searched in PATH when it has no '/') with `environment`, stdin from
// /dev/null. Returns 0 and fills `result`, or the errno of a spawn that failed (ENOENT:
// not found). A process still running after `timeout` (zero: none) is killed.
int run_process(const std::vector<std::string>& argv, const std::vector<std::string>& environment,
                std::chrono::milliseconds timeout, size_t max_output, ProcessResult& result);

}  // namespace planton::kube
