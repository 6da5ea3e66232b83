#pragma once
// A Clock for unit tests: time moves only when the code under test sleeps (or the test
// advances it), every sleep is recorded, and the jitter is fixed.
#include <chrono>
#include <vector>

#include "planton/kube/clock.hpp"

namespace planton::test {

class FakeClock : public kube::Clock {
public:
    std::chrono::steady_clock::time_point steady{std::chrono::hours(1000)};
    std::chrono::system_clock::time_point wall{std::chrono::seconds(1700000000)};  // 2023-11-14T22:13:20Z
    std::vector<std::chrono::milliseconds> sleeps;
    double fraction = 0.5;

    std::chrono::steady_clock::time_point now() override { return steady; }
    std::chrono::system_clock::time_point wall_now() override { return wall; }
    void sleep_for(std::chrono::milliseconds duration) override {
        sleeps.push_back(duration);
        advance(duration);
    }
    double random_fraction() override { return fraction; }

    void advance(std::chrono::milliseconds duration) {
        steady += duration;
        wall += duration;
    }
};

}  // namespace planton::test
