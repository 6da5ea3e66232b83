#include "planton/render/render.hpp"

#include "planton/error.hpp"

namespace planton::render {

Result render(const manifest::Document& /*doc*/, const Options& /*options*/) {
    throw Error("rendering is not implemented yet");
}

}  // namespace planton::render
