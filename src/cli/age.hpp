#pragma once
// Ages as kubectl prints them in its AGE and LAST SEEN columns.
#include <chrono>
#include <string>

namespace planton::cli {

// kubectl's HumanDuration (k8s.io/apimachinery/pkg/util/duration): about two
// significant figures, "45s", "119s", "2m5s", "10m", "3h", "5h20m", "2d3h", "400d", "3y12d";
// a little in the future (clock skew of up to 1 s) is "0s", more is "<invalid>".
std::string age_text(std::chrono::seconds age);

// The age at `now` of an RFC 3339 time as the API server writes it;
// "<unknown>" when `time` is empty or not such a time (kubectl's word for a zero time).
std::string age_since(const std::string& time, std::chrono::system_clock::time_point now);

}  // namespace planton::cli
