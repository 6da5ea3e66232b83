#include <catch2/catch.hpp>

#include "cli/stack_outputs.hpp"

using nlohmann::json;
using nlohmann::ordered_json;

TEST_CASE("stack outputs: Planton's keys, in order, from the DaemonSet", "[cli][outputs]") {
    const json ds = json::parse(R"({"metadata": {"name": "fluentd", "namespace": "logging"},
      "status": {"desiredNumberScheduled": 5, "currentNumberScheduled": 4, "numberReady": 3, "numberAvailable": 2}})");
    const ordered_json outputs = planton::cli::stack_outputs(ds);
    CHECK(outputs.dump() ==
          R"({"namespace":"logging","daemonset_name":"fluentd","desired_number_scheduled":5,)"
          R"("current_number_scheduled":4,"number_ready":3})");
    CHECK(planton::cli::stack_outputs_text(outputs) ==
          "outputs:\n  namespace: logging\n  daemonset_name: fluentd\n  desired_number_scheduled: 5\n"
          "  current_number_scheduled: 4\n  number_ready: 3\n");
}

TEST_CASE("stack outputs: counts left out by the server are 0", "[cli][outputs]") {
    const json ds =
        json::parse(R"({"metadata": {"name": "x", "namespace": "y"}, "status": {"numberReady": "3"}})");
    CHECK(
        planton::cli::stack_outputs(ds).dump() ==
        R"({"namespace":"y","daemonset_name":"x","desired_number_scheduled":0,"current_number_scheduled":0,)"
        R"("number_ready":0})");
    CHECK(planton::cli::stack_outputs(json()).dump() ==
          R"({"namespace":"","daemonset_name":"","desired_number_scheduled":0,"current_number_scheduled":0,)"
          R"("number_ready":0})");
}
