// The work budget (core/budget.hpp) and the grid's size checks (issue 10, points 1, 2 and 5).
// The 32-bit wrap itself is only visible in the wasm builds: tests/wasm/hostile.test.mjs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "budget.hpp"
#include "config.hpp"
#include "data.hpp"
#include "session.hpp"

namespace {

bp::NetworkConfig network(std::vector<int> layers, int batch_size = 10) {
  bp::NetworkConfig c;
  c.layers = std::move(layers);
  c.activations.assign(c.layers.size() - 2, bp::Activation::tanh);
  c.batch_size = batch_size;
  return c;
}

std::vector<int> with_hidden(int count, int width) {
  std::vector<int> layers{2};
  layers.insert(layers.end(), static_cast<std::size_t>(count), width);
  layers.push_back(1);
  return layers;
}

}  // namespace

TEST_CASE("limits: the cost model counts parameters, neurons, steps and examples", "[bad-input][limits]") {
  const auto c = network({2, 4, 2, 1});
  CHECK(bp::parameter_count(c) == 4 * 3 + 2 * 5 + 1 * 3);
  CHECK(bp::example_cost(c) == 25 + 32 * 7);
  CHECK(bp::train_cost(c, 2) == 2 * bp::train_cost(c, 1));
  CHECK(bp::measure_cost(c, 100) == 2 * 100 * bp::example_cost(c));
  // Weights past the cache cost more per step than their share of the multiply-adds.
  const auto wide = network({2, 1024, 1024, 1}, 1);
  CHECK(bp::train_cost(wide, 1) > 3 * bp::example_cost(wide) + 24 * bp::parameter_count(wide));
}

TEST_CASE("limits: the issue's blocking calls are over the budget, the page's are within it", "[bad-input][limits]") {
  // Issue 10, point 5: each of these took 2 to 76 s.
  CHECK(bp::train_cost(network(with_hidden(16, 1024), 256), 1) > bp::Budget::max_work);
  CHECK(bp::measure_cost(network({2, 1024, 1024, 1}), 100000) > bp::Budget::max_work);
  CHECK(bp::train_cost(network({2, 4, 2, 1}), 1e7) > bp::Budget::max_work);
  CHECK(bp::train_cost(network(with_hidden(16, 900), 4096), 1) > bp::Budget::max_work);  // bp-train's 76 s step
  // The page: a frame of 10 epochs of 1,800 examples at batch 1 on [2, 8x16, 1], its grid, its metrics.
  const auto page = network(with_hidden(8, 16), 1);
  CHECK(bp::train_cost(page, 18000) + bp::measure_cost(page, 2000) <= bp::Budget::max_work);
  CHECK(bp::measure_cost(page, 100 * 100) <= bp::Budget::max_work);
  CHECK(bp::steps_within_budget(page) >= 18000);
}

TEST_CASE("limits: a refusal names the cost, the limit and how to split", "[bad-input][limits]") {
  CHECK(bp::within_budget(bp::Budget::max_work, "train(5)", "split it").ok());
  const bp::Status s = bp::within_budget(3e9, "train(5)", "call it in parts of at most 2 steps");
  REQUIRE_FALSE(s.ok());
  CHECK(s.message() ==
        "train(5) would cost about 3000 million multiply-adds (limit 1500 million, about 1 s of work); "
        "call it in parts of at most 2 steps");
}

TEST_CASE("limits: evaluate_grid checks the buffer size in 64 bits and writes nothing when refused", "[bad-input][limits]") {
  bp::DataConfig data_config;
  data_config.count = 20;
  auto data = bp::make_dataset(data_config);
  REQUIRE(data.ok());
  auto session = bp::Session::create(network(with_hidden(16, 256)), *data);
  REQUIRE(session.ok());
  bp::Session& s = **session;
  REQUIRE(s.grid_neuron_count() == 4099);
  // 1024² × 4099 = 4,298,113,024 floats: 3,145,728 if the product wrapped at 2³².
  const std::uint64_t needed = 1024ull * 1024ull * 4099ull;
  std::vector<float> small(3145728, -7.0f);
  const bp::Status refused = s.evaluate_grid(1024, small.data(), small.size());
  REQUIRE_FALSE(refused.ok());
  INFO(refused.message());
  if (sizeof(std::size_t) == 8) CHECK_THAT(refused.message(), Catch::Contains(std::to_string(needed)));
  CHECK(std::all_of(small.begin(), small.end(), [](float v) { return v == -7.0f; }));
  std::vector<float> grid(4 * 4 * 4099);
  CHECK(s.evaluate_grid(4, grid.data(), grid.size()).ok());
}
