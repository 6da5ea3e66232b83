// The floor for `planton-ds validate`: the time yaml-cpp alone takes to parse the same
// files. Reads every *.yaml/*.yml file under the given folders (recursively, sorted, as
// validate does) and runs yaml-cpp's event parser over every document with a handler
// that does nothing — the cheapest way yaml-cpp offers (planton-ds builds its tree from
// the same events). With --nodes it builds yaml-cpp's node trees instead
// (YAML::LoadAll), for comparison. Prints the files, documents and seconds spent.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

namespace {

class NoHandler : public YAML::EventHandler {
public:
    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

}  // namespace

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    bool nodes = false;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--nodes") {
            nodes = true;
            continue;
        }
        if (!fs::is_directory(arg)) {
            files.push_back(arg);
            continue;
        }
        std::vector<std::string> found;
        for (const auto& entry : fs::recursive_directory_iterator(arg)) {
            const auto ext = entry.path().extension();
            if ((ext == ".yaml" || ext == ".yml") && entry.is_regular_file()) found.push_back(entry.path().string());
        }
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    if (files.empty()) {
        std::fprintf(stderr, "usage: yaml_floor [--nodes] FILE|FOLDER...\n");
        return 2;
    }

    const auto start = std::chrono::steady_clock::now();
    long documents = 0;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        std::istringstream stream(text.str());
        try {
            if (nodes) {
                documents += static_cast<long>(YAML::LoadAll(stream).size());
            } else {
                YAML::Parser parser(stream);
                NoHandler handler;
                while (parser.HandleNextDocument(handler)) ++documents;
            }
        } catch (const YAML::Exception& e) {
            std::fprintf(stderr, "%s: %s\n", file.c_str(), e.what());
        }
    }
    const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - start;
    std::printf("%zu files, %ld documents, %.4f s\n", files.size(), documents, spent.count());
    return 0;
}
