#pragma once
// Reading the small files cluster access needs (kubeconfigs, certificates, tokens) and
// resolving the relative paths kubeconfigs contain.
#include <optional>
#include <string>

namespace planton::kube {

// The whole file, or nullopt with `error` set to the system's reason
// ("No such file or directory"). Refuses files over 16 MiB (a kubeconfig or
// certificate never is), since they would only waste memory.
std::optional<std::string> read_small_file(const std::string& path, std::string& error);

// The folder of a file path ("." for a bare name).
std::string folder_of(const std::string& path);

// `path` unchanged when absolute or empty, else joined to `base_dir` (kubectl resolves
// kubeconfig paths against the folder of the file that names them).
std::string resolve_against(const std::string& base_dir, const std::string& path);

}  // namespace planton::kube
