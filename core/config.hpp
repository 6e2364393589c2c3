// What a network and a data set are made of, as plain structs with their allowed values.
// One validation serves every entry point (JSON for the command-line tool and the JS API),
// so a bad setting gets the same message everywhere.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "status.hpp"

namespace bp {

enum class Activation { linear, relu, leaky_relu, tanh, sigmoid, softplus, softmax };
enum class Loss { mse, bce, softmax_cross_entropy };
enum class Regularization { none, l1, l2 };
enum class Init { uniform, glorot, he, zero };
enum class Optimizer { sgd, momentum, rmsprop, adam };
enum class Problem { classification, regression };
enum class Feature { x, y, x_squared, y_squared, x_times_y, sin_x, sin_y };
enum class DatasetName { circle, xor_, gauss, spiral, moons, checkerboard, plane, multigauss, custom, blobs };

/// The names used in JSON, in URLs and in the JS API ("leaky-relu", "xSquared", ...).
std::string_view name_of(Activation);
std::string_view name_of(Loss);
std::string_view name_of(Regularization);
std::string_view name_of(Init);
std::string_view name_of(Optimizer);
std::string_view name_of(Problem);
std::string_view name_of(Feature);
std::string_view name_of(DatasetName);

/// Limits of the engine, checked by validate().
struct Limits {
  static constexpr int max_width = 1024;
  static constexpr int max_hidden_layers = 16;
  static constexpr int max_batch_size = 4096;
  static constexpr int max_points = 100000;
  static constexpr float max_coordinate = 1000.0f;  // |x|, |y| of a data point
  static constexpr double max_memory_bytes = 1024.0 * 1024.0 * 1024.0;
  static constexpr int max_json_depth = 64;  // arrays and objects in a config's JSON text
  static constexpr int max_classes = 10;     // of a many-class data set (spiral, blobs, custom)
};

/// A fully connected network and how to train it.
struct NetworkConfig {
  std::vector<int> layers{2, 4, 2, 1};  // widths: input, hidden..., output
  std::vector<Activation> activations{Activation::tanh, Activation::tanh};  // one per hidden layer
  Activation output = Activation::tanh;
  Loss loss = Loss::mse;
  Init init = Init::uniform;
  Optimizer optimizer = Optimizer::sgd;
  float learning_rate = 0.03f;
  int batch_size = 10;
  Regularization regularization = Regularization::none;
  float regularization_rate = 0.0f;
  float momentum = 0.9f;   // momentum: v = μ v + g
  float rho = 0.9f;        // rmsprop: s = ρ s + (1 - ρ) g²
  float beta1 = 0.9f;      // adam: m = β1 m + (1 - β1) g
  float beta2 = 0.999f;    // adam: v = β2 v + (1 - β2) g²
  float epsilon = 1e-8f;   // rmsprop, adam: added to the root
  std::uint32_t seed = 1;  // initial weights and minibatch order
};

/// A (x, y) point with its label: a class (-1/0 negative, 1 positive) or a regression target.
struct Point {
  float x = 0, y = 0, label = 0;
};

/// A generated data set (TensorFlow Playground's geometry) or the user's own points.
struct DataConfig {
  DatasetName name = DatasetName::circle;
  int count = 0;             // 0: the set's default (500 classification, 1200 regression)
  float noise = 0.0f;        // 0 to 0.5
  float train_ratio = 0.5f;  // share of points used for training
  std::uint32_t seed = 1;
  /// Classes, 2 to 10. Two: labels ±1 (every data set). More: labels 0 .. classes - 1, for
  /// spiral (one arm per class), blobs (one blob per class) and custom points.
  int classes = 2;
  std::vector<Feature> features{Feature::x, Feature::y};
  Problem problem = Problem::classification;  // only read for custom points
  std::vector<Point> points;                  // only for name == custom
};

Status validate(const NetworkConfig&);
Status validate(const DataConfig&);

/// Parse a JSON object with the JS API's field names (layers, activation, learningRate, ...).
/// Unknown fields, wrong types and out-of-range values are refused with a message naming
/// the field; missing fields keep the defaults above.
Result<NetworkConfig> parse_network_config(std::string_view json);
Result<DataConfig> parse_data_config(std::string_view json);

/// A number for a message, as the user wrote it: the shortest decimal that reads back as the
/// same value (1e-50, 0.99999999, 4294967298; 0.3f as 0.3), and NaN, Infinity, -Infinity.
std::string number_text(double);
std::string number_text(float);

/// Refuses JSON text whose arrays and objects nest more than max_depth levels, by a scan of
/// the text before any parsing (brackets inside strings do not count): the JSON library
/// recurses once per level, and 60,000 levels overflow the stack. `what` names the text.
Status check_json_depth(std::string_view text, int max_depth, std::string_view what);

/// The configs as JSON with the same field names (parse(to_json(c)) == c).
std::string to_json(const NetworkConfig&);
std::string to_json(const DataConfig&);

Problem problem_of(DatasetName);

}  // namespace bp
