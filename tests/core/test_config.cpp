#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "config.hpp"
#include "data.hpp"

namespace {

using bp::Activation;

template <class T>
T parsed_ok(bp::Result<T> result) {
  INFO("message: " << (result.ok() ? std::string() : result.message()));
  REQUIRE(result.ok());
  return result.value();
}

void require_equal(const bp::NetworkConfig& a, const bp::NetworkConfig& b) {
  CHECK(a.layers == b.layers);
  CHECK(a.activations == b.activations);
  CHECK(a.output == b.output);
  CHECK(a.loss == b.loss);
  CHECK(a.init == b.init);
  CHECK(a.optimizer == b.optimizer);
  CHECK(a.learning_rate == b.learning_rate);
  CHECK(a.batch_size == b.batch_size);
  CHECK(a.regularization == b.regularization);
  CHECK(a.regularization_rate == b.regularization_rate);
  CHECK(a.momentum == b.momentum);
  CHECK(a.rho == b.rho);
  CHECK(a.beta1 == b.beta1);
  CHECK(a.beta2 == b.beta2);
  CHECK(a.epsilon == b.epsilon);
  CHECK(a.seed == b.seed);
}

bool same_point(const bp::Point& a, const bp::Point& b) { return a.x == b.x && a.y == b.y && a.label == b.label; }

void require_equal(const bp::DataConfig& a, const bp::DataConfig& b) {
  CHECK(a.name == b.name);
  CHECK(a.count == b.count);
  CHECK(a.noise == b.noise);
  CHECK(a.train_ratio == b.train_ratio);
  CHECK(a.seed == b.seed);
  CHECK(a.features == b.features);
  CHECK(a.problem == b.problem);
  REQUIRE(a.points.size() == b.points.size());
  for (std::size_t i = 0; i < a.points.size(); ++i) {
    INFO("point " << i);
    CHECK(same_point(a.points[i], b.points[i]));
  }
}

std::vector<bp::Point> sorted(std::vector<bp::Point> points) {
  std::sort(points.begin(), points.end(), [](const bp::Point& a, const bp::Point& b) {
    return std::tie(a.x, a.y, a.label) < std::tie(b.x, b.y, b.label);
  });
  return points;
}

}  // namespace

TEST_CASE("config: network defaults are TensorFlow Playground's", "[config]") {
  const bp::NetworkConfig c;
  CHECK(c.layers == std::vector<int>{2, 4, 2, 1});
  CHECK(c.activations == std::vector<Activation>{Activation::tanh, Activation::tanh});
  CHECK(c.output == Activation::tanh);
  CHECK(c.loss == bp::Loss::mse);
  CHECK(c.init == bp::Init::uniform);
  CHECK(c.optimizer == bp::Optimizer::sgd);
  CHECK(c.learning_rate == 0.03f);
  CHECK(c.batch_size == 10);
  CHECK(c.regularization == bp::Regularization::none);
  CHECK(c.regularization_rate == 0.0f);
  CHECK(bp::validate(c).ok());
}

TEST_CASE("config: data defaults", "[config]") {
  const bp::DataConfig c;
  CHECK(c.name == bp::DatasetName::circle);
  CHECK(c.count == 0);
  CHECK(c.noise == 0.0f);
  CHECK(c.train_ratio == 0.5f);
  CHECK(c.features == std::vector<bp::Feature>{bp::Feature::x, bp::Feature::y});
  CHECK(c.problem == bp::Problem::classification);
  CHECK(c.points.empty());
  CHECK(bp::validate(c).ok());
  CHECK(bp::default_count(bp::DatasetName::circle) == 500);
  CHECK(bp::default_count(bp::DatasetName::plane) == 1200);
}

TEST_CASE("config: an empty JSON object keeps the defaults", "[config]") {
  require_equal(parsed_ok(bp::parse_network_config("{}")), bp::NetworkConfig{});
  require_equal(parsed_ok(bp::parse_data_config("{}")), bp::DataConfig{});
}

TEST_CASE("config: a full network config parses into its fields", "[config]") {
  const auto c = parsed_ok(bp::parse_network_config(R"({
    "layers": [3, 8, 5, 2], "activation": ["relu", "leaky-relu"], "output": "softmax",
    "loss": "softmax-ce", "init": "he", "optimizer": "adam", "learningRate": 0.001,
    "batchSize": 32, "regularization": "l2", "regularizationRate": 0.0005, "momentum": 0.8,
    "rho": 0.95, "beta1": 0.85, "beta2": 0.99, "epsilon": 1e-6, "seed": 4294967295})"));
  CHECK(c.layers == std::vector<int>{3, 8, 5, 2});
  CHECK(c.activations == std::vector<Activation>{Activation::relu, Activation::leaky_relu});
  CHECK(c.output == Activation::softmax);
  CHECK(c.loss == bp::Loss::softmax_cross_entropy);
  CHECK(c.init == bp::Init::he);
  CHECK(c.optimizer == bp::Optimizer::adam);
  CHECK(c.learning_rate == 0.001f);
  CHECK(c.batch_size == 32);
  CHECK(c.regularization == bp::Regularization::l2);
  CHECK(c.regularization_rate == 0.0005f);
  CHECK(c.momentum == 0.8f);
  CHECK(c.rho == 0.95f);
  CHECK(c.beta1 == 0.85f);
  CHECK(c.beta2 == 0.99f);
  CHECK(c.epsilon == 1e-6f);
  CHECK(c.seed == 4294967295u);
}

TEST_CASE("config: a full data config parses into its fields", "[config]") {
  const auto c = parsed_ok(bp::parse_data_config(R"({
    "name": "spiral", "count": 300, "noise": 0.25, "trainRatio": 0.8, "seed": 7,
    "features": ["xSquared", "ySquared", "xTimesY", "sinX", "sinY", "x", "y"]})"));
  CHECK(c.name == bp::DatasetName::spiral);
  CHECK(c.count == 300);
  CHECK(c.noise == 0.25f);
  CHECK(c.train_ratio == 0.8f);
  CHECK(c.seed == 7u);
  CHECK(c.features == std::vector<bp::Feature>{bp::Feature::x_squared, bp::Feature::y_squared, bp::Feature::x_times_y,
                                               bp::Feature::sin_x, bp::Feature::sin_y, bp::Feature::x, bp::Feature::y});
  CHECK(c.problem == bp::Problem::classification);
}

TEST_CASE("config: the problem follows the data set name", "[config]") {
  CHECK(parsed_ok(bp::parse_data_config(R"({"name": "plane"})")).problem == bp::Problem::regression);
  CHECK(parsed_ok(bp::parse_data_config(R"({"name": "multigauss"})")).problem == bp::Problem::regression);
  CHECK(parsed_ok(bp::parse_data_config(R"({"name": "xor"})")).problem == bp::Problem::classification);
  const auto custom = parsed_ok(bp::parse_data_config(
      R"({"name": "custom", "problem": "regression", "points": [[0, 0, 3.5], [1, 1, -2]]})"));
  CHECK(custom.problem == bp::Problem::regression);
}

TEST_CASE("config: a single activation name applies to every hidden layer", "[config]") {
  const auto c = parsed_ok(bp::parse_network_config(R"({"layers": [2, 3, 3, 3, 1], "activation": "relu"})"));
  CHECK(c.activations == std::vector<Activation>(3, Activation::relu));
  const auto defaults = parsed_ok(bp::parse_network_config(R"({"activation": "sigmoid"})"));
  CHECK(defaults.activations == std::vector<Activation>(2, Activation::sigmoid));
  const auto no_hidden = parsed_ok(bp::parse_network_config(R"({"layers": [2, 1], "activation": "relu"})"));
  CHECK(no_hidden.activations.empty());
}

TEST_CASE("config: an activation array sets each hidden layer", "[config]") {
  const auto c = parsed_ok(
      bp::parse_network_config(R"({"layers": [2, 3, 3, 3, 1], "activation": ["relu", "sigmoid", "leaky-relu"]})"));
  CHECK(c.activations == std::vector<Activation>{Activation::relu, Activation::sigmoid, Activation::leaky_relu});
}

TEST_CASE("config: layers without activation get tanh hidden layers", "[config]") {
  const auto c = parsed_ok(bp::parse_network_config(R"({"layers": [2, 5, 5, 5, 2]})"));
  CHECK(c.activations == std::vector<Activation>(3, Activation::tanh));
}

TEST_CASE("config: network config round-trips through JSON", "[config]") {
  bp::NetworkConfig c;
  c.layers = {4, 16, 8, 3, 3};
  c.activations = {Activation::relu, Activation::softplus, Activation::linear};
  c.output = Activation::softmax;
  c.loss = bp::Loss::softmax_cross_entropy;
  c.init = bp::Init::glorot;
  c.optimizer = bp::Optimizer::rmsprop;
  c.learning_rate = 0.0123f;
  c.batch_size = 4096;
  c.regularization = bp::Regularization::l1;
  c.regularization_rate = 0.003f;
  c.momentum = 0.5f;
  c.rho = 0.99f;
  c.beta1 = 0.7f;
  c.beta2 = 0.9999f;
  c.epsilon = 1e-7f;
  c.seed = 123456789u;
  REQUIRE(bp::validate(c).ok());
  const std::string json = bp::to_json(c);
  INFO(json);
  require_equal(parsed_ok(bp::parse_network_config(json)), c);
}

TEST_CASE("config: default network config round-trips through JSON", "[config]") {
  const bp::NetworkConfig c;
  const std::string json = bp::to_json(c);
  INFO(json);
  require_equal(parsed_ok(bp::parse_network_config(json)), c);
}

TEST_CASE("config: data config round-trips through JSON", "[config]") {
  bp::DataConfig c;
  c.name = bp::DatasetName::multigauss;
  c.count = 777;
  c.noise = 0.35f;
  c.train_ratio = 0.3f;
  c.seed = 4000000000u;
  c.features = {bp::Feature::sin_y, bp::Feature::x_times_y};
  c.problem = bp::Problem::regression;
  REQUIRE(bp::validate(c).ok());
  const std::string json = bp::to_json(c);
  INFO(json);
  require_equal(parsed_ok(bp::parse_data_config(json)), c);
}

TEST_CASE("config: custom points round-trip through JSON", "[config]") {
  bp::DataConfig c;
  c.name = bp::DatasetName::custom;
  c.count = 4;
  c.problem = bp::Problem::classification;
  c.points = {{0.1f, -0.2f, 1}, {-1000, 1000, -1}, {3.14159f, 2.71828f, 0}, {-0.3f, 0.7f, 1}};
  REQUIRE(bp::validate(c).ok());
  const std::string json = bp::to_json(c);
  INFO(json);
  require_equal(parsed_ok(bp::parse_data_config(json)), c);
}

TEST_CASE("config: default data config round-trips through JSON", "[config]") {
  const bp::DataConfig c;
  REQUIRE(bp::validate(c).ok());
  const std::string json = bp::to_json(c);
  INFO(json);
  require_equal(parsed_ok(bp::parse_data_config(json)), c);
}

TEST_CASE("config: custom points with the default count round-trip through JSON", "[config]") {
  bp::DataConfig c;
  c.name = bp::DatasetName::custom;
  c.points = {{1, 2, 1}, {-3, 4, -1}, {5, -6, 0}};
  REQUIRE(bp::validate(c).ok());
  const std::string json = bp::to_json(c);
  INFO(json);
  require_equal(parsed_ok(bp::parse_data_config(json)), c);
}

TEST_CASE("config: name_of gives the JSON names", "[config]") {
  CHECK(bp::name_of(Activation::leaky_relu) == "leaky-relu");
  CHECK(bp::name_of(Activation::softplus) == "softplus");
  CHECK(bp::name_of(bp::Loss::softmax_cross_entropy) == "softmax-ce");
  CHECK(bp::name_of(bp::Loss::bce) == "bce");
  CHECK(bp::name_of(bp::Regularization::none) == "none");
  CHECK(bp::name_of(bp::Init::glorot) == "glorot");
  CHECK(bp::name_of(bp::Optimizer::rmsprop) == "rmsprop");
  CHECK(bp::name_of(bp::Problem::regression) == "regression");
  CHECK(bp::name_of(bp::Feature::x_squared) == "xSquared");
  CHECK(bp::name_of(bp::Feature::x_times_y) == "xTimesY");
  CHECK(bp::name_of(bp::Feature::sin_y) == "sinY");
  CHECK(bp::name_of(bp::DatasetName::multigauss) == "multigauss");
  CHECK(bp::name_of(bp::DatasetName::xor_) == "xor");
}

TEST_CASE("config: every name parses back to its value", "[config]") {
  for (Activation a : {Activation::linear, Activation::relu, Activation::leaky_relu, Activation::tanh,
                       Activation::sigmoid, Activation::softplus}) {
    const auto c = parsed_ok(bp::parse_network_config("{\"activation\": \"" + std::string(bp::name_of(a)) + "\"}"));
    CHECK(c.activations == std::vector<Activation>(2, a));
  }
  for (auto name : {bp::DatasetName::circle, bp::DatasetName::xor_, bp::DatasetName::gauss, bp::DatasetName::spiral,
                    bp::DatasetName::moons, bp::DatasetName::checkerboard, bp::DatasetName::plane,
                    bp::DatasetName::multigauss}) {
    const auto c = parsed_ok(bp::parse_data_config("{\"name\": \"" + std::string(bp::name_of(name)) + "\"}"));
    CHECK(c.name == name);
  }
}

TEST_CASE("config: custom labels 0 and -1 both become the negative class", "[config]") {
  bp::DataConfig c;
  c.name = bp::DatasetName::custom;
  c.train_ratio = 1.0f;
  c.points = {{1, 1, 0}, {2, 2, -1}, {3, 3, 1}, {4, 4, 0}};
  const auto data = parsed_ok(bp::make_dataset(c));
  REQUIRE(data.train_points.size() == 4);
  REQUIRE(data.test_points.empty());
  for (const bp::Point& p : data.train_points) {
    INFO("point (" << p.x << ", " << p.y << ")");
    CHECK(p.label == (p.x == 3 ? 1.0f : -1.0f));
  }
  for (std::size_t i = 0; i < data.train_points.size(); ++i)
    CHECK(data.train_targets[i] == data.train_points[i].label);
}

TEST_CASE("config: custom regression labels are kept as given", "[config]") {
  bp::DataConfig c;
  c.name = bp::DatasetName::custom;
  c.problem = bp::Problem::regression;
  c.train_ratio = 1.0f;
  c.points = {{1, 1, 0}, {2, 2, -0.5f}, {3, 3, 2.5f}};
  const auto data = parsed_ok(bp::make_dataset(c));
  CHECK(data.problem == bp::Problem::regression);
  REQUIRE(data.train_points.size() == 3);
  for (const bp::Point& p : data.train_points) CHECK(p.label == (p.x == 1 ? 0.0f : p.x == 2 ? -0.5f : 2.5f));
}

TEST_CASE("config: a custom set splits at trainRatio and keeps every point", "[config]") {
  bp::DataConfig c;
  c.name = bp::DatasetName::custom;
  c.train_ratio = 0.5f;
  for (int i = 0; i < 10; ++i)
    c.points.push_back({static_cast<float>(i) * 0.5f - 2, static_cast<float>(i % 3), i % 2 == 0 ? 1.0f : -1.0f});
  const auto data = parsed_ok(bp::make_dataset(c));
  CHECK(data.train_points.size() == 5);
  CHECK(data.test_points.size() == 5);
  CHECK(data.train_count() == 5);
  CHECK(data.test_count() == 5);
  std::vector<bp::Point> all = data.train_points;
  all.insert(all.end(), data.test_points.begin(), data.test_points.end());
  const auto got = sorted(all), want = sorted(c.points);
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) CHECK(same_point(got[i], want[i]));
  REQUIRE(data.train_inputs.size() == 10);
  for (std::size_t i = 0; i < data.train_points.size(); ++i) {
    CHECK(data.train_inputs[2 * i] == data.train_points[i].x);
    CHECK(data.train_inputs[2 * i + 1] == data.train_points[i].y);
  }
}
