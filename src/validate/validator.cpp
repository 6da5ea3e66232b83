#include "planton/validate/validator.hpp"

namespace planton::validate {

// Placeholder until the rules land: reports nothing.
manifest::Diagnostics check(const manifest::Document& /*doc*/, const Options& /*options*/) { return {}; }

}  // namespace planton::validate
