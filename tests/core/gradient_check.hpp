// How close a float32 gradient must come to its double-precision finite differences, for every
// gradient test (weights: test_gradients.cpp; inputs: test_input_gradient.cpp).
//
// The engine runs in float32 (ε = 6e-8) with its own exp/tanh (≤ 2e-7 relative). Through three
// layers of sums of a few terms, a gradient component carries a rounding error of at most a few
// hundred ε relative to the largest terms that were summed into it. We therefore accept
// |g - g_fd| ≤ 1e-4 |g_fd| + 1e-5 max|g_fd|: the first term for ordinary components, the second
// for components that are small because their terms cancel. A wrong derivative (a missing f', a
// sign, a transposed W) misses by orders of magnitude.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

template <typename T>
void require_close(const std::vector<T>& engine, const std::vector<double>& expected, const std::string& what) {
  REQUIRE(engine.size() == expected.size());
  double scale = 0;
  for (double g : expected) scale = std::max(scale, std::fabs(g));
  REQUIRE(scale > 0);
  for (std::size_t i = 0; i < engine.size(); ++i) {
    INFO(what << ": component " << i << " backprop " << engine[i] << " finite differences " << expected[i]);
    REQUIRE(std::fabs(static_cast<double>(engine[i]) - expected[i]) <= 1e-4 * std::fabs(expected[i]) + 1e-5 * scale);
  }
}
