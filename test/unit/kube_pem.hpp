#pragma once
// PEM-shaped text for configuration tests that never reach TLS (resolution only checks
// the markers), and its base64 as a kubeconfig's *-data fields hold it.
namespace planton::test {

inline constexpr const char* kFakeCaPem =
    "-----BEGIN CERTIFICATE-----\nQ0EgY2VydA==\n-----END CERTIFICATE-----\n";
inline constexpr const char* kFakeCertPem =
    "-----BEGIN CERTIFICATE-----\nY2xpZW50\n-----END CERTIFICATE-----\n";
inline constexpr const char* kFakeKeyPem = "-----BEGIN PRIVATE KEY-----\na2V5\n-----END PRIVATE KEY-----\n";
// base64 of kFakeCaPem, kFakeCertPem and kFakeKeyPem.
inline constexpr const char* kFakeCaData =
    "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tClEwRWdZMlZ5ZEE9PQotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==";
inline constexpr const char* kFakeCertData =
    "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tClkyeHBaVzUwCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K";
inline constexpr const char* kFakeKeyData =
    "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCmEyVjUKLS0tLS1FTkQgUFJJVkFURSBLRVktLS0tLQo=";

}  // namespace planton::test
