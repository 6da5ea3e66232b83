#include "subprocess.hpp"

#include <algorithm>
#include <cerrno>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace planton::kube {
namespace {

constexpr size_t kMaxErrors = 64 * 1024;

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (std::string& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

// Reads stdout and stderr until both end, the time is up or stdout grows too large.
void collect(int out_fd, int err_fd, std::chrono::milliseconds timeout, size_t max_output,
             ProcessResult& result) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    char buffer[8192];
    while (fds[0].fd >= 0 || fds[1].fd >= 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (timeout.count() > 0 && left.count() <= 0) {
            result.timed_out = true;
            return;
        }
        const int wait_ms =
            timeout.count() > 0 ? static_cast<int>(std::min<long long>(left.count(), 1000)) : 1000;
        const int ready = poll(fds, 2, wait_ms);
        if (ready <= 0) continue;  // EINTR or nothing yet
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0) continue;
            const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                fds[i].fd = -1;  // end of this stream
                continue;
            }
            std::string& target = i == 0 ? result.output : result.errors;
            target.append(buffer, static_cast<size_t>(n));
            if (i == 0 && target.size() > max_output) {
                result.too_large = true;
                return;
            }
            if (i == 1 && target.size() > kMaxErrors) target.erase(0, target.size() - kMaxErrors);
        }
    }
}

}  // namespace

int run_process(const std::vector<std::string>& argv, const std::vector<std::string>& environment,
                std::chrono::milliseconds timeout, size_t max_output, ProcessResult& result) {
    int out[2];
    int err[2];
    if (pipe2(out, O_CLOEXEC) != 0) return errno;
    if (pipe2(err, O_CLOEXEC) != 0) {
        const int error = errno;
        close(out[0]);
        close(out[1]);
        return error;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);

    std::vector<std::string> argv_copy = argv;
    std::vector<std::string> env_copy = environment;
    std::vector<char*> argv_pointers = pointers(argv_copy);
    std::vector<char*> env_pointers = pointers(env_copy);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, argv_copy.front().c_str(), &actions, nullptr, argv_pointers.data(),
                                env_pointers.data());
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    close(err[1]);
    if (rc == 0) collect(out[0], err[0], timeout, max_output, result);
    close(out[0]);
    close(err[0]);
    if (rc != 0) return rc;
    if (result.timed_out || result.too_large) kill(pid, SIGKILL);
    while (waitpid(pid, &result.status, 0) < 0 && errno == EINTR) {
    }
    return 0;
}

}  // namespace planton::kube
