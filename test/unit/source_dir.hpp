#pragma once
// Where the checkout is (manifests/, docs/, test fixtures), for tests that read its files.
#include <string>

namespace planton::test {

// The checkout's root folder, without a trailing slash.
std::string source_dir();

}  // namespace planton::test
