// bp-train: train a network from a JSON config and print the result as JSON.
//
//   bp-train CONFIG.json [--steps N] [--weights]     (CONFIG "-" reads standard input)
//
// CONFIG is {"network": {...}, "data": {...}, "steps": N} with the JS API's field names.
// The output holds the metrics, the time taken and an FNV-1a checksum of the bits of every
// parameter, so two builds can be compared for bit-identical training.
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "budget.hpp"
#include "checksum.hpp"
#include "data.hpp"
#include "session.hpp"

namespace {

using nlohmann::json;

int fail(const std::string& message) {
  std::cerr << "bp-train: " << message << "\n";
  return 2;
}


json to_json(const bp::Metrics& m) {
  return {{"step", m.step},
          {"epoch", m.epoch},
          {"trainLoss", m.train_loss},
          {"testLoss", m.test_loss},
          {"regularizationLoss", m.regularization_loss},
          {"trainLossRegularized", m.train_loss_regularized},
          {"testLossRegularized", m.test_loss_regularized},
          {"trainAccuracy", m.train_accuracy},
          {"testAccuracy", m.test_accuracy},
          {"diverged", m.diverged}};
}

}  // namespace

int main(int argc, char** argv) {
  std::string path;
  long long steps = -1;
  bool print_weights = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--steps" && i + 1 < argc) {
      char* end = nullptr;
      steps = std::strtoll(argv[++i], &end, 10);
      if (*end != '\0' || steps < 0) return fail("--steps must be a whole number >= 0");
    } else if (arg == "--weights") {
      print_weights = true;
    } else if (arg == "--help" || arg == "-h") {
      std::cout << "usage: bp-train CONFIG.json [--steps N] [--weights]\n";
      return 0;
    } else if (path.empty()) {
      path = arg;
    } else {
      return fail("unexpected argument '" + arg + "' (usage: bp-train CONFIG.json [--steps N] [--weights])");
    }
  }
  if (path.empty()) return fail("usage: bp-train CONFIG.json [--steps N] [--weights]");

  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::ifstream file(path);
    if (!file) return fail("cannot read " + path);
    text.assign(std::istreambuf_iterator<char>(file), {});
  }
  // Deep nesting is refused before parsing: the JSON library recurses once per level (one
  // level more than a network or data config may have, for the wrapping object).
  if (bp::Status deep = bp::check_json_depth(text, bp::Limits::max_json_depth + 1, path); !deep.ok())
    return fail(deep.message());
  const json config = json::parse(text, nullptr, false);
  if (config.is_discarded() || !config.is_object()) return fail(path + " is not a JSON object");
  for (const auto& item : config.items()) {
    if (item.key() != "network" && item.key() != "data" && item.key() != "steps")
      return fail("unknown field '" + item.key().substr(0, 40) + "' (allowed: network, data, steps)");
  }
  if (steps < 0) {
    const json s = config.value("steps", json(100));
    if (!s.is_number_integer() || s.get<long long>() < 0) return fail("steps must be a whole number >= 0");
    steps = s.get<long long>();
  }

  auto data_config = bp::parse_data_config(config.value("data", json::object()).dump());
  if (!data_config.ok()) return fail("data: " + data_config.message());
  auto network_config = bp::parse_network_config(config.value("network", json::object()).dump());
  if (!network_config.ok()) return fail("network: " + network_config.message());
  // The JS API's work budget (core/budget.hpp) for one step: runs of many steps are what this
  // tool is for, but a single step of ~1 minute ([2,900x16,1] at batch 4096) is refused.
  if (bp::Status b = bp::within_budget(bp::train_cost(*network_config, 1), "one training step of batchSize " +
          std::to_string(network_config->batch_size), "use a smaller batchSize or fewer or narrower layers"); !b.ok())
    return fail("network: " + b.message());
  auto data = bp::make_dataset(*data_config);
  if (!data.ok()) return fail("data: " + data.message());
  auto session = bp::Session::create(*network_config, *data);
  if (!session.ok()) return fail(session.message());
  bp::Session& s = **session;

  const auto start = std::chrono::steady_clock::now();
  for (long long done = 0; done < steps;) {
    const int chunk = static_cast<int>(std::min<long long>(steps - done, 1 << 20));
    if (s.train(chunk).diverged) break;
    done += chunk;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const auto params = s.parameters();
  json out = to_json(s.metrics());
  out["seconds"] = seconds;
  out["samplesPerSecond"] = seconds > 0 ? static_cast<double>(s.metrics().step) * network_config->batch_size / seconds : 0.0;
  out["parameterCount"] = params.size();
  bp::Checksum checksum;
  checksum.add(params.data(), params.size());
  out["checksum"] = checksum.hex();
  if (print_weights) out["parameters"] = std::vector<float>(params.begin(), params.end());
  std::cout << out.dump() << "\n";
  return 0;
}
