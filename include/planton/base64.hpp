#pragma once
// Base64 (RFC 4648, standard alphabet), the one codec of every layer: render encodes
// Secret data with it (objects.md: `data`, never `stringData`), kube decodes kubeconfig
// *-data fields and encodes the certificate-authority-data an exec plugin is given.
#include <optional>
#include <string>
#include <string_view>

namespace planton {

// Decodes base64 text; whitespace (line breaks of folded YAML) is skipped and padding
// is optional. nullopt when any other character is not of the alphabet.
std::optional<std::string> base64_decode(std::string_view text);

// The standard encoding, padded with '=', without line breaks.
std::string base64_encode(std::string_view bytes);

}  // namespace planton
