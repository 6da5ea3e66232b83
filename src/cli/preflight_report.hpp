#pragma once
// How apply and diff show preflight's findings on stderr: notes of skipped checks, the
// node coverage line when some node will not run a pod, warnings. Errors are the
// caller's (apply stops with them, diff prints them after the diff).
#include "planton/kube/preflight.hpp"

namespace planton::cli {

void print_preflight(const kube::PreflightResult& preflight);

}  // namespace planton::cli
