// The gradient to the input: backpropagation carried one layer past the first weights, ∂L/∂x
// (Session::input_gradients, the backward() view input_gradient()) and, for (x, y) data, on
// through the feature transform to ∂L/∂(x, y) (Session::point_gradients). Each is checked against
// central finite differences of the double-precision reference (reference.hpp), in the inputs
// instead of the weights, with the weights' tolerance (gradient_check.hpp).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
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

struct Head {
  Loss loss;
  Activation output;
  int units;
};

const Head heads[] = {{Loss::mse, Activation::tanh, 1},
                      {Loss::mse, Activation::linear, 1},
                      {Loss::bce, Activation::sigmoid, 1},
                      {Loss::mse, Activation::softmax, 3},
                      {Loss::softmax_cross_entropy, Activation::softmax, 4}};

const Activation hiddens[] = {Activation::tanh, Activation::relu, Activation::sigmoid, Activation::softplus,
                              Activation::leaky_relu, Activation::linear};

std::string describe(Activation hidden, const Head& h) {
  return std::string(bp::name_of(hidden)) + " / " + std::string(bp::name_of(h.loss)) + " on " +
         std::string(bp::name_of(h.output)) + " × " + std::to_string(h.units);
}

bp::NetworkConfig network(std::vector<int> layers, Activation hidden, const Head& h, int batch) {
  bp::NetworkConfig c;
  c.layers = std::move(layers);
  c.activations.assign(c.layers.size() - 2, hidden);
  c.output = h.output;
  c.loss = h.loss;
  c.init = bp::Init::glorot;
  c.batch_size = batch;
  return c;
}

// Targets in the form each loss needs: one-hot, 0/1 for BCE, a value in the output's range.
void push_target(std::vector<float>& t, const Head& h, bp::Random& rng) {
  if (h.output == Activation::softmax) {
    const std::uint32_t cls = rng.below(static_cast<std::uint32_t>(h.units));
    for (int k = 0; k < h.units; ++k) t.push_back(static_cast<std::uint32_t>(k) == cls ? 1.0f : 0.0f);
  } else if (h.loss == Loss::bce) {
    t.push_back(static_cast<float>(rng.below(2)));
  } else {
    t.push_back(rng.uniform(-0.9f, 0.9f));
  }
}

// ∂L_r/∂x_r of each example's own loss by central differences of the reference, h = 1e-6.
std::vector<double> numerical_input_gradients(const reference::Network& net, const std::vector<double>& theta,
                                              const std::vector<float>& inputs, const std::vector<float>& targets,
                                              int count) {
  const int width = net.widths.front(), outputs = net.widths.back();
  const double h = 1e-6;
  std::vector<double> g;
  for (int r = 0; r < count; ++r) {
    std::vector<double> x(inputs.begin() + r * width, inputs.begin() + (r + 1) * width);
    const std::vector<double> t(targets.begin() + r * outputs, targets.begin() + (r + 1) * outputs);
    for (int i = 0; i < width; ++i) {
      const double saved = x[static_cast<std::size_t>(i)];
      x[static_cast<std::size_t>(i)] = saved + h;
      const double up = net.example_loss(net.forward(theta, x.data()), t.data());
      x[static_cast<std::size_t>(i)] = saved - h;
      const double down = net.example_loss(net.forward(theta, x.data()), t.data());
      x[static_cast<std::size_t>(i)] = saved;
      g.push_back((up - down) / (2 * h));
    }
  }
  return g;
}

std::vector<float> copy(const bp::MatrixView& v) { return std::vector<float>(v.begin(), v.end()); }

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// A session on `count` random rows of `width` inputs; the rows and targets are returned too.
struct Rows {
  std::unique_ptr<bp::Session> session;
  std::vector<float> inputs, targets;
};

Rows rows_session(const bp::NetworkConfig& c, const Head& h, int count, std::uint32_t seed) {
  Rows out;
  bp::Random rng(seed, bp::Stream::data);
  const int width = c.layers.front();
  for (int r = 0; r < count; ++r) {
    for (int i = 0; i < width; ++i) out.inputs.push_back(rng.uniform(-1.5f, 1.5f));
    push_target(out.targets, h, rng);
  }
  auto data = bp::make_dataset_from_rows(width, c.layers.back(), out.inputs, out.targets, {}, {},
                                         bp::Problem::regression);
  REQUIRE(data.ok());
  auto s = bp::Session::create(c, *data);
  INFO((s.ok() ? std::string() : s.message()));
  REQUIRE(s.ok());
  out.session = std::move(*s);
  return out;
}

}  // namespace

TEST_CASE("input gradients equal finite differences of each example's loss", "[input-gradient]") {
  for (Activation hidden : hiddens) {
    for (const Head& h : heads) {
      // 70 rows: more than one chunk of the engine's 64.
      const bp::NetworkConfig c = network({5, 6, 4, h.units}, hidden, h, 7);
      Rows p = rows_session(c, h, 70, 41);
      p.session->train(3);  // off the initial weights
      const auto theta_f = copy(p.session->parameters());
      const std::vector<double> theta(theta_f.begin(), theta_f.end());
      std::vector<float> g(70 * 5, -99.0f);
      REQUIRE(p.session->input_gradients(p.inputs.data(), p.targets.data(), 70, g.data(), g.size()).ok());
      require_close(g, numerical_input_gradients(reference::of(c), theta, p.inputs, p.targets, 70), describe(hidden, h));
    }
  }
}

TEST_CASE("input gradients leave the weights, the gradients and the step-through's views alone", "[input-gradient]") {
  const Head h = heads[4];
  const bp::NetworkConfig c = network({5, 6, 4, h.units}, Activation::tanh, h, 7);
  Rows p = rows_session(c, h, 20, 42);
  auto& s = *p.session;
  REQUIRE(s.forward(p.inputs.data()).ok());
  REQUIRE(s.backward(p.targets.data()).ok());
  const auto parameters = copy(s.parameters()), gradients = copy(s.gradients()), deltas = copy(s.deltas(0));
  const auto view = copy(s.input_gradient());
  std::vector<float> g(20 * 5);
  REQUIRE(s.input_gradients(p.inputs.data(), p.targets.data(), 20, g.data(), g.size()).ok());
  CHECK(same_bits(copy(s.parameters()), parameters));
  CHECK(same_bits(copy(s.gradients()), gradients));
  CHECK(same_bits(copy(s.deltas(0)), deltas));
  CHECK(same_bits(copy(s.input_gradient()), view));
  // The backward() view is the first example's row, bit for bit (the same kernels on one row).
  REQUIRE(view.size() == 5);
  CHECK(same_bits(view, std::vector<float>(g.begin(), g.begin() + 5)));
}

TEST_CASE("input_gradient() follows backward() and compute_gradients(), and is empty after training", "[input-gradient]") {
  const Head h = heads[0];
  const bp::NetworkConfig c = network({3, 4, 1}, Activation::tanh, h, 4);
  Rows p = rows_session(c, h, 8, 43);
  auto& s = *p.session;
  CHECK(s.input_gradient().shape()[0] == 0);  // nothing computed yet
  REQUIRE(s.compute_gradients(p.inputs.data(), p.targets.data(), 3).ok());
  const auto theta_f = copy(s.parameters());
  const std::vector<double> theta(theta_f.begin(), theta_f.end());
  REQUIRE(s.input_gradient().shape()[0] == 3);
  require_close(copy(s.input_gradient()), numerical_input_gradients(reference::of(c), theta, p.inputs, p.targets, 3),
                "compute_gradients");
  s.train(1);
  CHECK(s.input_gradient().shape()[0] == 0);
  CHECK(s.input_gradient().shape()[1] == 3);
  REQUIRE(s.forward(p.inputs.data()).ok());
  CHECK(s.input_gradient().shape()[0] == 0);  // forward alone: no gradient yet
  REQUIRE(s.backward(p.targets.data()).ok());
  CHECK(s.input_gradient().shape()[0] == 1);
}

TEST_CASE("point gradients equal finite differences through every feature", "[input-gradient]") {
  using bp::Feature;
  // The reference's features of (x, y) in double, in the engine's order.
  auto features_of = [](double x, double y, const std::vector<Feature>& fs) {
    std::vector<double> row;
    for (Feature f : fs) {
      switch (f) {
        case Feature::x: row.push_back(x); break;
        case Feature::y: row.push_back(y); break;
        case Feature::x_squared: row.push_back(x * x); break;
        case Feature::y_squared: row.push_back(y * y); break;
        case Feature::x_times_y: row.push_back(x * y); break;
        case Feature::sin_x: row.push_back(std::sin(x)); break;
        case Feature::sin_y: row.push_back(std::sin(y)); break;
      }
    }
    return row;
  };
  const std::vector<std::vector<Feature>> sets = {
      {Feature::x, Feature::y},
      {Feature::x, Feature::y, Feature::x_squared, Feature::y_squared, Feature::x_times_y, Feature::sin_x, Feature::sin_y},
      {Feature::sin_y, Feature::x_times_y, Feature::x_squared}};
  for (const auto& features : sets) {
    // (Softmax heads are covered above; the 2-D data sets have two classes.)
    for (const Head& h : {heads[0], heads[2]}) {
      const int width = static_cast<int>(features.size());
      const bp::NetworkConfig c = network({width, 5, 3, h.units}, Activation::tanh, h, 10);
      bp::DataConfig d;
      d.name = bp::DatasetName::circle;
      d.features = features;
      d.seed = 7;
      auto data = bp::make_dataset(d);
      INFO((data.ok() ? std::string() : data.message()));
      REQUIRE(data.ok());
      auto created = bp::Session::create(c, *data);
      INFO((created.ok() ? std::string() : created.message()));
      REQUIRE(created.ok());
      auto& s = **created;
      s.train(20);
      bp::Random rng(3, bp::Stream::data);
      std::vector<float> points, targets;
      for (int r = 0; r < 66; ++r) {
        points.push_back(rng.uniform(-5.0f, 5.0f));
        points.push_back(rng.uniform(-5.0f, 5.0f));
        push_target(targets, h, rng);
      }
      std::vector<float> g(66 * 2, -99.0f);
      REQUIRE(s.point_gradients(points.data(), targets.data(), 66, g.data(), g.size()).ok());
      const auto theta_f = copy(s.parameters());
      const std::vector<double> theta(theta_f.begin(), theta_f.end());
      const reference::Network net = reference::of(c);
      std::vector<double> expected;
      const double step = 1e-6;
      for (int r = 0; r < 66; ++r) {
        const double x = points[2 * r], y = points[2 * r + 1];
        const std::vector<double> t(targets.begin() + r * h.units, targets.begin() + (r + 1) * h.units);
        auto loss = [&](double px, double py) {
          return net.example_loss(net.forward(theta, features_of(px, py, features).data()), t.data());
        };
        expected.push_back((loss(x + step, y) - loss(x - step, y)) / (2 * step));
        expected.push_back((loss(x, y + step) - loss(x, y - step)) / (2 * step));
      }
      require_close(g, expected, "features " + std::to_string(width) + ", " + describe(Activation::tanh, h));
    }
  }
}

TEST_CASE("input and point gradients refuse bad arguments", "[input-gradient][bad-input]") {
  const Head h = heads[0];
  const bp::NetworkConfig c = network({3, 4, 1}, Activation::tanh, h, 4);
  Rows p = rows_session(c, h, 8, 44);
  auto& s = *p.session;
  std::vector<float> g(8 * 3);
  auto message = [](const bp::Status& st) { return st.ok() ? std::string("ok") : st.message(); };
  CHECK(message(s.input_gradients(p.inputs.data(), p.targets.data(), 0, g.data(), g.size())).find("at least one") != std::string::npos);
  CHECK(message(s.input_gradients(p.inputs.data(), p.targets.data(), 8, g.data(), 23)).find("buffer holds 23 floats") != std::string::npos);
  std::vector<float> bad = p.inputs;
  bad[5] = std::nanf("");
  CHECK(message(s.input_gradients(bad.data(), p.targets.data(), 8, g.data(), g.size())).find("input") != std::string::npos);
  // A session made from rows has no (x, y) to differentiate by.
  CHECK(message(s.point_gradients(p.inputs.data(), p.targets.data(), 1, g.data(), g.size())).find("(x, y) features") != std::string::npos);
}
