#include <catch2/catch.hpp>

#include "planton/kube/node_list.hpp"

#include "fake_transport.hpp"

using nlohmann::json;
using planton::kube::Client;
using planton::kube::list_nodes_for_coverage;
using planton::test::FakeTransport;

namespace {

std::string page(const std::vector<std::string>& names, const std::string& token) {
    json body = {{"kind", "NodeList"}, {"metadata", {{"resourceVersion", "7"}}}, {"items", json::array()}};
    if (!token.empty()) body["metadata"]["continue"] = token;
    for (const auto& name : names) {
        body["items"].push_back({{"metadata", {{"name", name}, {"labels", {{"zone", "a"}}}, {"annotations", {{"x", "y"}}}}},
                                 {"spec", {{"taints", json::array({{{"key", "k"}, {"effect", "NoSchedule"}}})},
                                           {"podCIDR", "10.0.0.0/24"}}},
                                 {"status", {{"images", json::array({{{"names", {"big"}}}})}}}});
    }
    return body.dump();
}

std::vector<std::string> names(const json& list) {
    std::vector<std::string> out;
    for (const auto& node : list["items"]) out.push_back(node["metadata"]["name"].get<std::string>());
    return out;
}

}  // namespace

TEST_CASE("nodes: listed page by page with limit and continue, each node cut to what coverage reads",
          "[kube][node_list]") {
    FakeTransport fake;
    fake.push(200, page({"a", "b"}, "tok/1"));
    fake.push(200, page({"c"}, ""));
    Client client(fake);
    const auto listing = list_nodes_for_coverage(client, 2);
    REQUIRE_FALSE(listing.failed);
    REQUIRE(fake.requests.size() == 2);
    CHECK(fake.requests[0].path == "/api/v1/nodes?limit=2");
    CHECK(fake.requests[1].path == "/api/v1/nodes?limit=2&continue=tok%2F1");
    CHECK(names(listing.list) == std::vector<std::string>{"a", "b", "c"});
    const json& a = listing.list["items"][0];
    CHECK(a["metadata"]["labels"] == json{{"zone", "a"}});
    CHECK(a["spec"]["taints"].size() == 1);
    CHECK_FALSE(a["metadata"].contains("annotations"));
    CHECK_FALSE(a["spec"].contains("podCIDR"));
    CHECK_FALSE(a.contains("status"));
}

TEST_CASE("nodes: an expired continue token (410) lists again from the start, once", "[kube][node_list]") {
    FakeTransport fake;
    fake.push(200, page({"a"}, "old"));
    fake.push(410, R"({"kind":"Status","code":410,"reason":"Expired","message":"The provided continue parameter is too old"})");
    fake.push(200, page({"a"}, "new"));
    fake.push(200, page({"b"}, ""));
    Client client(fake);
    const auto listing = list_nodes_for_coverage(client, 1);
    REQUIRE_FALSE(listing.failed);
    REQUIRE(fake.requests.size() == 4);
    CHECK(fake.requests[2].path == "/api/v1/nodes?limit=1");
    CHECK(names(listing.list) == std::vector<std::string>{"a", "b"});

    FakeTransport again;
    again.push(200, page({"a"}, "old"));
    again.push(410, R"({"kind":"Status","code":410})");
    again.push(200, page({"a"}, "new"));
    again.push(410, R"({"kind":"Status","code":410})");
    Client second(again);
    const auto failed = list_nodes_for_coverage(second, 1);
    REQUIRE(failed.failed);
    CHECK(failed.failed->response.status == 410);
    CHECK(failed.list.is_null());
}

TEST_CASE("nodes: a refused page is returned as the failure", "[kube][node_list]") {
    FakeTransport fake;
    fake.push(403, R"({"kind":"Status","code":403,"reason":"Forbidden","message":"nodes is forbidden"})");
    Client client(fake);
    const auto listing = list_nodes_for_coverage(client);
    REQUIRE(listing.failed);
    CHECK(listing.failed->response.status == 403);
    CHECK(fake.requests[0].path == "/api/v1/nodes?limit=500");
}
