#include <catch2/catch.hpp>

#include <cmath>
#include <initializer_list>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "config.hpp"
#include "data.hpp"
#include "session.hpp"

namespace {

constexpr float nan_value = std::numeric_limits<float>::quiet_NaN();
constexpr float inf_value = std::numeric_limits<float>::infinity();

template <class R>
void require_refused(const R& result, std::initializer_list<const char*> expected) {
  REQUIRE_FALSE(result.ok());
  const std::string message = result.message();
  INFO("message: " << message);
  CHECK_FALSE(message.empty());
  for (const char* part : expected) CHECK_THAT(message, Catch::Contains(part));
}

void require_network_refused(const std::string& json, std::initializer_list<const char*> expected) {
  INFO("network config: " << json);
  require_refused(bp::parse_network_config(json), expected);
}

void require_data_refused(const std::string& json, std::initializer_list<const char*> expected) {
  INFO("data config: " << json);
  require_refused(bp::parse_data_config(json), expected);
}

bp::Dataset small_circle(int count = 20) {
  bp::DataConfig config;
  config.count = count;
  auto data = bp::make_dataset(config);
  REQUIRE(data.ok());
  return data.value();
}

std::unique_ptr<bp::Session> small_session() {
  bp::NetworkConfig config;
  config.layers = {2, 3, 1};
  config.activations = {bp::Activation::tanh};
  auto session = bp::Session::create(config, small_circle());
  REQUIRE(session.ok());
  return std::move(session.value());
}

}  // namespace

// ---- JSON text ----------------------------------------------------------------------------

TEST_CASE("bad input: invalid JSON text is refused", "[bad-input]") {
  require_network_refused("{layers: [2, 1]}", {"not valid JSON"});
  require_network_refused("", {"not valid JSON"});
  require_network_refused("{\"layers\": [2, 1]} trailing", {"not valid JSON"});
  require_data_refused("{\"name\": \"circle\"", {"not valid JSON"});
}

TEST_CASE("bad input: JSON that is not an object is refused", "[bad-input]") {
  require_network_refused("[2, 4, 1]", {"must be a JSON object"});
  require_network_refused("null", {"must be a JSON object"});
  require_data_refused("\"circle\"", {"must be a JSON object"});
  require_data_refused("42", {"must be a JSON object"});
}

TEST_CASE("bad input: unknown fields are named", "[bad-input]") {
  require_network_refused(R"({"learningrate": 0.1})", {"unknown field 'learningrate'", "learningRate"});
  require_network_refused(R"({"layers": [2, 1], "activations": "relu"})", {"unknown field 'activations'"});
  require_data_refused(R"({"name": "circle", "ratio": 0.5})", {"unknown field 'ratio'", "trainRatio"});
}

// ---- network config: names ---------------------------------------------------------------

TEST_CASE("bad input: unknown activation names are refused with the allowed names", "[bad-input]") {
  require_network_refused(R"({"activation": "relux"})", {"activation", "relux", "leaky-relu"});
  require_network_refused(R"({"activation": ["relu", "relux"]})", {"activation[1]", "relux", "tanh"});
  require_network_refused(R"({"activation": "softmax"})", {"activation", "softplus"});
  require_network_refused(R"({"activation": 3})", {"activation", "relu"});
}

TEST_CASE("bad input: unknown output, loss, init, optimizer and regularization names", "[bad-input]") {
  require_network_refused(R"({"output": "relu"})", {"output", "sigmoid", "softmax"});
  require_network_refused(R"({"output": "softmaxx"})", {"output", "softmaxx"});
  require_network_refused(R"({"loss": "hinge"})", {"loss", "mse", "softmax-ce"});
  require_network_refused(R"({"init": "xavier"})", {"init", "glorot", "he"});
  require_network_refused(R"({"optimizer": "adagrad"})", {"optimizer", "rmsprop", "adam"});
  require_network_refused(R"({"regularization": "l3"})", {"regularization", "l1", "l2"});
}

// ---- network config: layers --------------------------------------------------------------

TEST_CASE("bad input: layer widths outside 1 to 1024 are refused", "[bad-input]") {
  require_network_refused(R"({"layers": [2, 0, 1]})", {"layers[1]", "1 to 1024", "got 0"});
  require_network_refused(R"({"layers": [2, 1025, 1]})", {"layers[1]", "1 to 1024", "1025"});
  require_network_refused(R"({"layers": [2, 4, -3]})", {"layers[2]", "1 to 1024"});
  require_network_refused(R"({"layers": [2, 2.5, 1]})", {"layers[1]", "integer"});
  require_network_refused(R"({"layers": ["2", 1]})", {"layers[0]", "integer"});
}

TEST_CASE("bad input: too many or too few layers are refused", "[bad-input]") {
  std::string seventeen_hidden = "{\"layers\": [2";
  for (int i = 0; i < 17; ++i) seventeen_hidden += ", 3";
  seventeen_hidden += ", 1]}";
  require_network_refused(seventeen_hidden, {"layers", "0 to 16 hidden layers"});
  require_network_refused(R"({"layers": [2]})", {"layers", "2 to 18"});
  require_network_refused(R"({"layers": []})", {"layers", "2 to 18"});
  require_network_refused(R"({"layers": 3})", {"layers", "array"});
}

TEST_CASE("bad input: sixteen hidden layers are accepted", "[bad-input]") {
  std::string sixteen_hidden = "{\"layers\": [2";
  for (int i = 0; i < 16; ++i) sixteen_hidden += ", 3";
  sixteen_hidden += ", 1]}";
  auto parsed = bp::parse_network_config(sixteen_hidden);
  INFO((parsed.ok() ? std::string() : parsed.message()));
  REQUIRE(parsed.ok());
  CHECK(parsed->layers.size() == 18);
  CHECK(parsed->activations.size() == 16);
}

TEST_CASE("bad input: an activation array of the wrong length is refused", "[bad-input]") {
  require_network_refused(R"({"activation": ["relu", "relu", "relu"]})", {"activation", "hidden layer", "(2)"});
  require_network_refused(R"({"layers": [2, 4, 1], "activation": []})", {"activation", "(1)"});
}

// ---- network config: numbers -------------------------------------------------------------

TEST_CASE("bad input: batchSize outside 1 to 4096 or not an integer", "[bad-input]") {
  require_network_refused(R"({"batchSize": 0})", {"batchSize", "1 to 4096"});
  require_network_refused(R"({"batchSize": 4097})", {"batchSize", "1 to 4096"});
  require_network_refused(R"({"batchSize": 2.5})", {"batchSize", "integer"});
  require_network_refused(R"({"batchSize": "10"})", {"batchSize", "integer"});
}

TEST_CASE("bad input: learningRate must be a positive finite number", "[bad-input]") {
  require_network_refused(R"({"learningRate": 0})", {"learningRate", "> 0"});
  require_network_refused(R"({"learningRate": -1})", {"learningRate", "> 0"});
  require_network_refused(R"({"learningRate": "0.03"})", {"learningRate", "number"});
  require_network_refused(R"({"learningRate": null})", {"learningRate", "number"});
  require_network_refused(R"({"learningRate": 1e39})", {"learningRate", "finite"});
}

TEST_CASE("bad input: regularizationRate must not be negative", "[bad-input]") {
  require_network_refused(R"({"regularizationRate": -0.001})", {"regularizationRate", ">= 0"});
  require_network_refused(R"({"regularizationRate": null})", {"regularizationRate", ">= 0"});
}

TEST_CASE("bad input: momentum, rho and betas must be below 1", "[bad-input]") {
  require_network_refused(R"({"momentum": 1.0})", {"momentum", "[0, 1)"});
  require_network_refused(R"({"rho": 1.0})", {"rho", "[0, 1)"});
  require_network_refused(R"({"beta1": 1.0})", {"beta1", "[0, 1)"});
  require_network_refused(R"({"beta2": 1.0})", {"beta2", "[0, 1)"});
  require_network_refused(R"({"momentum": -0.1})", {"momentum", "[0, 1)"});
}

TEST_CASE("bad input: epsilon must be positive", "[bad-input]") {
  require_network_refused(R"({"epsilon": 0})", {"epsilon", "> 0 and finite"});
  require_network_refused(R"({"epsilon": -1e-8})", {"epsilon", "> 0 and finite"});
}

TEST_CASE("bad input: seed must be a non-negative 32-bit integer", "[bad-input]") {
  require_network_refused(R"({"seed": -1})", {"seed", "integer", "from 0 to"});
  require_network_refused(R"({"seed": 1.5})", {"seed", "integer"});
  require_network_refused(R"({"seed": 4294967296})", {"seed", "integer"});
  require_data_refused(R"({"seed": -1})", {"seed", "integer"});
  require_data_refused(R"({"seed": 0.5})", {"seed", "integer"});
}

// ---- network config: combinations --------------------------------------------------------

TEST_CASE("bad input: loss and output must fit each other", "[bad-input]") {
  require_network_refused(R"({"loss": "bce", "output": "tanh"})", {"loss 'bce'", "output 'sigmoid'", "tanh"});
  require_network_refused(R"({"loss": "softmax-ce", "output": "tanh", "layers": [2, 3, 2]})",
                          {"loss 'softmax-ce'", "output 'softmax'", "tanh"});
}

TEST_CASE("bad input: softmax output needs at least 2 units", "[bad-input]") {
  require_network_refused(R"({"output": "softmax", "loss": "softmax-ce", "layers": [2, 4, 1]})",
                          {"output 'softmax'", "2 output units", "layers"});
  require_network_refused(R"({"output": "softmax"})", {"output 'softmax'", "2 output units"});
}

TEST_CASE("bad input: validate refuses what JSON cannot carry", "[bad-input]") {
  bp::NetworkConfig config;
  config.learning_rate = nan_value;
  require_refused(bp::validate(config), {"learningRate", "> 0"});
  config = {};
  config.learning_rate = inf_value;
  require_refused(bp::validate(config), {"learningRate", "finite"});
  config = {};
  config.regularization_rate = nan_value;
  require_refused(bp::validate(config), {"regularizationRate"});
  config = {};
  config.momentum = nan_value;
  require_refused(bp::validate(config), {"momentum", "[0, 1)"});
  config = {};
  config.beta2 = 1.0f;
  require_refused(bp::validate(config), {"beta2", "[0, 1)"});
  config = {};
  config.epsilon = nan_value;
  require_refused(bp::validate(config), {"epsilon", "> 0"});
}

TEST_CASE("bad input: validate refuses inconsistent layer lists", "[bad-input]") {
  bp::NetworkConfig config;
  config.layers = {2, 4, 1};
  require_refused(bp::validate(config), {"activation", "one name per hidden layer (1)"});
  config = {};
  config.activations = {bp::Activation::tanh, bp::Activation::softmax};
  require_refused(bp::validate(config), {"activation[1]", "softmax"});
  config = {};
  config.output = bp::Activation::relu;
  require_refused(bp::validate(config), {"output", "relu"});
  config = {};
  config.layers = {2};
  config.activations = {};
  require_refused(bp::validate(config), {"layers", "2 to 18"});
  config = {};
  config.batch_size = 0;
  require_refused(bp::validate(config), {"batchSize", "1 to 4096"});
}

// ---- data config -------------------------------------------------------------------------

TEST_CASE("bad input: unknown data set and feature names", "[bad-input]") {
  require_data_refused(R"({"name": "spirals"})", {"name", "spiral", "checkerboard", "custom"});
  require_data_refused(R"({"features": ["x", "z"]})", {"features[1]", "xSquared", "sinY"});
  require_data_refused(R"({"problem": "ranking"})", {"problem", "classification", "regression"});
}

TEST_CASE("bad input: duplicate or missing features", "[bad-input]") {
  require_data_refused(R"({"features": ["x", "y", "x"]})", {"features", "'x' twice"});
  require_data_refused(R"({"features": []})", {"features", "1 to 7"});
  require_data_refused(R"({"features": "x"})", {"features", "array"});
  bp::DataConfig config;
  config.features = {};
  require_refused(bp::validate(config), {"features", "at least one"});
}

TEST_CASE("bad input: noise outside 0 to 0.5", "[bad-input]") {
  require_data_refused(R"({"noise": 0.6})", {"noise", "0 to 0.5"});
  require_data_refused(R"({"noise": -0.1})", {"noise", "0 to 0.5"});
  bp::DataConfig config;
  config.noise = nan_value;
  require_refused(bp::validate(config), {"noise", "0 to 0.5"});
}

TEST_CASE("bad input: trainRatio outside (0, 1]", "[bad-input]") {
  require_data_refused(R"({"trainRatio": 0})", {"trainRatio", "(0, 1]"});
  require_data_refused(R"({"trainRatio": 1.5})", {"trainRatio", "(0, 1]"});
  bp::DataConfig config;
  config.train_ratio = nan_value;
  require_refused(bp::validate(config), {"trainRatio", "(0, 1]"});
}

TEST_CASE("bad input: a trainRatio that leaves no training example", "[bad-input]") {
  bp::DataConfig config;
  config.count = 2;
  config.train_ratio = 0.4f;
  require_refused(bp::make_dataset(config), {"trainRatio", "no training example"});
}

TEST_CASE("bad input: count outside 2 to 100000", "[bad-input]") {
  require_data_refused(R"({"count": 1})", {"count", "2 to 100000"});
  require_data_refused(R"({"count": 100001})", {"count", "2 to 100000"});
  require_data_refused(R"({"count": 10.5})", {"count", "integer"});
  bp::DataConfig config;
  config.count = 1;
  require_refused(bp::validate(config), {"count", "2 to 100000"});
}

TEST_CASE("bad input: malformed custom points are named by index", "[bad-input]") {
  require_data_refused(R"({"name": "custom", "points": [[0, 0, 1], [1, 2]]})", {"points[1]", "[x, y, label] triple"});
  require_data_refused(R"({"name": "custom", "points": [[0, 0, 1], 7]})", {"points[1]", "triple"});
  require_data_refused(R"({"name": "custom", "points": [[0, 0, 1], ["a", 0, 1]]})",
                       {"points[1].x", "-1000 to 1000"});
  require_data_refused(R"({"name": "custom", "points": [[0, 5000, 1], [0, 0, -1]]})",
                       {"points[0].y", "-1000 to 1000", "5000"});
  require_data_refused(R"({"name": "custom", "points": [[0, 0, 1], [1, 1, 2]]})",
                       {"points[1].label", "-1 or 0", "1 (positive class)"});
  require_data_refused(R"({"name": "custom", "points": [[0, 0, 1], [1, 1, null]]})", {"points[1].label"});
  require_data_refused(R"({"name": "custom", "points": {"x": 0}})", {"points", "array"});
}

TEST_CASE("bad input: a custom set needs at least 2 points", "[bad-input]") {
  require_data_refused(R"({"name": "custom", "points": [[0, 0, 1]]})", {"points", "2 to 100000"});
  require_data_refused(R"({"name": "custom"})", {"points", "2 to 100000", "custom"});
}

TEST_CASE("bad input: validate refuses non-finite custom points", "[bad-input]") {
  bp::DataConfig config;
  config.name = bp::DatasetName::custom;
  config.points = {{0, 0, 1}, {nan_value, 0, -1}};
  require_refused(bp::validate(config), {"points[1].x", "finite"});
  config.points = {{0, 0, 1}, {0, -inf_value, -1}};
  require_refused(bp::validate(config), {"points[1].y", "finite"});
  config.problem = bp::Problem::regression;
  config.points = {{0, 0, 1}, {0, 0, nan_value}};
  require_refused(bp::validate(config), {"points[1].label", "finite"});
}

TEST_CASE("bad input: points for a generated data set are refused", "[bad-input]") {
  require_data_refused(R"({"name": "circle", "points": [[0, 0, 1], [1, 1, -1]]})", {"points", "'custom'"});
}

// ---- rows --------------------------------------------------------------------------------

TEST_CASE("bad input: non-finite rows are named by index", "[bad-input]") {
  std::vector<float> inputs(8, 0.5f);
  inputs[3] = nan_value;
  require_refused(bp::make_dataset_from_rows(2, 1, inputs, {1, 1, 1, 1}, {}, {}, bp::Problem::regression),
                  {"trainInputs[3]", "finite"});
  require_refused(bp::make_dataset_from_rows(2, 1, {0, 0, 1, 1}, {1, inf_value}, {}, {}, bp::Problem::regression),
                  {"trainTargets[1]", "finite"});
  require_refused(bp::make_dataset_from_rows(2, 1, {0, 0}, {1}, {0, nan_value}, {1}, bp::Problem::regression),
                  {"testInputs[1]", "finite"});
  require_refused(bp::make_dataset_from_rows(2, 1, {0, 0}, {1}, {0, 0}, {nan_value}, bp::Problem::regression),
                  {"testTargets[0]", "finite"});
}

TEST_CASE("bad input: rows of the wrong size", "[bad-input]") {
  require_refused(bp::make_dataset_from_rows(2, 1, {0, 0, 1}, {1, 1}, {}, {}, bp::Problem::regression),
                  {"trainInputs", "multiple of the input width 2"});
  require_refused(bp::make_dataset_from_rows(2, 1, {0, 0, 1, 1}, {1}, {}, {}, bp::Problem::regression),
                  {"trainTargets", "need 2"});
  require_refused(bp::make_dataset_from_rows(2, 2, {0, 0}, {1, 0}, {0, 0}, {1}, bp::Problem::classification),
                  {"testTargets", "need 2"});
  require_refused(bp::make_dataset_from_rows(0, 1, {}, {}, {}, {}, bp::Problem::regression),
                  {"input width", "1 to 1024"});
  require_refused(bp::make_dataset_from_rows(2, 1025, {0, 0}, {}, {}, {}, bp::Problem::regression),
                  {"target width", "1 to 1024"});
}

TEST_CASE("bad input: rows with no training example", "[bad-input]") {
  require_refused(bp::make_dataset_from_rows(2, 1, {}, {}, {0, 0}, {1}, bp::Problem::regression),
                  {"trainInputs", "no example"});
}

// ---- session creation --------------------------------------------------------------------

TEST_CASE("bad input: Session::create refuses an invalid network config", "[bad-input]") {
  bp::NetworkConfig config;
  config.learning_rate = 0;
  require_refused(bp::Session::create(config, small_circle()), {"learningRate"});
}

TEST_CASE("bad input: features that do not match the input width", "[bad-input]") {
  bp::NetworkConfig config;
  config.layers = {3, 4, 1};
  config.activations = {bp::Activation::tanh};
  require_refused(bp::Session::create(config, small_circle()), {"layers[0]", "3", "2 inputs", "x, y"});
}

TEST_CASE("bad input: rows whose target width does not match the outputs", "[bad-input]") {
  auto data = bp::make_dataset_from_rows(2, 2, {0, 0, 1, 1}, {1, 0, 0, 1}, {}, {}, bp::Problem::classification);
  REQUIRE(data.ok());
  bp::NetworkConfig config;
  require_refused(bp::Session::create(config, data.value()), {"2 targets", "1 outputs", "layers"});
}

TEST_CASE("bad input: regression data with 2 outputs", "[bad-input]") {
  bp::DataConfig data_config;
  data_config.name = bp::DatasetName::plane;
  data_config.count = 20;
  auto data = bp::make_dataset(data_config);
  REQUIRE(data.ok());
  bp::NetworkConfig config;
  config.layers = {2, 4, 2};
  config.activations = {bp::Activation::tanh};
  require_refused(bp::Session::create(config, data.value()), {"regression", "layers", "1 output", "got 2"});
}

TEST_CASE("bad input: a network too large for the memory limit", "[bad-input]") {
  bp::NetworkConfig config;
  config.layers = {2};
  for (int i = 0; i < 16; ++i) config.layers.push_back(1024);
  config.layers.push_back(1);
  config.activations.assign(16, bp::Activation::relu);
  config.batch_size = 4096;
  REQUIRE(bp::validate(config).ok());
  require_refused(bp::Session::create(config, small_circle()), {"too large", "MiB", "1024 MiB"});
}

// ---- session calls -----------------------------------------------------------------------

TEST_CASE("bad input: evaluate_grid with a bad size or a small buffer", "[bad-input]") {
  auto session = small_session();
  const int neurons = session->grid_neuron_count();
  REQUIRE(neurons == 2 + 3 + 1);
  std::vector<float> grid(static_cast<std::size_t>(16 * neurons), -7.0f);
  require_refused(session->evaluate_grid(0, grid.data(), grid.size()), {"grid size", "1 to 1024", "got 0"});
  require_refused(session->evaluate_grid(-3, grid.data(), grid.size()), {"grid size", "1 to 1024"});
  require_refused(session->evaluate_grid(1025, grid.data(), grid.size()), {"grid size", "1 to 1024"});
  require_refused(session->evaluate_grid(4, grid.data(), grid.size() - 1), {"grid buffer", "95", "96"});
  require_refused(session->evaluate_grid(5, grid.data(), grid.size()), {"grid buffer", "150"});
  for (float v : grid) REQUIRE(v == -7.0f);
  CHECK(session->evaluate_grid(4, grid.data(), grid.size()).ok());
}

TEST_CASE("bad input: evaluate_grid with a non-finite domain", "[bad-input]") {
  auto session = small_session();
  std::vector<float> grid(static_cast<std::size_t>(4 * session->grid_neuron_count()));
  bp::GridDomain domain;
  domain.x_max = inf_value;
  require_refused(session->evaluate_grid(2, grid.data(), grid.size(), domain), {"domain", "finite"});
}

TEST_CASE("bad input: evaluate_grid on a session made from rows", "[bad-input]") {
  auto data = bp::make_dataset_from_rows(2, 1, {0, 0, 1, 1}, {1, -1}, {}, {}, bp::Problem::classification);
  REQUIRE(data.ok());
  bp::NetworkConfig config;
  auto session = bp::Session::create(config, data.value());
  REQUIRE(session.ok());
  std::vector<float> grid(static_cast<std::size_t>(4 * session.value()->grid_neuron_count()));
  require_refused(session.value()->evaluate_grid(2, grid.data(), grid.size()), {"features"});
}

TEST_CASE("bad input: set_weights with a wrong count, layer or value", "[bad-input]") {
  auto session = small_session();
  const std::vector<float> before(session->parameters().begin(), session->parameters().end());
  std::vector<float> values(6, 0.25f);
  require_refused(session->set_weights(0, values.data(), 5), {"weights of layer 0", "3x2", "6 values", "got 5"});
  require_refused(session->set_weights(2, values.data(), 6), {"layer index", "0 to 1", "got 2"});
  require_refused(session->set_weights(-1, values.data(), 6), {"layer index", "got -1"});
  values[2] = nan_value;
  require_refused(session->set_weights(0, values.data(), 6), {"weights[2]", "finite"});
  const std::vector<float> after(session->parameters().begin(), session->parameters().end());
  CHECK(after == before);
}

TEST_CASE("bad input: set_biases with a wrong count, layer or value", "[bad-input]") {
  auto session = small_session();
  std::vector<float> values(3, 0.25f);
  require_refused(session->set_biases(0, values.data(), 2), {"biases of layer 0", "3 values", "got 2"});
  require_refused(session->set_biases(7, values.data(), 3), {"layer index", "got 7"});
  values[0] = inf_value;
  require_refused(session->set_biases(0, values.data(), 3), {"biases[0]", "finite"});
}

TEST_CASE("bad input: forward with a non-finite input", "[bad-input]") {
  auto session = small_session();
  const float input[] = {0.5f, nan_value};
  require_refused(session->forward(input), {"input[1]", "finite"});
  const float target[] = {1.0f};
  require_refused(session->backward(target), {"forward"});
}

TEST_CASE("bad input: backward before forward", "[bad-input]") {
  auto session = small_session();
  const float target[] = {1.0f};
  require_refused(session->backward(target), {"backward", "forward"});
}

TEST_CASE("bad input: backward after the weights changed since forward", "[bad-input]") {
  auto session = small_session();
  const float input[] = {0.5f, -0.5f};
  REQUIRE(session->forward(input).ok());
  const std::vector<float> weights(6, 0.1f);
  REQUIRE(session->set_weights(0, weights.data(), weights.size()).ok());
  const float target[] = {1.0f};
  require_refused(session->backward(target), {"forward"});
}

TEST_CASE("bad input: backward with a non-finite target", "[bad-input]") {
  auto session = small_session();
  const float input[] = {0.5f, -0.5f};
  REQUIRE(session->forward(input).ok());
  const float target[] = {nan_value};
  require_refused(session->backward(target), {"target[0]", "finite"});
}

TEST_CASE("bad input: compute_gradients with no example or non-finite values", "[bad-input]") {
  auto session = small_session();
  const float inputs[] = {0.5f, -0.5f, 1.0f, inf_value};
  const float targets[] = {1.0f, -1.0f};
  require_refused(session->compute_gradients(inputs, targets, 0), {"computeGradients", "at least one", "got 0"});
  require_refused(session->compute_gradients(inputs, targets, -2), {"computeGradients", "got -2"});
  require_refused(session->compute_gradients(inputs, targets, 2), {"inputs[3]", "finite"});
  const float finite_inputs[] = {0.5f, -0.5f, 1.0f, 1.0f};
  const float bad_targets[] = {1.0f, nan_value};
  require_refused(session->compute_gradients(finite_inputs, bad_targets, 2), {"targets[1]", "finite"});
}

TEST_CASE("bad input: a session keeps working after refusals", "[bad-input]") {
  auto session = small_session();
  const float bad[] = {nan_value, 0.0f};
  REQUIRE_FALSE(session->forward(bad).ok());
  const float input[] = {0.5f, -0.5f};
  REQUIRE(session->forward(input).ok());
  const float target[] = {1.0f};
  auto loss = session->backward(target);
  REQUIRE(loss.ok());
  CHECK(std::isfinite(loss.value()));
  CHECK(session->update().ok());
}
