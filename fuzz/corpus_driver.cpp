// The main of the fuzz targets when they are built without libFuzzer: runs
// LLVMFuzzerTestOneInput once over each file named on the command line, and over every
// file of each folder named (sorted, so a failure is reproducible by its order). A
// property a target checks aborts the process, which fails the test; the last line
// printed names the input.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

int run_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", path.c_str());
        return 1;
    }
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::fprintf(stderr, "running %s\n", path.c_str());
    // A copy of exactly `size` bytes, so that a read past the end is caught by a
    // sanitizer as it is under libFuzzer.
    std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
    LLVMFuzzerTestOneInput(data.data(), data.size());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    int failures = 0;
    int inputs = 0;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path arg(argv[i]);
        std::vector<std::filesystem::path> files;
        if (std::filesystem::is_directory(arg)) {
            for (const auto& entry : std::filesystem::directory_iterator(arg)) {
                if (entry.is_regular_file()) files.push_back(entry.path());
            }
            std::sort(files.begin(), files.end());
            if (files.empty()) {
                std::fprintf(stderr, "no inputs in %s\n", arg.c_str());
                ++failures;
            }
        } else {
            files.push_back(arg);
        }
        for (const auto& file : files) {
            failures += run_file(file);
            ++inputs;
        }
    }
    std::printf("%d inputs run\n", inputs);
    return failures == 0 ? 0 : 1;
}
