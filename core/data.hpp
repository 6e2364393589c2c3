// Data sets: TensorFlow Playground's generators with the same geometry (plus two moons, a
// checkerboard, and spirals and blobs of 3 to 10 classes), the user's own points, and the input
// features computed from (x, y).
#pragma once

#include <vector>

#include "config.hpp"
#include "status.hpp"

namespace bp {

/// How a data set states what the network should output.
enum class TargetForm {
  labels,  // one label per example (class ±1, or a regression value), encoded by the session for its loss
  rows,    // one row of output_width targets per example, used as given
};

/// Examples split into a training and a test part. Inputs are row-major (n, input_width).
struct Dataset {
  Problem problem = Problem::classification;
  std::vector<Feature> features;  // how each input row derives from (x, y); empty for raw rows
  int input_width = 0;
  TargetForm target_form = TargetForm::labels;
  int target_width = 1;  // 1 for labels
  int classes = 2;       // of a classification set in labels form: 2 (labels ±1) or more (labels 0 .. classes - 1)
  std::vector<Point> train_points, test_points;   // the points behind the rows (labels form only)
  std::vector<float> train_inputs, test_inputs;    // (n, input_width)
  std::vector<float> train_targets, test_targets;  // (n, target_width)

  int train_count() const { return static_cast<int>(train_inputs.size()) / input_width; }
  int test_count() const { return static_cast<int>(test_inputs.size()) / input_width; }
};

/// The default number of points of a generated set (TensorFlow Playground's: 500 for
/// classification, 1200 for regression).
int default_count(DatasetName);

/// Generate (or, for `custom`, take) the points, shuffle them with the config's seed, split at
/// floor(count * train_ratio) and compute the features.
Result<Dataset> make_dataset(const DataConfig&);

/// Use rows as given: inputs (n, input_width), targets (n, target_width), for train and test.
Result<Dataset> make_dataset_from_rows(int input_width, int target_width, std::vector<float> train_inputs,
                                       std::vector<float> train_targets, std::vector<float> test_inputs,
                                       std::vector<float> test_targets, Problem problem);

/// Writes the features of (x, y) into row[0 .. features.size()).
void featurize(float* row, float x, float y, const std::vector<Feature>& features);

/// The chain rule through featurize: given g[k] = ∂L/∂φ_k for a row of features of (x, y),
/// out = (∂L/∂x, ∂L/∂y) = Σ_k g[k] (∂φ_k/∂x, ∂φ_k/∂y), the sum in k order.
void featurize_backward(float out[2], const float* g, float x, float y, const std::vector<Feature>& features);

}  // namespace bp
