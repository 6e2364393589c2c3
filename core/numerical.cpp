#include "numerical.hpp"

#include <algorithm>
#include <cmath>

namespace bp {

namespace {

double activate(double z, Activation f) {
  switch (f) {
    case Activation::linear: return z;
    case Activation::relu: return z > 0 ? z : 0;
    case Activation::leaky_relu: return z > 0 ? z : 0.01 * z;
    case Activation::tanh: return std::tanh(z);
    case Activation::sigmoid: return 1 / (1 + std::exp(-z));
    case Activation::softplus: return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
    case Activation::softmax: break;  // per row, below
  }
  return z;
}

}  // namespace

double reference_mean_loss(const ReferenceNetwork& net, const std::vector<double>& theta, const float* inputs,
                           const float* targets, int count) {
  const int in0 = net.widths.front(), out_n = net.widths.back();
  std::vector<double> a, z;
  double total = 0;
  for (int r = 0; r < count; ++r) {
    a.assign(inputs + static_cast<std::ptrdiff_t>(r) * in0, inputs + static_cast<std::ptrdiff_t>(r + 1) * in0);
    std::size_t offset = 0;
    for (std::size_t l = 1; l < net.widths.size(); ++l) {
      const auto in = static_cast<std::size_t>(net.widths[l - 1]), out = static_cast<std::size_t>(net.widths[l]);
      z.assign(out, 0.0);
      for (std::size_t o = 0; o < out; ++o) {
        double sum = theta[offset + out * in + o];  // the bias
        for (std::size_t i = 0; i < in; ++i) sum += theta[offset + o * in + i] * a[i];
        z[o] = sum;
      }
      offset += out * (in + 1);
      const Activation f = net.functions[l - 1];
      a.resize(out);
      if (f == Activation::softmax) {
        const double max = *std::max_element(z.begin(), z.end());
        double sum = 0;
        for (std::size_t k = 0; k < out; ++k) sum += (a[k] = std::exp(z[k] - max));
        for (double& v : a) v /= sum;
      } else {
        for (std::size_t k = 0; k < out; ++k) a[k] = activate(z[k], f);
      }
    }
    const float* t = targets + static_cast<std::ptrdiff_t>(r) * out_n;
    for (int k = 0; k < out_n; ++k) {
      switch (net.loss) {
        case Loss::mse: total += 0.5 * (a[k] - t[k]) * (a[k] - t[k]); break;
        case Loss::bce: {
          // From z, as the engine: max(z, 0) - z t + log(1 + e^{-|z|}).
          const double zk = z[k];
          total += std::max(zk, 0.0) - zk * t[k] + std::log1p(std::exp(-std::fabs(zk)));
          break;
        }
        case Loss::softmax_cross_entropy:
          if (t[k] != 0) total -= t[k] * std::log(a[k]);
          break;
      }
    }
  }
  return total / count;
}

double reference_gradient(const ReferenceNetwork& net, std::vector<double> theta, std::size_t index,
                          const float* inputs, const float* targets, int count) {
  const double saved = theta[index];
  const double h = 1e-6 * std::max(1.0, std::fabs(saved));
  theta[index] = saved + h;
  const double up = reference_mean_loss(net, theta, inputs, targets, count);
  theta[index] = saved - h;
  const double down = reference_mean_loss(net, theta, inputs, targets, count);
  return (up - down) / (2 * h);
}

}  // namespace bp
