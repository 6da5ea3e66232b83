#include "planton/cli/app.hpp"

int main(int argc, char** argv) { return planton::cli::run(argc, argv); }
