// A network with its data and its training state: the article's loop of forward pass, loss,
// backward pass and update, with every intermediate left readable for the page.
//
// Memory: all buffers are allocated by create() and reset() never reallocates, so no
// training step allocates and every view stays valid for the session's lifetime.
//   parameters  [W_0 b_0 W_1 b_1 ...]  W_l is (out, in) row-major, b_l is (out)
//   gradients   the same layout: ∂L/∂θ averaged over the last batch (data loss only)
//   moment1/2   the same layout: the optimizer's state
//   weights_t   W_lᵀ, (in, out), at W_l's offset: what the forward pass reads
//   workspace   per layer z, a, δ for up to `capacity` rows (the last batch or example)
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include <xtensor/xadapt.hpp>
#include <xtensor/xtensor.hpp>

#include "config.hpp"
#include "data.hpp"
#include "layers.hpp"
#include "numerical.hpp"
#include "random.hpp"
#include "status.hpp"

namespace bp {

/// A non-owning 2-D view (rows, cols) over part of one of the session's flat buffers.
using MatrixView = decltype(xt::adapt(static_cast<float*>(nullptr), std::size_t{}, xt::no_ownership(),
                                      std::array<std::size_t, 2>{}));

/// How training is going. Losses are means over examples; NaN where there is nothing to
/// measure (accuracy for regression, test metrics without test data).
struct Metrics {
  std::int64_t step = 0;     // optimizer updates so far
  std::int64_t epoch = 0;    // completed passes over the training examples
  double train_loss = 0;     // data loss, without the regularization term
  double test_loss = 0;
  double regularization_loss = 0;       // λ Σ R(w)
  double train_loss_regularized = 0;    // train_loss + regularization_loss
  double test_loss_regularized = 0;
  double train_accuracy = 0;            // share of correctly classified examples
  double test_accuracy = 0;
  bool diverged = false;                // a step produced NaN or ±inf; training stopped
};

/// The square over which evaluate_grid samples inputs, TensorFlow Playground's [-6, 6]².
struct GridDomain {
  float x_min = -6, x_max = 6, y_min = -6, y_max = 6;
};

/// Every neuron's values at every `every`-th row and column of an n×n grid, (neuron, row, col):
/// m = (n - 1) / every + 1 cells a side, the same points as an m×m grid over the same domain
/// (up to the rounding of the cell positions). The thumbnails of a frame, from the output's pass.
struct GridSample {
  int every = 0;  // 0: no sample
  float* out = nullptr;
  std::size_t size = 0;  // floats at out
};

class Session {
 public:
  /// Validates the config against the data (widths, target form) and allocates everything.
  static Result<std::unique_ptr<Session>> create(const NetworkConfig& config, const Dataset& data);

  // ---- training ------------------------------------------------------------------------
  /// `steps` minibatch updates (fewer if training diverges); returns the metrics after them.
  const Metrics& train(int steps);
  /// The same updates without measuring afterwards (metrics() measures when asked).
  void train_steps(int steps);
  /// Current metrics, recomputed over all train and test examples when the weights changed.
  const Metrics& metrics();
  /// Goes on training with `next`'s learning rate, regularization, optimizer hyper-parameters,
  /// init and seed (the last two take effect at the next reset). The shape of the network, its
  /// head, the optimizer and the batch size cannot change: they need a new session.
  Status reconfigure(const NetworkConfig& next);
  /// New initial weights from `seed`, cleared optimizer state and counters; same data.
  void reset(std::uint32_t seed);
  void reset() { reset(config_.seed); }

  // ---- single passes, for stepping through backpropagation -----------------------------
  /// Mean gradients of the data loss over `count` examples into the gradient buffer, with no
  /// update. inputs is (count, input width), targets (count, output width) in the loss's
  /// form. Returns the mean loss.
  Result<double> compute_gradients(const float* inputs, const float* targets, int count);
  /// Forward pass of one example; fills row 0 of z and a of every layer.
  Status forward(const float* input);
  /// Backward pass for the example of the last forward(): δ of every layer and the gradients
  /// of that example's loss. Returns the example's loss.
  Result<double> backward(const float* target);
  /// One optimizer update from the gradient buffer as it is.
  Status update();
  /// Mean data loss over `count` examples, without touching the workspace views or gradients.
  Result<double> loss(const float* inputs, const float* targets, int count);
  /// The gradient to the input, example by example: row r of out (count, input width) is
  /// ∂L_r/∂x_r, how example r's own loss changes with each of its network inputs (for image
  /// data, which pixels would change the answer). Backpropagation's δ carried one layer further,
  /// through W_0; weights, gradients and the workspace views are left as they were.
  Status input_gradients(const float* inputs, const float* targets, int count, float* out, std::size_t out_size);
  /// For (x, y) data: row r of out (count, 2) is ∂L_r/∂(x_r, y_r), the input gradient carried on
  /// through the feature transform (featurize_backward). points is (count, 2).
  Status point_gradients(const float* points, const float* targets, int count, float* out, std::size_t out_size);
  /// The network's outputs for `count` examples: out (count, output width), the exact forward
  /// pass; weights, gradients and the workspace views are left as they were.
  Status predict(const float* inputs, int count, float* out, std::size_t out_size);
  /// ∂L/∂θ_index of the mean data loss over `count` examples by central finite differences in
  /// double precision (core/numerical.hpp): the gradient check's independent estimate.
  Result<double> numerical_gradient(std::size_t index, const float* inputs, const float* targets, int count);

  // ---- evaluation ----------------------------------------------------------------------
  /// Neurons drawn per grid: the input features, then every layer's units.
  int grid_neuron_count() const;
  /// The output of every neuron from `first` on (0: all; grid_neuron_count() - outputs: just the
  /// output units) on an n×n grid over `domain` into out, laid out (neuron - first, row, col);
  /// row 0 is the top (y = y_max), col 0 the left (x = x_min). Every layer is computed either way
  /// (the output needs them); only the neurons asked for are written. These are pictures: tanh is
  /// computed to within 2e-6 at about half its cost (Accuracy::display), so a grid's values are
  /// within about 1e-5 of forward() at the same point, not bit for bit.
  /// `sample` (if its `every` is not 0) also gets every neuron at every `every`-th row and column,
  /// from the same pass; n - 1 must be a multiple of `every`.
  Status evaluate_grid(int n, float* out, std::size_t out_size, const GridDomain& domain = {}, int first = 0,
                       const GridSample& sample = {});

  // ---- views (l = 0 is the first weight layer, input -> first hidden) ------------------
  int layer_count() const { return static_cast<int>(layers_.size()); }
  int rows() const { return rows_; }  // examples held in the workspace views
  MatrixView weights(int l);            // (out, in)
  MatrixView biases(int l);             // (1, out)
  MatrixView weight_gradients(int l);   // (out, in)
  MatrixView bias_gradients(int l);     // (1, out)
  MatrixView pre_activations(int l);    // z: (rows, out)
  MatrixView activations(int l);        // a: (rows, out)
  MatrixView deltas(int l);             // δ = ∂L/∂z: (rows, out)
  MatrixView derivatives(int l);        // f'(z): (rows, out), for the chain rule (softmax: its diagonal)
  MatrixView output_gradient();         // ∂L/∂a of the output layer: (rows, output width)
  MatrixView confusion();               // classification: (2 C, C) counts, the training examples' C × C then the test ones', row the true class, column the predicted (C = classes, 2 for one output); as of metrics()
  MatrixView inputs();                  // (rows, input width)
  MatrixView input_gradient();          // ∂L/∂x after backward() or compute_gradients(): (rows, input width); else (0, width)
  MatrixView targets();                 // (rows, output width)
  MatrixView parameters();              // (1, parameter count)
  MatrixView gradients();
  MatrixView moment1();
  MatrixView moment2();
  Status set_weights(int l, const float* values, std::size_t count);
  Status set_biases(int l, const float* values, std::size_t count);

  const NetworkConfig& config() const { return config_; }
  const std::vector<Feature>& features() const { return features_; }
  int train_count() const { return train_count_; }
  int test_count() const { return test_count_; }

 private:
  struct Layer {
    int in, out;
    Activation f;
    std::size_t w, b;  // offsets into parameters
  };
  // z, a and δ of every layer for up to `capacity` rows, plus the input and target rows.
  struct Workspace {
    int capacity = 0;
    xt::xtensor<float, 1> buffer;
    std::size_t input = 0, target = 0;
    std::vector<std::size_t> z, a, delta;
    std::size_t input_delta = 0;  // ∂L/∂x: (capacity, input width), with the deltas
  };
  // What a backward pass computes besides every layer's δ: the parameters' gradients (added to
  // the gradient buffer), those and ∂L/∂x, or ∂L/∂x alone (the gradient buffer untouched).
  enum class Backward { parameters, parameters_and_input, input };

  Session() = default;
  void allocate_workspace(Workspace& ws, int capacity, bool with_deltas);
  void transpose_weights();
  void forward_rows(Workspace& ws, const float* input, int rows, Accuracy accuracy = Accuracy::exact);
  double loss_rows(Workspace& ws, const float* target, int rows);
  void backward_rows(Workspace& ws, const float* target, int rows, Backward what = Backward::parameters);
  // ∂L/∂x of the probe's first `rows` input rows (already written) for these targets, into probe_.input_delta.
  void probe_input_gradient(const float* targets, int rows);
  void train_step();
  bool apply_update();
  void evaluate(const xt::xtensor<float, 1>& inputs, const xt::xtensor<float, 1>& targets, int count,
                double& loss, double& accuracy, float* confusion);
  int class_of(const float* row) const;  // the class an output (or a target) row stands for
  int classes() const { return problem_ == Problem::classification ? std::max(2, output_width_) : 0; }
  MatrixView view(xt::xtensor<float, 1>& buffer, std::size_t offset, std::size_t rows, std::size_t cols);
  MatrixView workspace_view(const std::vector<std::size_t>& offsets, int l);
  bool valid_layer(int l) const;
  void weights_changed();

  NetworkConfig config_;
  Problem problem_ = Problem::classification;
  std::vector<Feature> features_;
  std::vector<Layer> layers_;
  int input_width_ = 0, output_width_ = 0;

  xt::xtensor<float, 1> parameters_, gradients_, moment1_, moment2_, last_finite_;
  xt::xtensor<float, 1> weights_t_;  // parameters_' size; only the W_l ranges are used
  xt::xtensor<float, 1> scratch_;    // (capacity, widest layer): derivatives() and output_gradient()
  Workspace train_, eval_;
  Workspace probe_;  // input_gradients(): its own rows, so that the step-through's views stay
  bool input_gradient_ready_ = false;  // train_'s input_delta holds ∂L/∂x of its rows
  int rows_ = 0;
  bool example_ready_ = false;  // forward() ran and nothing changed since: backward() may follow

  xt::xtensor<float, 1> train_inputs_, train_targets_, test_inputs_, test_targets_;
  xt::xtensor<float, 1> confusion_;  // (2, C, C): see confusion()
  int train_count_ = 0, test_count_ = 0;
  std::vector<std::uint32_t> order_;  // the current epoch's permutation of training examples
  std::size_t cursor_ = 0;
  Random shuffle_{0, Stream::shuffle};

  std::int64_t step_ = 0, examples_seen_ = 0;
  float beta1_power_ = 1, beta2_power_ = 1;
  bool diverged_ = false;
  bool metrics_stale_ = true;
  Metrics metrics_;
};

}  // namespace bp
