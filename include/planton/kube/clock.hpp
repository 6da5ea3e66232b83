#pragma once
// Time as the cluster code sees it: a monotonic clock for budgets, the wall clock for
// credential expiry, sleeping, and a source of jitter. Injected so that tests drive
// retries, credential expiry and waits without real sleeping.
#include <chrono>

namespace planton::kube {

class Clock {
public:
    virtual ~Clock() = default;
    virtual std::chrono::steady_clock::time_point now() = 0;
    virtual std::chrono::system_clock::time_point wall_now() = 0;
    virtual void sleep_for(std::chrono::milliseconds duration) = 0;
    // A uniformly distributed number in [0, 1), for backoff jitter.
    virtual double random_fraction() = 0;
};

// The real clock (std::chrono, std::this_thread::sleep_for, a random engine).
Clock& system_clock();

// The clock an operation's options inject (tests), else the real one.
inline Clock& clock_or_system(Clock* clock) {
    return clock != nullptr ? *clock : system_clock();
}

// How long a wait for the cluster lasts unless --timeout says otherwise: the rollout
// wait, delete --wait, and the deletion of a DaemonSet that --replace-on-immutable
// replaces. The options of each wait take it as their default.
inline constexpr std::chrono::milliseconds kDefaultWaitTimeout = std::chrono::minutes(5);

}  // namespace planton::kube
