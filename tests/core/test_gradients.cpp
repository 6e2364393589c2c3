// Backpropagation against central finite differences of an independent double-precision
// reference (reference.hpp), for every hidden activation × loss/output × regularization.
//
// Tolerance: gradient_check.hpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "data.hpp"
#include "gradient_check.hpp"
#include "random.hpp"
#include "reference.hpp"
#include "session.hpp"

namespace {

using bp::Activation;
using bp::Loss;
using bp::Regularization;

struct Case {
  Activation hidden;
  Loss loss;
  Activation output;
  Regularization regularization;
};

std::string describe(const Case& c) {
  return std::string(bp::name_of(c.hidden)) + " / " + std::string(bp::name_of(c.loss)) + " on " +
         std::string(bp::name_of(c.output)) + " / " + std::string(bp::name_of(c.regularization));
}

std::vector<Case> all_cases() {
  const Activation hidden[] = {Activation::linear,  Activation::relu,    Activation::leaky_relu,
                               Activation::tanh,    Activation::sigmoid, Activation::softplus};
  const std::pair<Loss, Activation> heads[] = {{Loss::mse, Activation::linear},  {Loss::mse, Activation::tanh},
                                               {Loss::mse, Activation::sigmoid}, {Loss::mse, Activation::softmax},
                                               {Loss::bce, Activation::sigmoid},
                                               {Loss::softmax_cross_entropy, Activation::softmax}};
  const Regularization regs[] = {Regularization::none, Regularization::l1, Regularization::l2};
  std::vector<Case> cases;
  for (Activation h : hidden)
    for (auto [loss, out] : heads)
      for (Regularization r : regs) cases.push_back({h, loss, out, r});
  return cases;
}

// A random small network 3-4-3-K and 5 examples with targets in the form each loss needs.
struct Problem {
  bp::NetworkConfig config;
  std::vector<float> inputs, targets;
  int count = 5;
};

Problem make_problem(const Case& c, std::uint32_t seed) {
  Problem p;
  const int outputs = c.output == Activation::softmax ? 3 : 1;
  p.config.layers = {3, 4, 3, outputs};
  p.config.activations = {c.hidden, c.hidden};
  p.config.output = c.output;
  p.config.loss = c.loss;
  p.config.init = bp::Init::glorot;
  p.config.regularization = c.regularization;
  p.config.regularization_rate = c.regularization == Regularization::none ? 0.0f : 0.05f;
  p.config.optimizer = bp::Optimizer::sgd;
  p.config.learning_rate = 1.0f;
  p.config.batch_size = p.count;
  p.config.seed = seed;
  bp::Random rng(seed, bp::Stream::data);
  for (int r = 0; r < p.count; ++r) {
    for (int i = 0; i < 3; ++i) p.inputs.push_back(rng.uniform(-1.5f, 1.5f));
    if (c.output == Activation::softmax) {
      const std::uint32_t cls = rng.below(3);
      for (std::uint32_t k = 0; k < 3; ++k) p.targets.push_back(k == cls ? 1.0f : 0.0f);
    } else if (c.output == Activation::sigmoid) {
      p.targets.push_back(c.loss == Loss::bce ? static_cast<float>(rng.below(2)) : rng.uniform(0.1f, 0.9f));
    } else {
      p.targets.push_back(rng.uniform(-0.9f, 0.9f));
    }
  }
  return p;
}

reference::Network reference_of(const Problem& p) {
  reference::Network net;
  net.widths = p.config.layers;
  net.functions = {p.config.activations[0], p.config.activations[1], p.config.output};
  net.loss = p.config.loss;
  net.regularization = p.config.regularization;
  net.lambda = p.config.regularization_rate;
  return net;
}

std::unique_ptr<bp::Session> make_session(const Problem& p) {
  auto data = bp::make_dataset_from_rows(3, p.config.layers.back(), p.inputs, p.targets, {}, {},
                                         bp::Problem::regression);
  REQUIRE(data.ok());
  auto session = bp::Session::create(p.config, *data);
  INFO((session.ok() ? std::string() : session.message()));
  REQUIRE(session.ok());
  return std::move(*session);
}

std::vector<double> as_double(const bp::MatrixView& v) { return std::vector<double>(v.begin(), v.end()); }


}  // namespace

TEST_CASE("compute_gradients equals finite differences of the data loss", "[gradients]") {
  for (const Case& c : all_cases()) {
    if (c.regularization != Regularization::none) continue;  // the data loss has no penalty
    for (std::uint32_t seed : {11u, 12u}) {
      const Problem p = make_problem(c, seed);
      auto s = make_session(p);
      auto loss = s->compute_gradients(p.inputs.data(), p.targets.data(), p.count);
      REQUIRE(loss.ok());
      const auto theta = as_double(s->parameters());
      const reference::Network net = reference_of(p);
      const std::vector<double> x(p.inputs.begin(), p.inputs.end()), t(p.targets.begin(), p.targets.end());
      CHECK(*loss == Approx(net.objective(theta, x, t, p.count, false)).epsilon(1e-5));
      require_close(as_double(s->gradients()), net.numerical_gradient(theta, x, t, p.count, false), describe(c));
    }
  }
}

TEST_CASE("a training step moves the weights by the gradient of loss plus regularization", "[gradients]") {
  // With SGD, η = 1 and the whole training set as the batch, θ_before - θ_after is exactly
  // the gradient the update used: ∂(mean loss + λ Σ R(w))/∂θ.
  for (const Case& c : all_cases()) {
    const Problem p = make_problem(c, 21);
    auto s = make_session(p);
    const auto before = as_double(s->parameters());
    s->train(1);
    REQUIRE_FALSE(s->metrics().diverged);
    const auto after = as_double(s->parameters());
    std::vector<double> moved(before.size());
    for (std::size_t i = 0; i < before.size(); ++i) moved[i] = before[i] - after[i];
    const reference::Network net = reference_of(p);
    const std::vector<double> x(p.inputs.begin(), p.inputs.end()), t(p.targets.begin(), p.targets.end());
    require_close(moved, net.numerical_gradient(before, x, t, p.count, true), describe(c));
  }
}

TEST_CASE("one example forward and backward: deltas are the bias gradients, the loss is the reference's", "[gradients]") {
  for (const Case& c : all_cases()) {
    if (c.regularization != Regularization::none) continue;
    const Problem p = make_problem(c, 31);
    auto s = make_session(p);
    REQUIRE(s->forward(p.inputs.data()).ok());
    auto loss = s->backward(p.targets.data());
    REQUIRE(loss.ok());
    REQUIRE(s->rows() == 1);
    const reference::Network net = reference_of(p);
    const auto theta = as_double(s->parameters());
    const std::vector<double> x(p.inputs.begin(), p.inputs.begin() + 3);
    const std::vector<double> t(p.targets.begin(), p.targets.begin() + p.config.layers.back());
    CHECK(*loss == Approx(net.objective(theta, x, t, 1, false)).epsilon(1e-5));
    const auto output = net.forward(theta, x.data());
    const auto a = s->activations(s->layer_count() - 1);
    for (std::size_t k = 0; k < output.size(); ++k) CHECK(a(0, k) == Approx(output[k]).epsilon(1e-5));
    // ∂L/∂b = δ for a single example.
    for (int l = 0; l < s->layer_count(); ++l) {
      const auto delta = s->deltas(l);
      const auto d_b = s->bias_gradients(l);
      REQUIRE(delta.shape()[1] == d_b.shape()[1]);
      for (std::size_t k = 0; k < delta.shape()[1]; ++k) CHECK(delta(0, k) == d_b(0, k));
    }
    require_close(as_double(s->gradients()), net.numerical_gradient(theta, x, t, 1, false), describe(c));
  }
}
