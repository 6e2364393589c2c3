// The SIMD kernels against their plain-loop twins (<name>_naive), bit for bit: the promise that
// lets a native run, the SIMD WebAssembly build and the baseline build train to the same
// weights. Shapes cover widths that are not multiples of 4 (the partial vectors at the edges)
// and row counts that are not multiples of the 4-row blocks; every output buffer has guard
// floats after it that no kernel may touch.
#include <catch2/catch.hpp>

#include <cfloat>
#include <cstdint>
#include <cstring>
#include <ios>
#include <string>
#include <vector>

#include "data.hpp"
#include "layers.hpp"
#include "math.hpp"
#include "random.hpp"
#include "session.hpp"
#include "simd.hpp"

namespace {

using bp::Activation;
using bp::simd::v4f;

constexpr int guard = 8;                // floats after each output buffer
constexpr std::uint32_t unwritten = 0x7fc0beefu;  // a NaN no kernel produces

std::uint32_t bits(float x) {
  std::uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

float from_bits(std::uint32_t u) {
  float x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

// Equal bits, or both NaN (NaN payloads may legitimately differ between platforms).
bool same_value(float a, float b) { return bits(a) == bits(b) || (a != a && b != b); }

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// n values uniform in [-scale, scale], about one in eight of them +0 or -0 (the sign of a zero
// sum depends on the order of the additions, so zeros catch a changed order).
std::vector<float> random_values(bp::Random& rng, std::size_t n, float scale) {
  std::vector<float> v(n);
  for (float& x : v) {
    const std::uint32_t pick = rng.below(16);
    x = pick == 0 ? 0.0f : pick == 1 ? -0.0f : rng.uniform(-scale, scale);
  }
  return v;
}

// A buffer of n outputs plus the guard, every float set to `fill`.
std::vector<float> output_buffer(std::size_t n, std::uint32_t fill = unwritten) {
  return std::vector<float>(n + guard, from_bits(fill));
}

// (out, in) -> (in, out)
std::vector<float> transposed(const std::vector<float>& w, int out_dim, int in_dim) {
  std::vector<float> w_t(w.size());
  for (int o = 0; o < out_dim; ++o)
    for (int i = 0; i < in_dim; ++i) w_t[static_cast<std::size_t>(i) * out_dim + o] = w[static_cast<std::size_t>(o) * in_dim + i];
  return w_t;
}

struct Shape {
  int rows, in_dim, out_dim;
};

std::vector<Shape> shapes() {
  std::vector<Shape> all;
  for (int rows = 1; rows <= 9; ++rows)
    for (int in_dim = 1; in_dim <= 13; ++in_dim)
      for (int out_dim = 1; out_dim <= 13; ++out_dim) all.push_back({rows, in_dim, out_dim});
  for (Shape big : {Shape{64, 784, 128}, Shape{256, 8, 8}, Shape{10, 16, 16}, Shape{7, 37, 21}, Shape{33, 3, 70}})
    all.push_back(big);
  return all;
}

std::string describe(const Shape& s) {
  return std::to_string(s.rows) + " rows, " + std::to_string(s.in_dim) + " -> " + std::to_string(s.out_dim);
}

const Activation all_activations[] = {Activation::linear,  Activation::relu,     Activation::leaky_relu, Activation::tanh,
                                      Activation::sigmoid, Activation::softplus, Activation::softmax};

// ---- the vector math functions ------------------------------------------------------------

// Every 5e-5 in [-30, 30]; every 4099th bit pattern (all exponents, subnormals, ±inf, NaNs);
// and the values where the scalar functions branch or clamp, with their neighbours.
std::vector<float> math_inputs() {
  std::vector<float> xs;
  for (int k = 0; k <= 1200000; ++k) xs.push_back(static_cast<float>(-30.0 + 5e-5 * k));
  for (std::uint64_t u = 0; u <= 0xffffffffull; u += 4099) xs.push_back(from_bits(static_cast<std::uint32_t>(u)));
  const float specials[] = {0.0f,     -0.0f,          FLT_TRUE_MIN, -FLT_TRUE_MIN, FLT_MIN,  -FLT_MIN,
                            FLT_MAX,  -FLT_MAX,       1e-8f,        -1e-8f,        1e-30f,   -1e-30f,
                            0.625f,   -0.625f,        -87.0f,       88.3f,         -88.3f,   87.0f,
                            1.0f,     -1.0f,          0.70710678f,  1.41421356f,   -0.99999994f,
                            __builtin_inff(), -__builtin_inff(), __builtin_nanf(""), -__builtin_nanf(""),
                            from_bits(0x7f800001u), from_bits(0xffc12345u)};
  for (float x : specials) {
    xs.push_back(x);
    xs.push_back(__builtin_nextafterf(x, __builtin_inff()));
    xs.push_back(__builtin_nextafterf(x, -__builtin_inff()));
  }
  while (xs.size() % 4 != 0) xs.push_back(0.0f);
  return xs;
}

// Lane by lane, vector(x[k..k+3]) against scalar(x[k + lane]); neighbours in a vector take
// different branches, so every select is exercised with mixed lanes.
void require_lanes_match(const char* name, float (*scalar)(float), v4f (*vector)(v4f)) {
  static const std::vector<float> xs = math_inputs();
  long mismatches = 0;
  float first_x = 0, first_scalar = 0, first_vector = 0;
  for (std::size_t k = 0; k < xs.size(); k += 4) {
    const v4f y = vector(bp::simd::load(&xs[k]));
    for (int lane = 0; lane < 4; ++lane) {
      const float want = scalar(xs[k + static_cast<std::size_t>(lane)]);
      if (!same_value(y[lane], want) && mismatches++ == 0) {
        first_x = xs[k + static_cast<std::size_t>(lane)];
        first_scalar = want;
        first_vector = y[lane];
      }
    }
  }
  INFO(name << ": " << mismatches << " of " << xs.size() << " differ; first at x = " << first_x << " (bits " << std::hex
            << bits(first_x) << "): scalar bits " << bits(first_scalar) << ", vector bits " << bits(first_vector));
  CHECK(mismatches == 0);
}

float scalar_exp(float x) { return bp::exp(x); }
float scalar_log(float x) { return bp::log(x); }
float scalar_log1p(float x) { return bp::log1p(x); }
float scalar_tanh(float x) { return bp::tanh(x); }
float scalar_sigmoid(float x) { return bp::sigmoid(x); }
float scalar_softplus(float x) { return bp::softplus(x); }
v4f vector_exp(v4f x) { return bp::exp(x); }
v4f vector_log(v4f x) { return bp::log(x); }
v4f vector_log1p(v4f x) { return bp::log1p(x); }
v4f vector_tanh(v4f x) { return bp::tanh(x); }
v4f vector_sigmoid(v4f x) { return bp::sigmoid(x); }
v4f vector_softplus(v4f x) { return bp::softplus(x); }

// ---- the session against a pass of the naive kernels ----------------------------------------

// Mean gradients over `count` rows by the _naive kernels, in the session's parameter layout
// [W_0 b_0 W_1 b_1 ...]; also returns the output activations.
std::vector<float> naive_gradients(const bp::NetworkConfig& c, const std::vector<float>& theta, const float* inputs,
                                   const float* targets, int count, std::vector<float>& output) {
  const std::size_t layers = c.layers.size() - 1;
  std::vector<std::size_t> w(layers), b(layers);
  std::vector<std::vector<float>> z(layers), a(layers), delta(layers);
  std::size_t offset = 0;
  for (std::size_t l = 0; l < layers; ++l) {
    w[l] = offset;
    offset += static_cast<std::size_t>(c.layers[l]) * c.layers[l + 1];
    b[l] = offset;
    offset += static_cast<std::size_t>(c.layers[l + 1]);
    const std::size_t size = static_cast<std::size_t>(count) * c.layers[l + 1];
    z[l].resize(size);
    a[l].resize(size);
    delta[l].resize(size);
  }
  auto f = [&](std::size_t l) { return l + 1 < layers ? c.activations[l] : c.output; };
  const float* a_prev = inputs;
  for (std::size_t l = 0; l < layers; ++l) {
    bp::dense_forward_naive(z[l].data(), a_prev, &theta[w[l]], &theta[b[l]], count, c.layers[l], c.layers[l + 1]);
    bp::activation_forward_naive(a[l].data(), z[l].data(), count, c.layers[l + 1], f(l));
    a_prev = a[l].data();
  }
  std::vector<float> grad(theta.size(), 0.0f);
  const std::size_t last = layers - 1;
  bp::loss_backward(delta[last].data(), z[last].data(), a[last].data(), targets, count, c.layers.back(), c.loss,
                    c.output);
  for (std::size_t l = last + 1; l-- > 0;) {
    float* d_prev = l > 0 ? delta[l - 1].data() : nullptr;
    bp::dense_backward_naive(d_prev, &grad[w[l]], &grad[b[l]], delta[l].data(), l > 0 ? a[l - 1].data() : inputs,
                             &theta[w[l]], count, c.layers[l], c.layers[l + 1]);
    if (l > 0) bp::activation_backward_naive(d_prev, d_prev, z[l - 1].data(), a[l - 1].data(), count * c.layers[l], f(l - 1));
  }
  const float scale = 1.0f / static_cast<float>(count);
  for (float& g : grad) g *= scale;
  output = a[last];
  return grad;
}

std::vector<float> copy(const bp::MatrixView& v) { return std::vector<float>(v.begin(), v.end()); }

}  // namespace

TEST_CASE("the vector exp log log1p tanh sigmoid and softplus equal the scalar ones in every lane", "[kernels]") {
  require_lanes_match("exp", scalar_exp, vector_exp);
  require_lanes_match("log", scalar_log, vector_log);
  require_lanes_match("log1p", scalar_log1p, vector_log1p);
  require_lanes_match("tanh", scalar_tanh, vector_tanh);
  require_lanes_match("sigmoid", scalar_sigmoid, vector_sigmoid);
  require_lanes_match("softplus", scalar_softplus, vector_softplus);
}

TEST_CASE("dense_forward with the transposed weights equals dense_forward_naive bit for bit", "[kernels]") {
  bp::Random rng(7, bp::Stream::data);
  for (const Shape& s : shapes()) {
    const auto in = random_values(rng, static_cast<std::size_t>(s.rows) * s.in_dim, 2.0f);
    const auto w = random_values(rng, static_cast<std::size_t>(s.out_dim) * s.in_dim, 1.0f);
    const auto b = random_values(rng, static_cast<std::size_t>(s.out_dim), 1.0f);
    const auto w_t = transposed(w, s.out_dim, s.in_dim);
    const std::size_t n = static_cast<std::size_t>(s.rows) * s.out_dim;
    auto fast = output_buffer(n), naive = output_buffer(n);
    bp::dense_forward(fast.data(), in.data(), w_t.data(), b.data(), s.rows, s.in_dim, s.out_dim);
    bp::dense_forward_naive(naive.data(), in.data(), w.data(), b.data(), s.rows, s.in_dim, s.out_dim);
    INFO(describe(s));
    REQUIRE(same_bits(fast, naive));  // the guard floats included: still `unwritten` in both
  }
}

TEST_CASE("dense_backward equals dense_backward_naive bit for bit", "[kernels]") {
  bp::Random rng(8, bp::Stream::data);
  for (const Shape& s : shapes()) {
    const auto in = random_values(rng, static_cast<std::size_t>(s.rows) * s.in_dim, 2.0f);
    const auto w = random_values(rng, static_cast<std::size_t>(s.out_dim) * s.in_dim, 1.0f);
    const auto d_z = random_values(rng, static_cast<std::size_t>(s.rows) * s.out_dim, 1.0f);
    // d_w and d_b accumulate: start both from the same nonzero values (and guards).
    auto d_w_fast = random_values(rng, static_cast<std::size_t>(s.out_dim) * s.in_dim + guard, 0.5f);
    auto d_b_fast = random_values(rng, static_cast<std::size_t>(s.out_dim) + guard, 0.5f);
    auto d_w_naive = d_w_fast, d_b_naive = d_b_fast;
    const std::size_t n_in = static_cast<std::size_t>(s.rows) * s.in_dim;
    auto d_in_fast = output_buffer(n_in), d_in_naive = output_buffer(n_in);
    // d_in is overwritten: garbage in the naive one's rows must not matter.
    for (std::size_t i = 0; i < n_in; ++i) d_in_naive[i] = 12345.0f;
    INFO(describe(s));
    bp::dense_backward(d_in_fast.data(), d_w_fast.data(), d_b_fast.data(), d_z.data(), in.data(), w.data(), s.rows,
                       s.in_dim, s.out_dim);
    bp::dense_backward_naive(d_in_naive.data(), d_w_naive.data(), d_b_naive.data(), d_z.data(), in.data(), w.data(),
                             s.rows, s.in_dim, s.out_dim);
    REQUIRE(same_bits(d_w_fast, d_w_naive));
    REQUIRE(same_bits(d_b_fast, d_b_naive));
    REQUIRE(same_bits(d_in_fast, d_in_naive));

    // Without d_in (the first layer): the weight gradients alone, accumulated once more.
    bp::dense_backward(nullptr, d_w_fast.data(), d_b_fast.data(), d_z.data(), in.data(), w.data(), s.rows, s.in_dim,
                       s.out_dim);
    bp::dense_backward_naive(nullptr, d_w_naive.data(), d_b_naive.data(), d_z.data(), in.data(), w.data(), s.rows,
                             s.in_dim, s.out_dim);
    REQUIRE(same_bits(d_w_fast, d_w_naive));
    REQUIRE(same_bits(d_b_fast, d_b_naive));
  }
}

TEST_CASE("activation_forward equals activation_forward_naive bit for bit", "[kernels]") {
  bp::Random rng(9, bp::Stream::data);
  for (Activation f : all_activations) {
    for (int rows = 1; rows <= 9; ++rows) {
      for (int width = 1; width <= 13; ++width) {
        const std::size_t n = static_cast<std::size_t>(rows) * width;
        // ±40 reaches exp's clamps and both sides of every branch.
        const auto z = random_values(rng, n, 40.0f);
        auto fast = output_buffer(n), naive = output_buffer(n);
        bp::activation_forward(fast.data(), z.data(), rows, width, f);
        bp::activation_forward_naive(naive.data(), z.data(), rows, width, f);
        INFO(bp::name_of(f) << ", " << rows << " x " << width);
        REQUIRE(same_bits(fast, naive));
        // In place, as the session may call it.
        auto in_place = z;
        bp::activation_forward(in_place.data(), in_place.data(), rows, width, f);
        REQUIRE(std::memcmp(in_place.data(), naive.data(), n * sizeof(float)) == 0);
      }
    }
  }
}

TEST_CASE("elementwise activations of signed zeros and infinities and NaN and extremes equal the naive ones", "[kernels]") {
  const float specials[] = {0.0f,   -0.0f,   FLT_TRUE_MIN, -FLT_TRUE_MIN, FLT_MIN,          -FLT_MIN,
                            FLT_MAX, -FLT_MAX, 0.625f,     -0.625f,       __builtin_inff(), -__builtin_inff(),
                            __builtin_nanf(""), 1e-8f,  -90.0f,        90.0f,         0.5f};
  const int n = static_cast<int>(sizeof specials / sizeof specials[0]);
  for (Activation f : all_activations) {
    if (f == Activation::softmax) continue;  // not elementwise
    std::vector<float> fast(static_cast<std::size_t>(n)), naive(static_cast<std::size_t>(n));
    bp::activation_forward(fast.data(), specials, 1, n, f);
    bp::activation_forward_naive(naive.data(), specials, 1, n, f);
    for (int k = 0; k < n; ++k) {
      INFO(bp::name_of(f) << "(" << specials[k] << "): " << fast[static_cast<std::size_t>(k)] << " vs "
                          << naive[static_cast<std::size_t>(k)]);
      CHECK(same_value(fast[static_cast<std::size_t>(k)], naive[static_cast<std::size_t>(k)]));
    }
  }
}

TEST_CASE("activation_backward equals activation_backward_naive bit for bit", "[kernels]") {
  bp::Random rng(10, bp::Stream::data);
  for (Activation f : all_activations) {
    for (int n = 1; n <= 117; ++n) {
      const std::size_t size = static_cast<std::size_t>(n);
      const auto z = random_values(rng, size, 10.0f);
      std::vector<float> a(size);
      bp::activation_forward_naive(a.data(), z.data(), 1, n, f);
      const auto d_a = random_values(rng, size, 1.0f);
      auto fast = output_buffer(size), naive = output_buffer(size);
      bp::activation_backward(fast.data(), d_a.data(), z.data(), a.data(), n, f);
      bp::activation_backward_naive(naive.data(), d_a.data(), z.data(), a.data(), n, f);
      INFO(bp::name_of(f) << ", n = " << n);
      REQUIRE(same_bits(fast, naive));
      auto in_place = d_a;  // d_z aliasing d_a, as the session calls it
      bp::activation_backward(in_place.data(), in_place.data(), z.data(), a.data(), n, f);
      REQUIRE(std::memcmp(in_place.data(), naive.data(), size * sizeof(float)) == 0);
    }
  }
}

TEST_CASE("the session's gradients equal a pass of the naive kernels also after a write through a view", "[kernels]") {
  struct Case {
    std::vector<int> layers;
    Activation hidden, output;
    bp::Loss loss;
  };
  const Case cases[] = {{{5, 7, 6, 2}, Activation::tanh, Activation::softmax, bp::Loss::softmax_cross_entropy},
                        {{5, 9, 1}, Activation::relu, Activation::tanh, bp::Loss::mse},
                        {{5, 3, 13, 1}, Activation::softplus, Activation::sigmoid, bp::Loss::bce},
                        {{5, 8, 8, 8, 1}, Activation::leaky_relu, Activation::linear, bp::Loss::mse},
                        {{5, 6, 5, 1}, Activation::sigmoid, Activation::tanh, bp::Loss::mse}};
  bp::DataConfig data_config;
  data_config.name = bp::DatasetName::moons;
  data_config.features = {bp::Feature::x, bp::Feature::y, bp::Feature::x_squared, bp::Feature::y_squared,
                          bp::Feature::x_times_y};
  auto data = bp::make_dataset(data_config);
  REQUIRE(data.ok());
  bp::Random rng(11, bp::Stream::data);
  for (const Case& c : cases) {
    bp::NetworkConfig network;
    network.layers = c.layers;
    network.activations.assign(c.layers.size() - 2, c.hidden);
    network.output = c.output;
    network.loss = c.loss;
    network.optimizer = bp::Optimizer::adam;
    network.learning_rate = 0.01f;
    network.batch_size = 9;
    auto created = bp::Session::create(network, *data);
    REQUIRE(created.ok());
    bp::Session& s = **created;
    s.train(25);  // weights that moved since the transposed copy was first made

    const int count = network.batch_size;
    const int outputs = c.layers.back();
    const auto inputs = random_values(rng, static_cast<std::size_t>(count) * 5, 1.5f);
    std::vector<float> targets(static_cast<std::size_t>(count) * outputs);
    for (int r = 0; r < count; ++r) {
      if (c.output == Activation::softmax) {
        const int hot = static_cast<int>(rng.below(static_cast<std::uint32_t>(outputs)));
        for (int k = 0; k < outputs; ++k) targets[static_cast<std::size_t>(r * outputs + k)] = k == hot ? 1.0f : 0.0f;
      } else {
        targets[static_cast<std::size_t>(r)] = c.output == Activation::sigmoid ? static_cast<float>(rng.below(2))
                                                                              : rng.uniform(-1.0f, 1.0f);
      }
    }
    INFO(bp::name_of(c.hidden) << " hidden, " << bp::name_of(c.output) << " output");
    for (int round = 0; round < 2; ++round) {
      if (round == 1) s.weights(1)(0, 2) = 0.75f;  // the page may write through a view
      REQUIRE(s.compute_gradients(inputs.data(), targets.data(), count).ok());
      std::vector<float> output;
      const auto want = naive_gradients(network, copy(s.parameters()), inputs.data(), targets.data(), count, output);
      CHECK(same_bits(copy(s.gradients()), want));
      CHECK(same_bits(copy(s.activations(s.layer_count() - 1)), output));
    }
  }
}
