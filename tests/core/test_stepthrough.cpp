// What the step-through mode reads from the engine: one example's forward and backward, the
// factors of the chain rule (f'(z), ∂L/∂a_out), a loss that leaves the views alone, and the
// double-precision finite-difference estimate of any gradient.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "data.hpp"
#include "session.hpp"

namespace {

std::unique_ptr<bp::Session> tanh_session(bp::Loss loss = bp::Loss::mse, bp::Activation output = bp::Activation::tanh) {
  bp::NetworkConfig c;
  c.layers = {2, 3, 2, 1};
  c.activations = {bp::Activation::tanh, bp::Activation::tanh};
  c.output = output;
  c.loss = loss;
  c.seed = 4;
  bp::DataConfig d;
  d.seed = 4;
  auto data = bp::make_dataset(d);
  REQUIRE(data.ok());
  auto s = bp::Session::create(c, *data);
  REQUIRE(s.ok());
  return std::move(*s);
}

}  // namespace

TEST_CASE("the numerical gradient in double agrees with backpropagation for every weight", "[stepthrough]") {
  auto s = tanh_session();
  s->train(200);
  const float inputs[] = {1.5f, -2.0f, -0.5f, 3.0f, 4.0f, 1.0f};
  const float targets[] = {1.0f, -1.0f, 1.0f};
  REQUIRE(s->compute_gradients(inputs, targets, 3).ok());
  const auto g = s->gradients();
  for (std::size_t i = 0; i < g.size(); ++i) {
    auto fd = s->numerical_gradient(i, inputs, targets, 3);
    REQUIRE(fd.ok());
    INFO("parameter " << i << ": backprop " << g(0, i) << ", finite differences " << *fd);
    CHECK(std::fabs(g(0, i) - *fd) <= 1e-4 * std::fabs(*fd) + 1e-6);
  }
  CHECK_FALSE(s->numerical_gradient(g.size(), inputs, targets, 3).ok());
}

TEST_CASE("loss() measures without disturbing the views of the last pass", "[stepthrough]") {
  auto s = tanh_session();
  const float input[] = {0.5f, -1.0f};
  const float target[] = {1.0f};
  REQUIRE(s->forward(input).ok());
  auto backward_loss = s->backward(target);
  REQUIRE(backward_loss.ok());
  const std::vector<float> a(s->activations(2).begin(), s->activations(2).end());
  const std::vector<float> g(s->gradients().begin(), s->gradients().end());
  auto loss = s->loss(input, target, 1);
  REQUIRE(loss.ok());
  CHECK(*loss == Approx(*backward_loss).epsilon(1e-7));
  CHECK(std::vector<float>(s->activations(2).begin(), s->activations(2).end()) == a);
  CHECK(std::vector<float>(s->gradients().begin(), s->gradients().end()) == g);
}

TEST_CASE("the chain rule's factors multiply to the engine's gradient", "[stepthrough]") {
  // For w from unit i of layer 0's input to unit j of the first hidden layer, summed over
  // every path j -> k -> out: ∂L/∂w = a_i f'(z_j) Σ_k w_kj f'(z_k) w_out,k f'(z_out) ∂L/∂a_out.
  auto s = tanh_session();
  s->train(100);
  const float input[] = {2.5f, -1.0f};
  const float target[] = {-1.0f};
  REQUIRE(s->forward(input).ok());
  REQUIRE(s->backward(target).ok());
  const std::vector<float> d0(s->derivatives(0).begin(), s->derivatives(0).end());
  const std::vector<float> d1(s->derivatives(1).begin(), s->derivatives(1).end());
  const std::vector<float> d2(s->derivatives(2).begin(), s->derivatives(2).end());
  const float dl_da = s->output_gradient()(0, 0);
  const float a_out = s->activations(2)(0, 0);
  CHECK(dl_da == a_out - target[0]);
  CHECK(d2[0] == Approx(1 - a_out * a_out));
  const auto w1 = s->weights(1), w2 = s->weights(2), dw0 = s->weight_gradients(0);
  for (int j = 0; j < 3; ++j) {
    for (int i = 0; i < 2; ++i) {
      double sum = 0;
      for (int k = 0; k < 2; ++k) sum += double(w1(k, j)) * d1[k] * w2(0, k) * d2[0] * dl_da;
      const double product = input[i] * d0[j] * sum;
      INFO("w[" << j << "][" << i << "]");
      CHECK(product == Approx(dw0(j, i)).epsilon(1e-5).margin(1e-9));
    }
  }
}

TEST_CASE("output_gradient is dL/da for each loss", "[stepthrough]") {
  const float input[] = {1.0f, 1.0f};
  {
    auto s = tanh_session(bp::Loss::bce, bp::Activation::sigmoid);
    const float target[] = {1.0f};
    REQUIRE(s->forward(input).ok());
    REQUIRE(s->backward(target).ok());
    const float a = s->activations(2)(0, 0);
    CHECK(s->output_gradient()(0, 0) == Approx(-1.0 / a).epsilon(1e-5));
    // δ_out = ∂L/∂a · σ'(z) = a - t
    CHECK(s->deltas(2)(0, 0) == Approx(s->output_gradient()(0, 0) * s->derivatives(2)(0, 0)).epsilon(1e-5));
  }
}
