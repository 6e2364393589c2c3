// A work budget: what one call may cost before it is refused, so that no single call into the
// engine blocks a page or its worker for more than about a second.
//
// Cost is counted in multiply-add equivalents, calibrated so that one is about 1 ns of the SIMD
// build on this project's 2-core machine (the baseline build takes up to twice as long):
//   one example, forward:   P + 32 N          (P parameters, N neurons: an activation such as
//                                              tanh costs some 30 multiply-adds)
//   one training step:      3 B (P + 32 N)    forward, backward to the weights and to the layer
//                           + 24 P            below; the transposed copy of the weights and the
//                             (96 P past 64k)  (weights that do not fit the cache are streamed)
//                           + 300 L + 1000    optimizer's sweep; per-layer and per-step overhead
//   a measuring pass:       2 × examples × (P + 32 N)  (metrics, loss, grid: in chunks of 256
//                                              rows that re-read the weights and write every
//                                              neuron's output)
// Measured (SIMD, Node 20): [2,8x16,1] batch 1 is 55 µs a step (estimate 69k), [2,512,512,1]
// batch 64 56-100 ms (79M), [2,1024,1024,1] batch 16 96-205 ms (153M), a 100x100 grid of [2,8x16,1]
// 125 ms (122M).
//
#pragma once

#include <cstdint>
#include <string>

#include "config.hpp"
#include "status.hpp"

namespace bp {

struct Budget {
  static constexpr double max_work = 1.5e9;      // multiply-add equivalents per call (~1.5 s at most)
  static constexpr double activation_cost = 32;  // per neuron and example
  static constexpr double weight_sweeps = 24;    // per parameter and training step, weights in cache
  static constexpr double weight_streams = 96;   // the same for weights past the cache (256 KiB)
  static constexpr double layer_overhead = 300;  // per layer and training step
  static constexpr double step_overhead = 1000;  // per training step, whatever its size
  static constexpr double max_grid_floats = 64.0 * 1024 * 1024;  // evaluateGrid's buffer: 256 MiB
};

/// Weights and biases of the network: Σ out × (in + 1).
inline double parameter_count(const NetworkConfig& c) {
  double n = 0;
  for (std::size_t l = 1; l < c.layers.size(); ++l) n += static_cast<double>(c.layers[l]) * (c.layers[l - 1] + 1.0);
  return n;
}

/// One example's forward pass.
inline double example_cost(const NetworkConfig& c) {
  double neurons = 0;
  for (std::size_t l = 1; l < c.layers.size(); ++l) neurons += c.layers[l];
  return parameter_count(c) + Budget::activation_cost * neurons;
}

/// `steps` minibatch updates.
inline double train_cost(const NetworkConfig& c, double steps) {
  const double layers = static_cast<double>(c.layers.size()) - 1;
  const double p = parameter_count(c);
  const double sweep = p <= 65536 ? Budget::weight_sweeps : Budget::weight_streams;
  return steps * (3.0 * c.batch_size * example_cost(c) + sweep * p +
                  Budget::layer_overhead * layers + Budget::step_overhead);
}

/// A forward pass over `examples` (metrics, loss, an n×n grid).
inline double measure_cost(const NetworkConfig& c, double examples) { return 2.0 * examples * example_cost(c); }

/// Refuses `cost` over the budget: "<call> would cost about N multiply-adds (limit M, about 1 s); <split>".
inline Status within_budget(double cost, const std::string& call, const std::string& split) {
  if (cost <= Budget::max_work) return {};
  auto rounded = [](double x) { return std::to_string(static_cast<long long>(x / 1e6)) + " million"; };
  return Status::error(call + " would cost about " + rounded(cost) + " multiply-adds (limit " +
                       rounded(Budget::max_work) + ", about 1 s of work); " + split);
}

/// Steps of `c` that fit in one call (at least 0).
inline std::int64_t steps_within_budget(const NetworkConfig& c) {
  return static_cast<std::int64_t>(Budget::max_work / train_cost(c, 1));
}

}  // namespace bp
