// An independent double-precision reference network for the tests: the same architecture
// and parameter layout as bp::Session, written with <cmath> and no code shared with core/.
#pragma once

#include <cmath>
#include <vector>

#include "config.hpp"

namespace reference {

struct Network {
  std::vector<int> widths;                // input, hidden..., output
  std::vector<bp::Activation> functions;  // one per weight layer (hidden ones, then the output)
  bp::Loss loss = bp::Loss::mse;
  bp::Regularization regularization = bp::Regularization::none;
  double lambda = 0;

  std::size_t parameter_count() const {
    std::size_t n = 0;
    for (std::size_t l = 1; l < widths.size(); ++l) n += static_cast<std::size_t>(widths[l]) * (widths[l - 1] + 1);
    return n;
  }

  // The output activations of one example; theta is [W_0 b_0 W_1 b_1 ...], W_l (out, in).
  std::vector<double> forward(const std::vector<double>& theta, const double* x, std::vector<double>* z_out = nullptr) const {
    std::vector<double> a(x, x + widths[0]);
    std::size_t offset = 0;
    for (std::size_t l = 1; l < widths.size(); ++l) {
      const int in = widths[l - 1], out = widths[l];
      std::vector<double> z(static_cast<std::size_t>(out));
      for (int o = 0; o < out; ++o) {
        double sum = theta[offset + static_cast<std::size_t>(out) * in + o];
        for (int i = 0; i < in; ++i) sum += theta[offset + static_cast<std::size_t>(o) * in + i] * a[i];
        z[o] = sum;
      }
      offset += static_cast<std::size_t>(out) * (in + 1);
      a = activate(z, functions[l - 1]);
      if (z_out) *z_out = z;
    }
    return a;
  }

  static std::vector<double> activate(const std::vector<double>& z, bp::Activation f) {
    std::vector<double> a(z.size());
    double max = z[0], sum = 0;
    for (double v : z) max = std::max(max, v);
    for (double v : z) sum += std::exp(v - max);
    for (std::size_t k = 0; k < z.size(); ++k) {
      const double v = z[k];
      switch (f) {
        case bp::Activation::linear: a[k] = v; break;
        case bp::Activation::relu: a[k] = v > 0 ? v : 0; break;
        case bp::Activation::leaky_relu: a[k] = v > 0 ? v : 0.01 * v; break;
        case bp::Activation::tanh: a[k] = std::tanh(v); break;
        case bp::Activation::sigmoid: a[k] = 1 / (1 + std::exp(-v)); break;
        case bp::Activation::softplus: a[k] = std::log1p(std::exp(v)); break;
        case bp::Activation::softmax: a[k] = std::exp(v - max) / sum; break;
      }
    }
    return a;
  }

  double example_loss(const std::vector<double>& a, const double* t) const {
    double sum = 0;
    for (std::size_t k = 0; k < a.size(); ++k) {
      switch (loss) {
        case bp::Loss::mse: sum += 0.5 * (a[k] - t[k]) * (a[k] - t[k]); break;
        case bp::Loss::bce: sum -= t[k] * std::log(a[k]) + (1 - t[k]) * std::log(1 - a[k]); break;
        case bp::Loss::softmax_cross_entropy: sum -= t[k] * std::log(a[k]); break;
      }
    }
    return sum;
  }

  // Mean loss over `count` examples, plus λ Σ R(w) over the weights when asked.
  double objective(const std::vector<double>& theta, const std::vector<double>& x, const std::vector<double>& t,
                   int count, bool with_regularization) const {
    double total = 0;
    for (int r = 0; r < count; ++r)
      total += example_loss(forward(theta, &x[static_cast<std::size_t>(r) * widths[0]]),
                            &t[static_cast<std::size_t>(r) * widths.back()]);
    total /= count;
    if (!with_regularization) return total;
    double penalty = 0;
    std::size_t offset = 0;
    for (std::size_t l = 1; l < widths.size(); ++l) {
      const std::size_t n_w = static_cast<std::size_t>(widths[l]) * widths[l - 1];
      for (std::size_t i = 0; i < n_w; ++i) {
        const double w = theta[offset + i];
        penalty += regularization == bp::Regularization::l1 ? std::fabs(w)
                   : regularization == bp::Regularization::l2 ? 0.5 * w * w : 0.0;
      }
      offset += n_w + static_cast<std::size_t>(widths[l]);
    }
    return total + lambda * penalty;
  }

  // Central finite differences of objective(), h = 1e-6: truncation error O(h²) ≈ 1e-12 and
  // rounding error ≈ 1e-16 / h ≈ 1e-10, far below the float32 engine's own error.
  std::vector<double> numerical_gradient(std::vector<double> theta, const std::vector<double>& x,
                                         const std::vector<double>& t, int count, bool with_regularization) const {
    const double h = 1e-6;
    std::vector<double> g(theta.size());
    for (std::size_t i = 0; i < theta.size(); ++i) {
      const double saved = theta[i];
      theta[i] = saved + h;
      const double up = objective(theta, x, t, count, with_regularization);
      theta[i] = saved - h;
      const double down = objective(theta, x, t, count, with_regularization);
      theta[i] = saved;
      g[i] = (up - down) / (2 * h);
    }
    return g;
  }
};

/// The reference network of an engine configuration (its data loss: no regularization).
inline Network of(const bp::NetworkConfig& c) {
  Network net;
  net.widths = c.layers;
  net.functions = c.activations;
  net.functions.push_back(c.output);
  net.loss = c.loss;
  return net;
}

}  // namespace reference
