#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "config.hpp"
#include "data.hpp"
#include "optimizer.hpp"
#include "session.hpp"

namespace {

constexpr int n = 3;
const std::vector<float> theta0{0.5f, -1.0f, 2.0f};
const std::vector<std::vector<float>> grads{{0.2f, -0.4f, 1.0f}, {-0.1f, 0.3f, 0.5f}, {0.05f, -0.6f, -2.0f}};

struct FloatRun {
  std::vector<float> theta = theta0;
  std::vector<float> m1 = std::vector<float>(n, 0.0f);
  std::vector<float> m2 = std::vector<float>(n, 0.0f);

  void step(const std::vector<float>& g, const bp::NetworkConfig& c, bool regularized = true, float b1p = 1.0f,
            float b2p = 1.0f) {
    const bp::UpdateRun run{theta.data(), g.data(), m1.data(), m2.data(), n, regularized};
    bp::optimizer_update(run, c, b1p, b2p);
  }
};

struct DoubleRun {
  std::vector<double> theta{theta0.begin(), theta0.end()};
  std::vector<double> m1 = std::vector<double>(n, 0.0);
  std::vector<double> m2 = std::vector<double>(n, 0.0);
};

bp::NetworkConfig config_for(bp::Optimizer optimizer) {
  bp::NetworkConfig c;
  c.optimizer = optimizer;
  c.learning_rate = 0.1f;
  return c;
}

void check_close(const std::vector<float>& got, const std::vector<double>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("index " << i);
    CHECK(static_cast<double>(got[i]) == Approx(want[i]).epsilon(1e-6).margin(1e-7));
  }
}

double sign(double w) { return w > 0 ? 1.0 : (w < 0 ? -1.0 : 0.0); }

}  // namespace

TEST_CASE("sgd: theta -= lr g over three steps", "[optimizer]") {
  const bp::NetworkConfig c = config_for(bp::Optimizer::sgd);
  FloatRun f;
  DoubleRun d;
  const double lr = c.learning_rate;
  for (const auto& g : grads) {
    f.step(g, c);
    for (int i = 0; i < n; ++i) d.theta[i] -= lr * g[i];
    check_close(f.theta, d.theta);
  }
}

TEST_CASE("sgd: first step by hand", "[optimizer]") {
  FloatRun f;
  f.step(grads[0], config_for(bp::Optimizer::sgd));
  check_close(f.theta, {0.48, -0.96, 1.9});
}

TEST_CASE("momentum: v = mu v + g, theta -= lr v over three steps", "[optimizer]") {
  bp::NetworkConfig c = config_for(bp::Optimizer::momentum);
  c.momentum = 0.9f;
  FloatRun f;
  DoubleRun d;
  const double lr = c.learning_rate, mu = c.momentum;
  for (const auto& g : grads) {
    f.step(g, c);
    for (int i = 0; i < n; ++i) {
      d.m1[i] = mu * d.m1[i] + g[i];
      d.theta[i] -= lr * d.m1[i];
    }
    check_close(f.theta, d.theta);
    check_close(f.m1, d.m1);
  }
}

TEST_CASE("momentum: two steps by hand", "[optimizer]") {
  bp::NetworkConfig c = config_for(bp::Optimizer::momentum);
  c.momentum = 0.5f;
  FloatRun f;
  f.step(grads[0], c);
  f.step(grads[1], c);
  // v2 = 0.5 v1 + g2 = {0, 0.1, 1.0}
  check_close(f.m1, {0.0, 0.1, 1.0});
  check_close(f.theta, {0.48, -0.97, 1.8});
}

TEST_CASE("rmsprop: s = rho s + (1 - rho) g^2, theta -= lr g / (sqrt s + eps) over three steps", "[optimizer]") {
  bp::NetworkConfig c = config_for(bp::Optimizer::rmsprop);
  c.rho = 0.9f;
  c.epsilon = 1e-8f;
  FloatRun f;
  DoubleRun d;
  const double lr = c.learning_rate, rho = c.rho, eps = c.epsilon;
  for (const auto& g : grads) {
    f.step(g, c);
    for (int i = 0; i < n; ++i) {
      const double gi = g[i];
      d.m2[i] = rho * d.m2[i] + (1 - rho) * gi * gi;
      d.theta[i] -= lr * gi / (std::sqrt(d.m2[i]) + eps);
    }
    check_close(f.theta, d.theta);
    check_close(f.m2, d.m2);
  }
}

TEST_CASE("rmsprop: first step moves by lr / sqrt(1 - rho)", "[optimizer]") {
  bp::NetworkConfig c = config_for(bp::Optimizer::rmsprop);
  c.rho = 0.75f;
  FloatRun f;
  f.step(grads[0], c);
  check_close(f.theta, {0.3, -0.8, 1.8});
}

TEST_CASE("adam: bias-corrected moments over three steps", "[optimizer]") {
  bp::NetworkConfig c = config_for(bp::Optimizer::adam);
  c.beta1 = 0.9f;
  c.beta2 = 0.999f;
  c.epsilon = 1e-8f;
  FloatRun f;
  DoubleRun d;
  const double lr = c.learning_rate, b1 = c.beta1, b2 = c.beta2, eps = c.epsilon;
  float b1p = 1.0f, b2p = 1.0f;
  for (const auto& g : grads) {
    b1p *= c.beta1;
    b2p *= c.beta2;
    f.step(g, c, true, b1p, b2p);
    // The reference uses beta^t exactly as passed (rounded to float), as the engine must.
    for (int i = 0; i < n; ++i) {
      const double gi = g[i];
      d.m1[i] = b1 * d.m1[i] + (1 - b1) * gi;
      d.m2[i] = b2 * d.m2[i] + (1 - b2) * gi * gi;
      const double m_hat = d.m1[i] / (1 - static_cast<double>(b1p));
      const double v_hat = d.m2[i] / (1 - static_cast<double>(b2p));
      d.theta[i] -= lr * m_hat / (std::sqrt(v_hat) + eps);
    }
    check_close(f.theta, d.theta);
    check_close(f.m1, d.m1);
    check_close(f.m2, d.m2);
  }
}

TEST_CASE("adam: first step moves each parameter by lr against its gradient's sign", "[optimizer]") {
  bp::NetworkConfig c = config_for(bp::Optimizer::adam);
  FloatRun f;
  f.step(grads[0], c, true, c.beta1, c.beta2);
  check_close(f.theta, {0.4, -0.9, 1.9});
}

TEST_CASE("adam: bias correction uses the powers passed in", "[optimizer]") {
  bp::NetworkConfig c = config_for(bp::Optimizer::adam);
  c.beta1 = 0.5f;
  c.beta2 = 0.75f;
  c.epsilon = 1e-8f;
  FloatRun f;
  f.step(grads[0], c, true, 0.5f, 0.75f);
  f.step(grads[1], c, true, 0.25f, 0.5625f);
  check_close(f.m1, {0.0, 0.05, 0.5});
  check_close(f.m2, {0.01, 0.0525, 0.25});
  const double m_hat[] = {0.0 / 0.75, 0.05 / 0.75, 0.5 / 0.75};
  const double v_hat[] = {0.01 / 0.4375, 0.0525 / 0.4375, 0.25 / 0.4375};
  const double after_first[] = {0.4, -0.9, 1.9};
  std::vector<double> want(n);
  for (int i = 0; i < n; ++i) want[i] = after_first[i] - 0.1 * m_hat[i] / (std::sqrt(v_hat[i]) + 1e-8);
  check_close(f.theta, want);
}

TEST_CASE("l2 regularization adds lambda w to the gradient", "[optimizer]") {
  bp::NetworkConfig c = config_for(bp::Optimizer::sgd);
  c.learning_rate = 0.5f;
  c.regularization = bp::Regularization::l2;
  c.regularization_rate = 0.1f;
  FloatRun f;
  f.theta = {0.5f, -1.0f, 0.0f};
  f.step(grads[0], c);
  // theta - 0.5 (g + 0.1 theta)
  check_close(f.theta, {0.5 - 0.5 * (0.2 + 0.05), -1.0 - 0.5 * (-0.4 - 0.1), 0.0 - 0.5 * 1.0});
}

TEST_CASE("l1 regularization adds lambda sign(w), 0 at w = 0", "[optimizer]") {
  bp::NetworkConfig c = config_for(bp::Optimizer::sgd);
  c.learning_rate = 0.5f;
  c.regularization = bp::Regularization::l1;
  c.regularization_rate = 0.1f;
  FloatRun f;
  f.theta = {0.5f, -1.0f, 0.0f};
  f.step(grads[0], c);
  check_close(f.theta, {0.5 - 0.5 * (0.2 + 0.1), -1.0 - 0.5 * (-0.4 - 0.1), 0.0 - 0.5 * 1.0});
}

TEST_CASE("regularization leaves unregularized runs (biases) alone", "[optimizer]") {
  for (auto reg : {bp::Regularization::l1, bp::Regularization::l2}) {
    bp::NetworkConfig c = config_for(bp::Optimizer::sgd);
    c.regularization = reg;
    c.regularization_rate = 0.3f;
    FloatRun f;
    f.step(grads[0], c, false);
    check_close(f.theta, {0.48, -0.96, 1.9});
  }
}

TEST_CASE("regularization none ignores the rate", "[optimizer]") {
  bp::NetworkConfig c = config_for(bp::Optimizer::sgd);
  c.regularization = bp::Regularization::none;
  c.regularization_rate = 0.3f;
  FloatRun f;
  f.step(grads[0], c, true);
  check_close(f.theta, {0.48, -0.96, 1.9});
}

TEST_CASE("regularized gradient feeds the optimizer state", "[optimizer]") {
  for (auto reg : {bp::Regularization::l1, bp::Regularization::l2}) {
    for (auto opt : {bp::Optimizer::momentum, bp::Optimizer::rmsprop, bp::Optimizer::adam}) {
      bp::NetworkConfig c = config_for(opt);
      c.regularization = reg;
      c.regularization_rate = 0.2f;
      FloatRun f;
      DoubleRun d;
      const double lr = c.learning_rate, lambda = c.regularization_rate;
      const double mu = c.momentum, rho = c.rho, b1 = c.beta1, b2 = c.beta2, eps = c.epsilon;
      float b1p = 1.0f, b2p = 1.0f;
      for (const auto& g : grads) {
        b1p *= c.beta1;
        b2p *= c.beta2;
        f.step(g, c, true, b1p, b2p);
        for (int i = 0; i < n; ++i) {
          const double w = d.theta[i];
          const double gi = g[i] + lambda * (reg == bp::Regularization::l2 ? w : sign(w));
          if (opt == bp::Optimizer::momentum) {
            d.m1[i] = mu * d.m1[i] + gi;
            d.theta[i] -= lr * d.m1[i];
          } else if (opt == bp::Optimizer::rmsprop) {
            d.m2[i] = rho * d.m2[i] + (1 - rho) * gi * gi;
            d.theta[i] -= lr * gi / (std::sqrt(d.m2[i]) + eps);
          } else {
            d.m1[i] = b1 * d.m1[i] + (1 - b1) * gi;
            d.m2[i] = b2 * d.m2[i] + (1 - b2) * gi * gi;
            const double m_hat = d.m1[i] / (1 - static_cast<double>(b1p));
            const double v_hat = d.m2[i] / (1 - static_cast<double>(b2p));
            d.theta[i] -= lr * m_hat / (std::sqrt(v_hat) + eps);
          }
        }
      }
      INFO("optimizer " << bp::name_of(opt) << ", regularization " << bp::name_of(reg));
      check_close(f.theta, d.theta);
    }
  }
}

TEST_CASE("regularization_penalty sums |w| or w^2 / 2", "[optimizer]") {
  const float w[] = {0.5f, -1.5f, 0.0f, 2.0f};
  CHECK(bp::regularization_penalty(w, 4, bp::Regularization::l1) == Approx(4.0));
  CHECK(bp::regularization_penalty(w, 4, bp::Regularization::l2) == Approx(0.5 * (0.25 + 2.25 + 0.0 + 4.0)));
  CHECK(bp::regularization_penalty(w, 4, bp::Regularization::none) == 0.0);
  CHECK(bp::regularization_penalty(w, 0, bp::Regularization::l1) == 0.0);
}

namespace {

struct LinearFit {
  std::vector<float> x{1.0f, 2.0f, -1.0f, 0.5f};
  std::vector<float> t{2.0f, 1.0f, 0.0f, -2.0f};
  float w = 0.5f, b = 0.25f;

  std::unique_ptr<bp::Session> session(const bp::NetworkConfig& c) const {
    auto data = bp::make_dataset_from_rows(1, 1, x, t, {}, {}, bp::Problem::regression);
    REQUIRE(data.ok());
    auto s = bp::Session::create(c, data.value());
    INFO((s.ok() ? std::string() : s.message()));
    REQUIRE(s.ok());
    std::unique_ptr<bp::Session> out = std::move(s.value());
    REQUIRE(out->set_weights(0, &w, 1).ok());
    REQUIRE(out->set_biases(0, &b, 1).ok());
    return out;
  }

  void mean_gradients(double& dw, double& db) const {
    dw = db = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double e = static_cast<double>(w) * x[i] + b - t[i];
      dw += e * x[i];
      db += e;
    }
    dw /= static_cast<double>(x.size());
    db /= static_cast<double>(x.size());
  }
};

bp::NetworkConfig linear_config() {
  bp::NetworkConfig c;
  c.layers = {1, 1};
  c.activations = {};
  c.output = bp::Activation::linear;
  c.loss = bp::Loss::mse;
  c.optimizer = bp::Optimizer::sgd;
  c.learning_rate = 0.1f;
  c.batch_size = 4;
  return c;
}

}  // namespace

TEST_CASE("session: one full-batch sgd step of a linear unit", "[optimizer]") {
  const LinearFit fit;
  const bp::NetworkConfig c = linear_config();
  auto s = fit.session(c);
  s->train(1);
  double dw, db;
  fit.mean_gradients(dw, db);
  const double lr = c.learning_rate;
  CHECK(static_cast<double>(s->weights(0)(0, 0)) == Approx(fit.w - lr * dw).epsilon(1e-6).margin(1e-6));
  CHECK(static_cast<double>(s->biases(0)(0, 0)) == Approx(fit.b - lr * db).epsilon(1e-6).margin(1e-6));
  CHECK(static_cast<double>(s->weights(0)(0, 0)) == Approx(0.48125).margin(1e-6));
  CHECK(static_cast<double>(s->biases(0)(0, 0)) == Approx(0.21875).margin(1e-6));
}

TEST_CASE("session: l2 shrinks the weight but not the bias", "[optimizer]") {
  const LinearFit fit;
  bp::NetworkConfig c = linear_config();
  c.regularization = bp::Regularization::l2;
  c.regularization_rate = 0.5f;
  auto s = fit.session(c);
  s->train(1);
  double dw, db;
  fit.mean_gradients(dw, db);
  const double lr = c.learning_rate, lambda = c.regularization_rate;
  CHECK(static_cast<double>(s->weights(0)(0, 0)) == Approx(fit.w - lr * (dw + lambda * fit.w)).margin(1e-6));
  CHECK(static_cast<double>(s->biases(0)(0, 0)) == Approx(fit.b - lr * db).margin(1e-6));
  CHECK(static_cast<double>(s->weights(0)(0, 0)) == Approx(0.45625).margin(1e-6));
}
