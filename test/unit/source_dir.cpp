#include "source_dir.hpp"

namespace planton::test {

std::string source_dir() { return PLANTON_SOURCE_DIR; }

}  // namespace planton::test
