// Finite differences in double precision, for the gradient check the page shows: an
// independent forward pass (plain loops, <cmath>, no SIMD, no float32) so that the numerical
// estimate does not share a line of code, or a rounding error, with backpropagation.
#pragma once

#include <vector>

#include "config.hpp"

namespace bp {

/// A network as the reference sees it: widths (input, hidden..., output), the activation of
/// each weight layer (hidden ones, then the output) and the loss.
struct ReferenceNetwork {
  std::vector<int> widths;
  std::vector<Activation> functions;
  Loss loss = Loss::mse;
};

/// Mean data loss over `count` examples, in double precision. theta is [W0 b0 W1 b1 ...] with
/// W_l (out, in); inputs (count, widths.front()), targets (count, widths.back()).
double reference_mean_loss(const ReferenceNetwork& net, const std::vector<double>& theta, const float* inputs,
                           const float* targets, int count);

/// (L(θ + h e_i) - L(θ - h e_i)) / 2h with h = 1e-6 max(1, |θ_i|): truncation error O(h²) and
/// rounding error O(1e-16 / h), both near 1e-10 for the playground's networks.
double reference_gradient(const ReferenceNetwork& net, std::vector<double> theta, std::size_t index,
                          const float* inputs, const float* targets, int count);

}  // namespace bp
