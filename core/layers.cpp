#include "layers.hpp"

#include "math.hpp"

namespace bp {

void dense_forward(float* z, const float* in, const float* w, const float* b, int rows, int in_dim,
                   int out_dim) {
  for (int r = 0; r < rows; ++r) {
    const float* x = in + static_cast<std::ptrdiff_t>(r) * in_dim;
    float* out = z + static_cast<std::ptrdiff_t>(r) * out_dim;
    for (int o = 0; o < out_dim; ++o) {
      const float* w_row = w + static_cast<std::ptrdiff_t>(o) * in_dim;
      float sum = 0.0f;
      for (int i = 0; i < in_dim; ++i) sum += x[i] * w_row[i];
      out[o] = sum + b[o];
    }
  }
}

void dense_backward(float* d_in, float* d_w, float* d_b, const float* d_z, const float* in, const float* w,
                    int rows, int in_dim, int out_dim) {
  for (int r = 0; r < rows; ++r) {
    const float* delta = d_z + static_cast<std::ptrdiff_t>(r) * out_dim;
    const float* x = in + static_cast<std::ptrdiff_t>(r) * in_dim;
    for (int o = 0; o < out_dim; ++o) {
      float* d_w_row = d_w + static_cast<std::ptrdiff_t>(o) * in_dim;
      for (int i = 0; i < in_dim; ++i) d_w_row[i] += delta[o] * x[i];
      d_b[o] += delta[o];
    }
  }
  if (d_in == nullptr) return;
  for (int r = 0; r < rows; ++r) {
    const float* delta = d_z + static_cast<std::ptrdiff_t>(r) * out_dim;
    float* out = d_in + static_cast<std::ptrdiff_t>(r) * in_dim;
    for (int i = 0; i < in_dim; ++i) out[i] = 0.0f;
    for (int o = 0; o < out_dim; ++o) {
      const float* w_row = w + static_cast<std::ptrdiff_t>(o) * in_dim;
      for (int i = 0; i < in_dim; ++i) out[i] += delta[o] * w_row[i];
    }
  }
}

void activation_forward(float* a, const float* z, int rows, int width, Activation f) {
  const int n = rows * width;
  switch (f) {
    case Activation::linear:
      for (int i = 0; i < n; ++i) a[i] = z[i];
      break;
    case Activation::relu:
      for (int i = 0; i < n; ++i) a[i] = z[i] > 0.0f ? z[i] : 0.0f;
      break;
    case Activation::leaky_relu:
      for (int i = 0; i < n; ++i) a[i] = z[i] > 0.0f ? z[i] : leaky_relu_slope * z[i];
      break;
    case Activation::tanh:
      for (int i = 0; i < n; ++i) a[i] = bp::tanh(z[i]);
      break;
    case Activation::sigmoid:
      for (int i = 0; i < n; ++i) a[i] = bp::sigmoid(z[i]);
      break;
    case Activation::softplus:
      for (int i = 0; i < n; ++i) a[i] = bp::softplus(z[i]);
      break;
    case Activation::softmax:
      // a_k = e^{z_k - max z} / Σ_j e^{z_j - max z}: shifting by the max keeps e^x <= 1.
      for (int r = 0; r < rows; ++r) {
        const float* zr = z + static_cast<std::ptrdiff_t>(r) * width;
        float* ar = a + static_cast<std::ptrdiff_t>(r) * width;
        float max = zr[0];
        for (int k = 1; k < width; ++k) max = zr[k] > max ? zr[k] : max;
        float sum = 0.0f;
        for (int k = 0; k < width; ++k) {
          ar[k] = bp::exp(zr[k] - max);
          sum += ar[k];
        }
        const float inv = 1.0f / sum;
        for (int k = 0; k < width; ++k) ar[k] *= inv;
      }
      break;
  }
}

float activation_derivative(float z, float a, Activation f) {
  switch (f) {
    case Activation::linear: return 1.0f;
    case Activation::relu: return z > 0.0f ? 1.0f : 0.0f;
    case Activation::leaky_relu: return z > 0.0f ? 1.0f : leaky_relu_slope;
    case Activation::tanh: return 1.0f - a * a;          // tanh' = 1 - tanh²
    case Activation::sigmoid: return a * (1.0f - a);     // σ' = σ (1 - σ)
    case Activation::softplus: return bp::sigmoid(z);    // softplus' = σ
    case Activation::softmax: return a * (1.0f - a);     // the diagonal of the Jacobian only
  }
  return 1.0f;
}

void activation_backward(float* d_z, const float* d_a, const float* z, const float* a, int n, Activation f) {
  for (int i = 0; i < n; ++i) d_z[i] = d_a[i] * activation_derivative(z[i], a[i], f);
}

double loss_forward(const float* z, const float* a, const float* t, int rows, int width, Loss loss) {
  double total = 0.0;
  for (int r = 0; r < rows; ++r) {
    const std::ptrdiff_t row = static_cast<std::ptrdiff_t>(r) * width;
    float sum = 0.0f;
    switch (loss) {
      case Loss::mse:
        for (int k = 0; k < width; ++k) {
          const float e = a[row + k] - t[row + k];
          sum += 0.5f * e * e;
        }
        break;
      case Loss::bce:
        // -[t log σ(z) + (1 - t) log(1 - σ(z))] = max(z, 0) - z t + log(1 + e^{-|z|})
        for (int k = 0; k < width; ++k) {
          const float zk = z[row + k];
          const float abs_z = zk < 0.0f ? -zk : zk;
          sum += (zk > 0.0f ? zk : 0.0f) - zk * t[row + k] + bp::log1p(bp::exp(-abs_z));
        }
        break;
      case Loss::softmax_cross_entropy: {
        // logsumexp(z) = max z + log Σ_j e^{z_j - max z}
        float max = z[row];
        for (int k = 1; k < width; ++k) max = z[row + k] > max ? z[row + k] : max;
        float exp_sum = 0.0f;
        for (int k = 0; k < width; ++k) exp_sum += bp::exp(z[row + k] - max);
        const float log_sum_exp = max + bp::log(exp_sum);
        for (int k = 0; k < width; ++k) sum += t[row + k] * (log_sum_exp - z[row + k]);
        break;
      }
    }
    total += sum;
  }
  return total;
}

void loss_backward(float* d_z, const float* z, const float* a, const float* t, int rows, int width, Loss loss,
                   Activation output) {
  const int n = rows * width;
  if (loss == Loss::bce || loss == Loss::softmax_cross_entropy) {
    for (int i = 0; i < n; ++i) d_z[i] = a[i] - t[i];
    return;
  }
  if (output != Activation::softmax) {
    // ∂L/∂a = a - t, then through the output activation.
    for (int i = 0; i < n; ++i) d_z[i] = (a[i] - t[i]) * activation_derivative(z[i], a[i], output);
    return;
  }
  // Softmax under squared error: ∂a_j/∂z_k = a_j (1[j = k] - a_k), so with g = a - t,
  // δ_k = Σ_j g_j a_j (1[j = k] - a_k) = a_k (g_k - Σ_j a_j g_j).
  for (int r = 0; r < rows; ++r) {
    const std::ptrdiff_t row = static_cast<std::ptrdiff_t>(r) * width;
    float dot = 0.0f;
    for (int k = 0; k < width; ++k) dot += a[row + k] * (a[row + k] - t[row + k]);
    for (int k = 0; k < width; ++k) d_z[row + k] = a[row + k] * ((a[row + k] - t[row + k]) - dot);
  }
}

}  // namespace bp
