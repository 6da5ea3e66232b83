// Runs a command and prints what it cost: wall seconds (process start included), user
// and system CPU seconds, and peak RSS in KiB (from wait4 of that child alone).
// Written without C++ streams so that its own memory stays far below what it measures:
// Linux charges a child's peak RSS with the pages of the parent it was forked from.
//
//   run_measured [-q] COMMAND [ARG...]     (-q: the command's stdout goes to /dev/null)
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
    int first = 1;
    bool quiet = false;
    if (argc > 1 && std::strcmp(argv[1], "-q") == 0) {
        quiet = true;
        first = 2;
    }
    if (first >= argc) {
        std::fprintf(stderr, "usage: run_measured [-q] COMMAND [ARG...]\n");
        return 2;
    }
    timespec start{}, end{};
    clock_gettime(CLOCK_MONOTONIC, &start);
    const pid_t pid = fork();
    if (pid < 0) return 2;
    if (pid == 0) {
        if (quiet) {
            const int null = open("/dev/null", O_WRONLY);
            dup2(null, STDOUT_FILENO);
        }
        execvp(argv[first], argv + first);
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) != pid) return 2;
    clock_gettime(CLOCK_MONOTONIC, &end);
    const double wall = static_cast<double>(end.tv_sec - start.tv_sec) + static_cast<double>(end.tv_nsec - start.tv_nsec) / 1e9;
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    std::fprintf(stderr, "measured: wall %.6f user %.6f sys %.6f maxrss_kib %ld exit %d\n", wall,
                 seconds(usage.ru_utime), seconds(usage.ru_stime), usage.ru_maxrss,
                 WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return 0;
}
