#include "layers.hpp"

#include "math.hpp"
#include "simd.hpp"

namespace bp {

namespace {

using simd::v4f;

// ---- the dense kernels' one loop nest --------------------------------------------------------
//
// All three products of a dense layer have one form: an (m, n) matrix c whose every element is
// a sum over k in increasing order,
//   c[m, n] = c0[m, n] + Σ_k a(m, k) b[k, n]     (then + bias[n] in the forward pass)
// with c0 = 0 or c itself. b's rows are contiguous along n, so four neighbouring n are one
// vector: a(m, k) is broadcast and each lane adds its own product, which keeps the naive loop's
// order per element. A block of up to 4 rows x 2 vectors of c stays in registers over k
// (V8 spills beyond that).
struct Product {
  float* c;
  int ldc;                     // c is (m, ldc)
  const float* a;
  std::ptrdiff_t a_m, a_k;     // a(m, k) = a[m a_m + k a_k]
  const float* b;
  int ldb;                     // b is (k, ldb)
  int k_count;
  bool accumulate;             // c0 = c, else c0 = 0
  const float* bias;           // (n), or null
};

// V vectors of a row from p; the last one holds only `tail` (1 to 4) columns.
template <int V>
inline void load_row(v4f (&v)[V], const float* p, int tail) {
  for (int j = 0; j < V - 1; ++j) v[j] = simd::load(p + 4 * j);
  v[V - 1] = tail == 4 ? simd::load(p + 4 * (V - 1)) : simd::load_first(p + 4 * (V - 1), tail);
}

template <int V>
inline void store_row(float* p, const v4f (&v)[V], int tail) {
  for (int j = 0; j < V - 1; ++j) simd::store(p + 4 * j, v[j]);
  if (tail == 4)
    simd::store(p + 4 * (V - 1), v[V - 1]);
  else
    simd::store_first(p + 4 * (V - 1), v[V - 1], tail);
}

// Rows m .. m + R - 1 and columns n .. n + 4 (V - 1) + tail - 1 of c.
template <int R, int V>
void product_block(const Product& p, int m, int n, int tail) {
  v4f acc[R][V];
  for (int r = 0; r < R; ++r) {
    if (p.accumulate)
      load_row(acc[r], p.c + static_cast<std::ptrdiff_t>(m + r) * p.ldc + n, tail);
    else
      for (int j = 0; j < V; ++j) acc[r][j] = simd::broadcast(0.0f);
  }
  const float* a = p.a + m * p.a_m;
  const float* b = p.b + n;
  for (int k = 0; k < p.k_count; ++k) {
    v4f b_k[V];
    load_row(b_k, b + static_cast<std::ptrdiff_t>(k) * p.ldb, tail);
    for (int r = 0; r < R; ++r) {
      const v4f a_rk = simd::broadcast(a[r * p.a_m + k * p.a_k]);
      for (int j = 0; j < V; ++j) acc[r][j] = acc[r][j] + a_rk * b_k[j];
    }
  }
  if (p.bias != nullptr) {
    v4f bias[V];
    load_row(bias, p.bias + n, tail);
    for (int r = 0; r < R; ++r)
      for (int j = 0; j < V; ++j) acc[r][j] = acc[r][j] + bias[j];
  }
  for (int r = 0; r < R; ++r) store_row(p.c + static_cast<std::ptrdiff_t>(m + r) * p.ldc + n, acc[r], tail);
}

template <int R>
void product_rows(const Product& p, int m, int n_count) {
  int n = 0;
  for (; n + 8 <= n_count; n += 8) product_block<R, 2>(p, m, n, 4);
  const int rest = n_count - n;
  if (rest > 4)
    product_block<R, 2>(p, m, n, rest - 4);
  else if (rest > 0)
    product_block<R, 1>(p, m, n, rest);
}

void product(const Product& p, int m_count, int n_count) {
  int m = 0;
  for (; m + 4 <= m_count; m += 4) product_rows<4>(p, m, n_count);
  switch (m_count - m) {
    case 3: product_rows<3>(p, m, n_count); break;
    case 2: product_rows<2>(p, m, n_count); break;
    case 1: product_rows<1>(p, m, n_count); break;
    default: break;
  }
}

// out[i] = f(in[i]) for i < n, four at a time; the last partial vector is padded with zeros
// whose results are dropped.
template <typename F>
void map(float* out, const float* in, int n, F f) {
  int i = 0;
  for (; i + 4 <= n; i += 4) simd::store(out + i, f(simd::load(in + i)));
  if (i < n) simd::store_first(out + i, f(simd::load_first(in + i, n - i)), n - i);
}

// d_z[i] = d_a[i] * derivative(z[i], a[i]), four at a time.
template <typename F>
void scale_by_derivative(float* d_z, const float* d_a, const float* z, const float* a, int n, F derivative) {
  int i = 0;
  for (; i + 4 <= n; i += 4)
    simd::store(d_z + i, simd::load(d_a + i) * derivative(simd::load(z + i), simd::load(a + i)));
  if (i < n) {
    const int rest = n - i;
    const v4f d = simd::load_first(d_a + i, rest) * derivative(simd::load_first(z + i, rest), simd::load_first(a + i, rest));
    simd::store_first(d_z + i, d, rest);
  }
}

}  // namespace

void dense_forward(float* z, const float* in, const float* w_t, const float* b, int rows, int in_dim,
                   int out_dim) {
  // z (rows, out_dim) = in (rows, in_dim) · w_t (in_dim, out_dim), then + b.
  product({z, out_dim, in, in_dim, 1, w_t, out_dim, in_dim, false, b}, rows, out_dim);
}

void dense_backward(float* d_in, float* d_w, float* d_b, const float* d_z, const float* in, const float* w,
                    int rows, int in_dim, int out_dim) {
  if (d_w != nullptr) {
    // d_w (out_dim, in_dim) += d_zᵀ (out_dim, rows) · in (rows, in_dim): a(o, r) = d_z[r, o].
    product({d_w, in_dim, d_z, 1, out_dim, in, in_dim, rows, true, nullptr}, out_dim, in_dim);
  }
  // d_b[o] += δ[r, o] for r in order: four o per vector.
  for (int o = 0; d_b != nullptr && o < out_dim; o += 4) {
    const int width = out_dim - o < 4 ? out_dim - o : 4;
    v4f sum = simd::load_first(d_b + o, width);
    for (int r = 0; r < rows; ++r) sum = sum + simd::load_first(d_z + static_cast<std::ptrdiff_t>(r) * out_dim + o, width);
    simd::store_first(d_b + o, sum, width);
  }
  if (d_in == nullptr) return;
  // d_in (rows, in_dim) = d_z (rows, out_dim) · w (out_dim, in_dim), from 0.
  product({d_in, in_dim, d_z, out_dim, 1, w, in_dim, out_dim, false, nullptr}, rows, in_dim);
}

void activation_forward(float* a, const float* z, int rows, int width, Activation f, Accuracy accuracy) {
  // Without SIMD hardware, tanh's and softplus's branches are cheaper taken than selected
  // (measured in the baseline WebAssembly build: 100x100 grids of a 2-8x6-1 tanh net +13 %).
  if (!simd::hardware_vectors) return activation_forward_naive(a, z, rows, width, f, accuracy);
  const int n = rows * width;
  if (f == Activation::tanh && accuracy == Accuracy::display) {
    map(a, z, n, [](v4f x) { return bp::tanh_display(x); });
    return;
  }
  switch (f) {
    case Activation::linear:
      map(a, z, n, [](v4f x) { return x; });
      break;
    case Activation::relu:
      map(a, z, n, [](v4f x) { return simd::select(x > 0.0f, x, simd::broadcast(0.0f)); });
      break;
    case Activation::leaky_relu:
      map(a, z, n, [](v4f x) { return simd::select(x > 0.0f, x, leaky_relu_slope * x); });
      break;
    case Activation::tanh:
      map(a, z, n, [](v4f x) { return bp::tanh(x); });
      break;
    case Activation::sigmoid:
      map(a, z, n, [](v4f x) { return bp::sigmoid(x); });
      break;
    case Activation::softplus:
      map(a, z, n, [](v4f x) { return bp::softplus(x); });
      break;
    case Activation::softmax:
      // As activation_forward_naive; the sum stays one scalar sum in k order.
      for (int r = 0; r < rows; ++r) {
        const float* zr = z + static_cast<std::ptrdiff_t>(r) * width;
        float* ar = a + static_cast<std::ptrdiff_t>(r) * width;
        float max = zr[0];
        for (int k = 1; k < width; ++k) max = zr[k] > max ? zr[k] : max;
        map(ar, zr, width, [max](v4f x) { return bp::exp(x - max); });
        float sum = 0.0f;
        for (int k = 0; k < width; ++k) sum += ar[k];
        const float inv = 1.0f / sum;
        map(ar, ar, width, [inv](v4f x) { return x * inv; });
      }
      break;
  }
}

void activation_backward(float* d_z, const float* d_a, const float* z, const float* a, int n, Activation f) {
  // The derivatives of activation_derivative, four units at a time.
  switch (f) {
    case Activation::linear:
      scale_by_derivative(d_z, d_a, z, a, n, [](v4f, v4f) { return simd::broadcast(1.0f); });
      break;
    case Activation::relu:
      scale_by_derivative(d_z, d_a, z, a, n, [](v4f zv, v4f) {
        return simd::select(zv > 0.0f, simd::broadcast(1.0f), simd::broadcast(0.0f));
      });
      break;
    case Activation::leaky_relu:
      scale_by_derivative(d_z, d_a, z, a, n, [](v4f zv, v4f) {
        return simd::select(zv > 0.0f, simd::broadcast(1.0f), simd::broadcast(leaky_relu_slope));
      });
      break;
    case Activation::tanh:
      scale_by_derivative(d_z, d_a, z, a, n, [](v4f, v4f av) { return 1.0f - av * av; });
      break;
    case Activation::sigmoid:
    case Activation::softmax:
      scale_by_derivative(d_z, d_a, z, a, n, [](v4f, v4f av) { return av * (1.0f - av); });
      break;
    case Activation::softplus:
      scale_by_derivative(d_z, d_a, z, a, n, [](v4f zv, v4f) { return bp::sigmoid(zv); });
      break;
  }
}

// ---- the references: plain loops --------------------------------------------------------

void dense_forward_naive(float* z, const float* in, const float* w, const float* b, int rows, int in_dim,
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

void dense_backward_naive(float* d_in, float* d_w, float* d_b, const float* d_z, const float* in, const float* w,
                          int rows, int in_dim, int out_dim) {
  for (int r = 0; d_w != nullptr && r < rows; ++r) {
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

void activation_forward_naive(float* a, const float* z, int rows, int width, Activation f, Accuracy accuracy) {
  const int n = rows * width;
  if (f == Activation::tanh && accuracy == Accuracy::display) {
    for (int i = 0; i < n; ++i) a[i] = bp::tanh_display(z[i]);
    return;
  }
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

void activation_backward_naive(float* d_z, const float* d_a, const float* z, const float* a, int n, Activation f) {
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
