#pragma once
// Checking the failure a kube result carries: its message ("" when there is none) and
// the name of its kind ("none" when there is none), so that a check reads as one line.
#include <optional>
#include <string>

#include "planton/error.hpp"

namespace planton::test {

inline std::string message_of(const std::optional<Failure>& failure) {
    return failure ? failure->message : "";
}

inline std::string kind_of(const std::optional<Failure>& failure) {
    return failure ? failure_kind_name(failure->kind) : "none";
}

}  // namespace planton::test
