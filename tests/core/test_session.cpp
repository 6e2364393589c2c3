// The training session: determinism, learning on the playground's data sets, divergence,
// reset, metrics, grid evaluation and the promise that a training step never allocates.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

#include "data.hpp"
#include "reference.hpp"
#include "session.hpp"

// Every allocation in this test binary is counted, so a test can assert that none happens.
namespace {
std::atomic<long> allocations{0};
}
void* operator new(std::size_t size) {
  ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

std::unique_ptr<bp::Session> make(const bp::NetworkConfig& network, const bp::DataConfig& data) {
  auto dataset = bp::make_dataset(data);
  REQUIRE(dataset.ok());
  auto session = bp::Session::create(network, *dataset);
  INFO((session.ok() ? std::string() : session.message()));
  REQUIRE(session.ok());
  return std::move(*session);
}

bp::DataConfig dataset(bp::DatasetName name, std::uint32_t seed) {
  bp::DataConfig d;
  d.name = name;
  d.seed = seed;
  return d;
}

// A 3-4-2-1 network on circle data with the features x, y² and sin x, trained `steps` steps.
std::unique_ptr<bp::Session> three_feature_session(std::uint32_t seed, int steps) {
  bp::NetworkConfig network;
  network.layers = {3, 4, 2, 1};
  bp::DataConfig data = dataset(bp::DatasetName::circle, seed);
  data.features = {bp::Feature::x, bp::Feature::y_squared, bp::Feature::sin_x};
  auto s = make(network, data);
  s->train(steps);
  return s;
}

std::vector<float> copy(const bp::MatrixView& v) { return std::vector<float>(v.begin(), v.end()); }

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}


}  // namespace

TEST_CASE("the same seed gives bit-identical weights after 1,000 steps", "[session][determinism]") {
  bp::NetworkConfig network;
  network.layers = {2, 8, 8, 1};
  network.activations = {bp::Activation::tanh, bp::Activation::relu};
  network.optimizer = bp::Optimizer::adam;
  network.learning_rate = 0.01f;
  network.seed = 99;
  auto a = make(network, dataset(bp::DatasetName::spiral, 3));
  auto b = make(network, dataset(bp::DatasetName::spiral, 3));
  a->train(1000);
  b->train(1000);
  REQUIRE(a->metrics().step == 1000);
  REQUIRE(same_bits(copy(a->parameters()), copy(b->parameters())));
  REQUIRE(same_bits(copy(a->moment2()), copy(b->moment2())));

  network.seed = 100;
  auto c = make(network, dataset(bp::DatasetName::spiral, 3));
  c->train(1000);
  REQUIRE_FALSE(same_bits(copy(a->parameters()), copy(c->parameters())));

  // reset(seed) replays the run exactly.
  a->reset(99);
  REQUIRE(a->metrics().step == 0);
  a->train(1000);
  REQUIRE(same_bits(copy(a->parameters()), copy(b->parameters())));
}

TEST_CASE("TensorFlow Playground's defaults learn circle, xor and gauss", "[session][learning]") {
  // 2-4-2-1 tanh, learning rate 0.03, batch 10, features x and y, no noise, half the points
  // for training: ≥ 95 % test accuracy within 500 epochs (12,500 steps) for each seed.
  const bp::NetworkConfig defaults;
  for (auto name : {bp::DatasetName::circle, bp::DatasetName::xor_, bp::DatasetName::gauss}) {
    for (std::uint32_t seed = 1; seed <= 5; ++seed) {
      bp::NetworkConfig network = defaults;
      network.seed = seed;
      auto s = make(network, dataset(name, seed));
      REQUIRE(s->train_count() == 250);
      const bp::Metrics before = s->metrics();
      const bp::Metrics after = s->train(12500);
      INFO(bp::name_of(name) << " seed " << seed << ": test accuracy " << after.test_accuracy << ", test loss "
                             << after.test_loss);
      CHECK(after.epoch == 500);
      CHECK(after.test_accuracy >= 0.95);
      CHECK(after.test_loss < before.test_loss);
    }
  }
}

TEST_CASE("a larger network learns the spiral", "[session][learning]") {
  bp::NetworkConfig network;
  network.layers = {2, 16, 16, 16, 1};
  network.activations.assign(3, bp::Activation::tanh);
  network.optimizer = bp::Optimizer::adam;
  network.learning_rate = 0.01f;
  for (std::uint32_t seed : {1u, 2u}) {
    network.seed = seed;
    auto s = make(network, dataset(bp::DatasetName::spiral, seed));
    const bp::Metrics m = s->train(25000);  // 1,000 epochs
    INFO("seed " << seed << ": test accuracy " << m.test_accuracy);
    CHECK(m.test_accuracy >= 0.95);
  }
}

TEST_CASE("regression on the plane reaches a small test loss", "[session][learning]") {
  bp::NetworkConfig network;
  network.output = bp::Activation::linear;
  auto s = make(network, dataset(bp::DatasetName::plane, 4));
  REQUIRE(s->train_count() == 600);
  const bp::Metrics m = s->train(6000);  // 100 epochs
  CHECK(m.epoch == 100);
  CHECK(m.test_loss < 0.002);
  CHECK(std::isnan(m.test_accuracy));
}

TEST_CASE("metrics equal an independent computation over all examples", "[session]") {
  bp::NetworkConfig network;
  network.regularization = bp::Regularization::l2;
  network.regularization_rate = 0.01f;
  auto data = bp::make_dataset(dataset(bp::DatasetName::xor_, 8));
  REQUIRE(data.ok());
  auto created = bp::Session::create(network, *data);
  REQUIRE(created.ok());
  bp::Session& s = **created;
  s.train(300);
  const bp::Metrics m = s.metrics();
  const auto theta_f = copy(s.parameters());
  const std::vector<double> theta(theta_f.begin(), theta_f.end());
  const reference::Network net = reference::of(network);
  double loss = 0, penalty = 0;
  int correct = 0;
  for (const bp::Point& p : data->test_points) {
    const double x[] = {p.x, p.y};
    const double a = net.forward(theta, x)[0];
    loss += 0.5 * (a - p.label) * (a - p.label);
    correct += (a >= 0) == (p.label >= 0);
  }
  const auto n = static_cast<double>(data->test_points.size());
  for (int l = 0; l < s.layer_count(); ++l)
    for (float w : s.weights(l)) penalty += 0.5 * static_cast<double>(w) * w;
  CHECK(m.step == 300);
  CHECK(m.epoch == 12);
  CHECK(m.test_loss == Approx(loss / n).epsilon(1e-5));
  CHECK(m.test_accuracy == Approx(correct / n));
  CHECK(m.regularization_loss == Approx(0.01 * penalty).epsilon(1e-5));
  CHECK(m.test_loss_regularized == Approx(m.test_loss + m.regularization_loss));
}

TEST_CASE("a diverging run stops, keeps finite weights and can be reset", "[session][divergence]") {
  bp::NetworkConfig network;
  network.layers = {2, 8, 8, 1};
  network.activations = {bp::Activation::relu, bp::Activation::relu};
  network.output = bp::Activation::linear;
  network.learning_rate = 50.0f;
  auto s = make(network, dataset(bp::DatasetName::plane, 1));
  const bp::Metrics m = s->train(1000);
  REQUIRE(m.diverged);
  REQUIRE(m.step < 1000);
  for (float v : s->parameters()) REQUIRE(std::isfinite(v));
  const auto frozen = copy(s->parameters());
  const std::int64_t steps = m.step;
  s->train(10);
  CHECK(s->metrics().step == steps);
  CHECK(same_bits(copy(s->parameters()), frozen));
  CHECK_FALSE(s->update().ok());

  s->reset(1);
  CHECK_FALSE(s->metrics().diverged);
  CHECK(s->metrics().step == 0);
  auto fresh = make(network, dataset(bp::DatasetName::plane, 1));
  CHECK(same_bits(copy(s->parameters()), copy(fresh->parameters())));
  CHECK(s->train(1).step == 1);
}

TEST_CASE("training, metrics and grids allocate nothing", "[session]") {
  bp::NetworkConfig network;
  network.layers = {3, 8, 8, 2};
  network.output = bp::Activation::softmax;
  network.loss = bp::Loss::softmax_cross_entropy;
  network.activations.assign(2, bp::Activation::relu);
  network.optimizer = bp::Optimizer::adam;
  bp::DataConfig data = dataset(bp::DatasetName::moons, 2);
  data.features = {bp::Feature::x, bp::Feature::y, bp::Feature::x_times_y};
  auto s = make(network, data);
  std::vector<float> grid(static_cast<std::size_t>(s->grid_neuron_count()) * 50 * 50);
  s->train(1);
  const long before = allocations.load();
  s->train(500);
  s->metrics();
  REQUIRE(s->evaluate_grid(50, grid.data(), grid.size()).ok());
  CHECK(allocations.load() == before);
}

TEST_CASE("evaluate_grid gives every neuron's output laid out (neuron, row, col)", "[session][grid]") {
  auto s = three_feature_session(5, 50);
  const int n = 5;
  REQUIRE(s->grid_neuron_count() == 3 + 4 + 2 + 1);
  std::vector<float> grid(static_cast<std::size_t>(s->grid_neuron_count()) * n * n, -99.0f);
  REQUIRE(s->evaluate_grid(n, grid.data(), grid.size()).ok());
  for (int row = 0; row < n; ++row) {
    for (int col = 0; col < n; ++col) {
      const float x = -6.0f + 3.0f * static_cast<float>(col), y = 6.0f - 3.0f * static_cast<float>(row);
      const float input[] = {x, y * y, static_cast<float>(std::sin(static_cast<double>(x)))};
      REQUIRE(s->forward(input).ok());
      auto at = [&](int neuron) { return grid[static_cast<std::size_t>(neuron * n * n + row * n + col)]; };
      CHECK(at(0) == x);
      CHECK(at(1) == y * y);
      CHECK(at(2) == Approx(input[2]).margin(1e-6));
      int neuron = 3;
      for (int l = 0; l < s->layer_count(); ++l) {
        const auto a = s->activations(l);
        // tanh to display accuracy (math.hpp tanh_display): within 2e-6 a unit, a few of those after two layers.
        for (std::size_t k = 0; k < a.shape()[1]; ++k) CHECK(at(neuron++) == Approx(a(0, k)).margin(1e-5));
      }
    }
  }
}

TEST_CASE("evaluate_grid's output at the largest network is the forward pass's to display accuracy", "[session][grid]") {
  // 8 hidden tanh layers of 16, all seven features: display tanh's 2e-6 a unit, through 8 layers.
  bp::NetworkConfig network;
  network.layers = {7, 16, 16, 16, 16, 16, 16, 16, 16, 1};
  network.activations.assign(8, bp::Activation::tanh);
  bp::DataConfig data = dataset(bp::DatasetName::spiral, 2);
  data.features = {bp::Feature::x, bp::Feature::y, bp::Feature::x_squared, bp::Feature::y_squared,
                   bp::Feature::x_times_y, bp::Feature::sin_x, bp::Feature::sin_y};
  auto s = make(network, data);
  s->train(300);
  const int n = 9;
  const int output = s->grid_neuron_count() - 1;
  std::vector<float> grid(static_cast<std::size_t>(n) * n);
  REQUIRE(s->evaluate_grid(n, grid.data(), grid.size(), {}, output).ok());
  double worst = 0;
  for (int row = 0; row < n; ++row) {
    for (int col = 0; col < n; ++col) {
      const float x = -6.0f + 1.5f * static_cast<float>(col), y = 6.0f - 1.5f * static_cast<float>(row);
      const float input[] = {x, y, x * x, y * y, x * y, static_cast<float>(std::sin(static_cast<double>(x))),
                             static_cast<float>(std::sin(static_cast<double>(y)))};
      REQUIRE(s->forward(input).ok());
      const float exact = s->activations(s->layer_count() - 1)(0, 0);
      worst = std::max(worst, std::fabs(static_cast<double>(grid[static_cast<std::size_t>(row * n + col)]) - exact));
    }
  }
  INFO("largest difference " << worst);
  CHECK(worst <= 2e-5);
}

TEST_CASE("evaluate_grid's sample is every neuron at every k-th row and column of the same pass", "[session][grid]") {
  auto s = three_feature_session(7, 80);
  const int n = 10, every = 3, m = 4;  // rows and columns 0, 3, 6, 9
  const int count = s->grid_neuron_count();
  std::vector<float> full(static_cast<std::size_t>(count) * n * n);
  REQUIRE(s->evaluate_grid(n, full.data(), full.size()).ok());
  std::vector<float> output(static_cast<std::size_t>(n) * n);
  std::vector<float> sample(static_cast<std::size_t>(count) * m * m, -99.0f);
  REQUIRE(s->evaluate_grid(n, output.data(), output.size(), {}, count - 1, {every, sample.data(), sample.size()}).ok());
  std::vector<float> small(static_cast<std::size_t>(count) * m * m);
  REQUIRE(s->evaluate_grid(m, small.data(), small.size()).ok());
  auto bits = [](float v) { std::uint32_t u; std::memcpy(&u, &v, sizeof u); return u; };
  for (int k = 0; k < count; ++k) {
    for (int i = 0; i < m; ++i) {
      for (int j = 0; j < m; ++j) {
        const float got = sample[static_cast<std::size_t>((k * m + i) * m + j)];
        const float cell = full[static_cast<std::size_t>((k * n + i * every) * n + j * every)];
        INFO("neuron " << k << ", sample cell " << i << ", " << j);
        CHECK(bits(got) == bits(cell));
        // The same points as an m×m grid but for the rounding of their positions.
        CHECK(got == Approx(small[static_cast<std::size_t>((k * m + i) * m + j)]).margin(1e-5));
      }
    }
  }
  for (int c = 0; c < n * n; ++c) CHECK(bits(output[static_cast<std::size_t>(c)]) == bits(full[static_cast<std::size_t>((count - 1) * n * n + c)]));
  // Refused: a step that does not divide n - 1, a short buffer, a negative step.
  const bp::Status uneven = s->evaluate_grid(n, output.data(), output.size(), {}, count - 1, {4, sample.data(), sample.size()});
  CHECK(!uneven.ok());
  CHECK_THAT(uneven.message(), Catch::Contains("multiple"));
  const bp::Status short_buffer = s->evaluate_grid(n, output.data(), output.size(), {}, count - 1, {every, sample.data(), sample.size() - 1});
  CHECK(!short_buffer.ok());
  CHECK_THAT(short_buffer.message(), Catch::Contains(std::to_string(sample.size())));
  CHECK(!s->evaluate_grid(n, output.data(), output.size(), {}, count - 1, {-1, sample.data(), sample.size()}).ok());
}

TEST_CASE("evaluate_grid from a first neuron writes only those, bit-identical to the full grid's tail", "[session][grid]") {
  bp::NetworkConfig network;
  network.layers = {2, 5, 3, 2};
  auto s = make(network, dataset(bp::DatasetName::xor_, 3));
  s->train(40);
  const int n = 7;
  const int count = s->grid_neuron_count();
  const std::size_t cells = static_cast<std::size_t>(n) * n;
  std::vector<float> full(static_cast<std::size_t>(count) * cells);
  REQUIRE(s->evaluate_grid(n, full.data(), full.size()).ok());
  for (int first : {count - 2, count - 1, 3, 0}) {
    const std::size_t written = static_cast<std::size_t>(count - first) * cells;
    std::vector<float> part(written + 1, -99.0f);  // one float past the end: never written
    REQUIRE(s->evaluate_grid(n, part.data(), written, {}, first).ok());
    CHECK(std::memcmp(part.data(), full.data() + static_cast<std::size_t>(first) * cells, written * sizeof(float)) == 0);
    CHECK(part[written] == -99.0f);
  }
  // The buffer check counts the neurons written; a first neuron outside the grid is refused.
  std::vector<float> two(cells * 2);
  CHECK(!s->evaluate_grid(n, two.data(), two.size() - 1, {}, count - 2).ok());
  CHECK(s->evaluate_grid(n, two.data(), two.size(), {}, count - 2).ok());
  const bp::Status past = s->evaluate_grid(n, full.data(), full.size(), {}, count);
  REQUIRE(!past.ok());
  CHECK_THAT(past.message(), Catch::Contains("first neuron"));
  CHECK(!s->evaluate_grid(n, full.data(), full.size(), {}, -1).ok());
}

TEST_CASE("views show the last batch and stay valid across steps and reset", "[session]") {
  bp::NetworkConfig network;
  network.batch_size = 7;
  auto s = make(network, dataset(bp::DatasetName::gauss, 1));
  auto w0 = s->weights(0);
  const float* data = w0.data();
  s->train(3);
  CHECK(s->rows() == 7);
  CHECK(s->activations(1).shape()[0] == 7);
  CHECK(s->activations(1).shape()[1] == 2);
  CHECK(s->deltas(2).shape()[1] == 1);
  CHECK(s->weights(0).shape()[0] == 4);
  CHECK(s->weights(0).shape()[1] == 2);
  s->reset(5);
  CHECK(s->weights(0).data() == data);
  CHECK(s->weights(3).size() == 0);  // out of range: an empty view, not undefined behaviour
  CHECK(s->deltas(-1).size() == 0);
}

TEST_CASE("zero initialization keeps the neurons of a layer identical (the symmetry problem)", "[session]") {
  bp::NetworkConfig network;
  network.init = bp::Init::zero;
  auto s = make(network, dataset(bp::DatasetName::circle, 1));
  s->train(200);
  const auto w = s->weights(1);  // (2, 4): both neurons of the second hidden layer
  for (std::size_t i = 0; i < w.shape()[1]; ++i) CHECK(w(0, i) == w(1, i));
}
