#include "session.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "layers.hpp"
#include "math.hpp"
#include "optimizer.hpp"

namespace bp {

namespace {

constexpr int eval_rows = 256;  // rows per chunk when measuring losses and drawing grids
constexpr int probe_rows = 64;  // rows per chunk of input_gradients()
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

bool all_finite(const float* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (!is_finite(x[i])) return false;
  return true;
}

Status check_finite(const float* x, std::size_t n, const char* what) {
  for (std::size_t i = 0; i < n; ++i) {
    if (!is_finite(x[i])) return Status::error(std::string(what) + "[" + std::to_string(i) + "] is not a finite number");
  }
  return {};
}

// A label as the loss's target row: a regression value as it is; a class of two (±1) as one
// output (±1 for tanh or linear, TensorFlow Playground's; 0/1 for sigmoid) or one-hot over two,
// the positive class at index 1; a class 0 .. K - 1 of K > 2 one-hot.
void encode_label(float* target, float label, Problem problem, Activation output, int width, int classes) {
  if (problem == Problem::classification && classes > 2) {
    for (int k = 0; k < width; ++k) target[k] = 0.0f;
    const int k = static_cast<int>(label);  // Session::create checked 0 <= label < classes = width
    if (k >= 0 && k < width) target[k] = 1.0f;
    return;
  }
  if (problem == Problem::regression || width == 1) {
    const bool zero_one = problem == Problem::classification && output == Activation::sigmoid;
    target[0] = zero_one ? (label > 0 ? 1.0f : 0.0f) : label;
    return;
  }
  for (int k = 0; k < width; ++k) target[k] = 0.0f;
  target[label > 0 ? 1 : 0] = 1.0f;
}

}  // namespace

Result<std::unique_ptr<Session>> Session::create(const NetworkConfig& config, const Dataset& data) {
  if (Status s = validate(config); !s.ok()) return s;
  const int inputs = config.layers.front(), outputs = config.layers.back();
  if (data.input_width != inputs) {
    std::string names;
    for (Feature f : data.features) names += (names.empty() ? "" : ", ") + std::string(name_of(f));
    return Status::error("layers[0] is " + std::to_string(inputs) + " but the data has " +
                         std::to_string(data.input_width) + " input" + (data.input_width == 1 ? "" : "s") +
                         (names.empty() ? "" : " (" + names + ")"));
  }
  if (data.train_count() < 1) return Status::error("the data has no training example");
  const auto width = static_cast<std::size_t>(data.target_width);
  if (data.train_inputs.size() % static_cast<std::size_t>(inputs) != 0 ||
      data.test_inputs.size() % static_cast<std::size_t>(inputs) != 0 ||
      data.train_targets.size() != static_cast<std::size_t>(data.train_count()) * width ||
      data.test_targets.size() != static_cast<std::size_t>(data.test_count()) * width)
    return Status::error("the data's targets do not match its inputs (one row of targets per example)");
  if (data.target_form == TargetForm::rows && data.target_width != outputs)
    return Status::error("the data has " + std::to_string(data.target_width) + " targets per example but the " +
                         "network has " + std::to_string(outputs) + " outputs (the last entry of layers)");
  if (data.target_form == TargetForm::labels && data.problem == Problem::classification && data.classes > 2 &&
      outputs != data.classes)
    return Status::error("the data has " + std::to_string(data.classes) + " classes: layers must end with " +
                         std::to_string(data.classes) + " outputs, one per class (got " + std::to_string(outputs) + ")");
  if (data.target_form == TargetForm::labels && data.problem == Problem::classification) {
    if (data.classes < 2 || data.classes > Limits::max_classes)
      return Status::error("the data's classes must be from 2 to 10 (got " + std::to_string(data.classes) + ")");
    // Labels of many classes index the one-hot target: each a whole number below `classes`.
    for (const auto* part : {&data.train_targets, &data.test_targets}) {
      for (std::size_t i = 0; data.classes > 2 && i < part->size(); ++i) {
        const float label = (*part)[i];
        if (!(label >= 0 && label < static_cast<float>(data.classes) && label == std::floor(label)))
          return Status::error(std::string("the data's ") + (part == &data.train_targets ? "training" : "test") +
                               " example " + std::to_string(i) + " has label " + number_text(label) +
                               ", not a class from 0 to " + std::to_string(data.classes - 1));
      }
    }
  }
  if (data.target_form == TargetForm::labels && data.problem == Problem::regression && outputs != 1)
    return Status::error("regression data has one target per example; layers must end with 1 output (got " +
                         std::to_string(outputs) + ")");

  // Everything is allocated here, once: refuse sizes that would not fit rather than fail later.
  double parameter_count = 0, widths = 0;
  for (std::size_t l = 1; l < config.layers.size(); ++l) {
    parameter_count += static_cast<double>(config.layers[l]) * (config.layers[l - 1] + 1);
    widths += config.layers[l];
  }
  const double bytes = 4.0 * (6 * parameter_count +
                              (config.batch_size + eval_rows + probe_rows) * (3 * widths + 2.0 * inputs + outputs) +
                              static_cast<double>(data.train_inputs.size() + data.test_inputs.size()) +
                              static_cast<double>(data.train_count() + data.test_count()) * outputs);
  if (bytes > Limits::max_memory_bytes)
    return Status::error("the network is too large: it needs " + std::to_string(static_cast<long long>(bytes / 1048576)) +
                         " MiB (limit 1024 MiB); use fewer or narrower layers or a smaller batchSize");

  std::unique_ptr<Session> s(new Session());
  s->config_ = config;
  s->problem_ = data.problem;
  s->features_ = data.features;
  s->input_width_ = inputs;
  s->output_width_ = outputs;
  std::size_t offset = 0;
  const int last = static_cast<int>(config.layers.size()) - 2;
  for (int l = 0; l <= last; ++l) {
    Layer layer;
    layer.in = config.layers[l];
    layer.out = config.layers[l + 1];
    layer.f = l < last ? config.activations[l] : config.output;
    layer.w = offset;
    offset += static_cast<std::size_t>(layer.in) * layer.out;
    layer.b = offset;
    offset += static_cast<std::size_t>(layer.out);
    s->layers_.push_back(layer);
  }
  for (auto* buffer : {&s->parameters_, &s->gradients_, &s->moment1_, &s->moment2_, &s->last_finite_, &s->weights_t_})
    *buffer = xt::zeros<float>({offset});
  s->allocate_workspace(s->train_, config.batch_size, true);
  const int widest = *std::max_element(config.layers.begin() + 1, config.layers.end());
  s->scratch_ = xt::zeros<float>({static_cast<std::size_t>(config.batch_size) * static_cast<std::size_t>(widest)});
  s->allocate_workspace(s->eval_, eval_rows, false);
  s->allocate_workspace(s->probe_, probe_rows, true);
  const int c = s->classes();
  s->confusion_ = xt::zeros<float>({static_cast<std::size_t>(2 * c * c)});

  // The data, with targets encoded for this network's loss.
  s->train_count_ = data.train_count();
  s->test_count_ = data.test_count();
  auto copy_part = [&](const std::vector<float>& in, const std::vector<float>& targets, int count,
                       xt::xtensor<float, 1>& in_out, xt::xtensor<float, 1>& targets_out) {
    in_out = xt::adapt(in, {in.size()});
    targets_out = xt::zeros<float>({static_cast<std::size_t>(count) * outputs});
    for (int i = 0; i < count; ++i) {
      float* row = targets_out.data() + static_cast<std::ptrdiff_t>(i) * outputs;
      if (data.target_form == TargetForm::rows)
        std::copy_n(targets.data() + static_cast<std::ptrdiff_t>(i) * outputs, outputs, row);
      else
        encode_label(row, targets[i], data.problem, config.output, outputs, data.classes);
    }
  };
  copy_part(data.train_inputs, data.train_targets, s->train_count_, s->train_inputs_, s->train_targets_);
  copy_part(data.test_inputs, data.test_targets, s->test_count_, s->test_inputs_, s->test_targets_);
  s->order_.resize(static_cast<std::size_t>(s->train_count_));
  s->reset(config.seed);
  return s;
}

void Session::allocate_workspace(Workspace& ws, int capacity, bool with_deltas) {
  ws.capacity = capacity;
  const auto rows = static_cast<std::size_t>(capacity);
  std::size_t offset = 0;
  ws.input = offset;
  offset += rows * static_cast<std::size_t>(input_width_);
  ws.target = offset;
  offset += rows * static_cast<std::size_t>(output_width_);
  for (const Layer& layer : layers_) {
    const std::size_t size = rows * static_cast<std::size_t>(layer.out);
    ws.z.push_back(offset);
    offset += size;
    ws.a.push_back(offset);
    offset += size;
    ws.delta.push_back(offset);
    offset += with_deltas ? size : 0;
  }
  ws.input_delta = offset;
  offset += with_deltas ? rows * static_cast<std::size_t>(input_width_) : 0;
  ws.buffer = xt::zeros<float>({offset});
}

void Session::reset(std::uint32_t seed) {
  config_.seed = seed;
  Random rng(seed, Stream::init);
  float* theta = parameters_.data();
  for (const Layer& layer : layers_) {
    const std::size_t n = static_cast<std::size_t>(layer.in) * layer.out;
    // Glorot: U(±√(6 / (in + out))) keeps the variance of signals and gradients across the
    // layer; He: N(0, 2 / in) does so for ReLU, which zeroes half of its inputs.
    const float glorot_limit = __builtin_sqrtf(6.0f / static_cast<float>(layer.in + layer.out));
    const float he_stddev = __builtin_sqrtf(2.0f / static_cast<float>(layer.in));
    for (std::size_t i = 0; i < n; ++i) {
      float w = 0.0f;
      switch (config_.init) {
        case Init::uniform: w = rng.uniform() - 0.5f; break;  // TensorFlow Playground's
        case Init::glorot: w = rng.uniform(-glorot_limit, glorot_limit); break;
        case Init::he: w = rng.normal(0.0f, he_stddev); break;
        case Init::zero: w = 0.0f; break;
      }
      theta[layer.w + i] = w;
    }
    const bool playground_bias = config_.init == Init::uniform || config_.init == Init::zero;
    for (int o = 0; o < layer.out; ++o) theta[layer.b + o] = playground_bias ? 0.1f : 0.0f;
  }
  gradients_.fill(0.0f);
  moment1_.fill(0.0f);
  moment2_.fill(0.0f);
  train_.buffer.fill(0.0f);
  rows_ = 0;
  example_ready_ = false;
  for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<std::uint32_t>(i);
  cursor_ = 0;
  shuffle_ = Random(seed, Stream::shuffle);
  step_ = 0;
  examples_seen_ = 0;
  beta1_power_ = beta2_power_ = 1.0f;
  diverged_ = false;
  weights_changed();
}

Status Session::reconfigure(const NetworkConfig& next) {
  if (Status s = validate(next); !s.ok()) return s;
  const char* fixed = next.layers != config_.layers             ? "layers"
                      : next.activations != config_.activations ? "activation"
                      : next.output != config_.output           ? "output"
                      : next.loss != config_.loss               ? "loss"
                      : next.optimizer != config_.optimizer     ? "optimizer"
                      : next.batch_size != config_.batch_size   ? "batchSize"
                                                                : nullptr;
  if (fixed) return Status::error(std::string(fixed) + " cannot change during training; create a new session");
  config_ = next;
  metrics_stale_ = true;  // the regularization term may have changed
  return {};
}

void Session::weights_changed() {
  metrics_stale_ = true;
  example_ready_ = false;
}

// ---- the passes --------------------------------------------------------------------------

// W_lᵀ (in, out) from W_l (out, in), for dense_forward's vectors along the outputs. Refreshed
// before every forward pass, not only when the session itself changes the weights, because the
// page may also write through the weights views. It costs about one more example of the pass.
void Session::transpose_weights() {
  const float* theta = parameters_.data();
  float* theta_t = weights_t_.data();
  for (const Layer& layer : layers_) {
    const float* w = theta + layer.w;
    float* w_t = theta_t + layer.w;
    for (int o = 0; o < layer.out; ++o)
      for (int i = 0; i < layer.in; ++i)
        w_t[static_cast<std::ptrdiff_t>(i) * layer.out + o] = w[static_cast<std::ptrdiff_t>(o) * layer.in + i];
  }
}

void Session::forward_rows(Workspace& ws, const float* input, int rows, Accuracy accuracy) {
  transpose_weights();
  float* buf = ws.buffer.data();
  const float* theta = parameters_.data();
  const float* theta_t = weights_t_.data();
  const float* a_prev = input;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const Layer& layer = layers_[l];
    float* z = buf + ws.z[l];
    float* a = buf + ws.a[l];
    dense_forward(z, a_prev, theta_t + layer.w, theta + layer.b, rows, layer.in, layer.out);
    activation_forward(a, z, rows, layer.out, layer.f, accuracy);
    a_prev = a;
  }
}

double Session::loss_rows(Workspace& ws, const float* target, int rows) {
  const std::size_t last = layers_.size() - 1;
  float* buf = ws.buffer.data();
  return loss_forward(buf + ws.z[last], buf + ws.a[last], target, rows, output_width_, config_.loss);
}

// Adds this batch's summed gradients to the gradient buffer: δ of the output from the loss,
// then for each layer back to the first, ∂L/∂W and ∂L/∂b from its δ and its input, and the
// δ of the layer below by the chain rule: δ_prev = f'(z_prev) ⊙ (δ W).
void Session::backward_rows(Workspace& ws, const float* target, int rows, Backward what) {
  float* buf = ws.buffer.data();
  const float* theta = parameters_.data();
  float* grad = gradients_.data();
  const std::size_t last = layers_.size() - 1;
  loss_backward(buf + ws.delta[last], buf + ws.z[last], buf + ws.a[last], target, rows, output_width_,
                config_.loss, config_.output);
  for (std::size_t l = last + 1; l-- > 0;) {
    const Layer& layer = layers_[l];
    const float* a_prev = l > 0 ? buf + ws.a[l - 1] : buf + ws.input;
    // Below the first layer: ∂L/∂x = δ_0 W_0, the input has no activation to pass through.
    float* d_prev = l > 0 ? buf + ws.delta[l - 1] : what == Backward::parameters ? nullptr : buf + ws.input_delta;
    const bool parameters = what != Backward::input;
    dense_backward(d_prev, parameters ? grad + layer.w : nullptr, parameters ? grad + layer.b : nullptr,
                   buf + ws.delta[l], a_prev, theta + layer.w, rows, layer.in, layer.out);
    if (l > 0) {
      const Layer& below = layers_[l - 1];
      activation_backward(d_prev, d_prev, buf + ws.z[l - 1], buf + ws.a[l - 1], rows * below.out, below.f);
    }
  }
}

bool Session::apply_update() {
  std::copy_n(parameters_.data(), parameters_.size(), last_finite_.data());
  beta1_power_ *= config_.beta1;
  beta2_power_ *= config_.beta2;
  for (const Layer& layer : layers_) {
    const std::size_t n_w = static_cast<std::size_t>(layer.in) * layer.out;
    const UpdateRun runs[] = {
        {parameters_.data() + layer.w, gradients_.data() + layer.w, moment1_.data() + layer.w,
         moment2_.data() + layer.w, static_cast<int>(n_w), true},
        {parameters_.data() + layer.b, gradients_.data() + layer.b, moment1_.data() + layer.b,
         moment2_.data() + layer.b, layer.out, false}};
    for (const UpdateRun& run : runs) optimizer_update(run, config_, beta1_power_, beta2_power_);
  }
  ++step_;
  weights_changed();
  if (all_finite(parameters_.data(), parameters_.size())) return true;
  // Keep the last finite weights readable; training stops until reset().
  std::copy_n(last_finite_.data(), parameters_.size(), parameters_.data());
  diverged_ = true;
  return false;
}

void Session::train_step() {
  const int rows = config_.batch_size;
  float* buf = train_.buffer.data();
  // Gather the next `rows` examples of the shuffled order; a new epoch reshuffles.
  for (int r = 0; r < rows; ++r) {
    if (cursor_ == 0) {
      for (std::size_t i = order_.size(); i > 1; --i)
        std::swap(order_[i - 1], order_[shuffle_.below(static_cast<std::uint32_t>(i))]);
    }
    const std::size_t example = order_[cursor_];
    cursor_ = (cursor_ + 1) % order_.size();
    std::copy_n(train_inputs_.data() + example * input_width_, input_width_,
                buf + train_.input + static_cast<std::size_t>(r) * input_width_);
    std::copy_n(train_targets_.data() + example * output_width_, output_width_,
                buf + train_.target + static_cast<std::size_t>(r) * output_width_);
  }
  rows_ = rows;
  examples_seen_ += rows;
  input_gradient_ready_ = false;

  forward_rows(train_, buf + train_.input, rows);
  const double loss = loss_rows(train_, buf + train_.target, rows);
  gradients_.fill(0.0f);
  backward_rows(train_, buf + train_.target, rows);
  const float scale = 1.0f / static_cast<float>(rows);  // the batch mean
  for (float& g : gradients_) g *= scale;
  if (!std::isfinite(loss) || !all_finite(gradients_.data(), gradients_.size())) {
    diverged_ = true;
    weights_changed();
    return;
  }
  apply_update();
}

void Session::train_steps(int steps) {
  for (int i = 0; i < steps && !diverged_; ++i) train_step();
}

const Metrics& Session::train(int steps) {
  train_steps(steps);
  return metrics();
}

Result<double> Session::compute_gradients(const float* inputs, const float* targets, int count) {
  if (count < 1) return Status::error("computeGradients needs at least one example (got " + std::to_string(count) + ")");
  if (Status s = check_finite(inputs, static_cast<std::size_t>(count) * input_width_, "inputs"); !s.ok()) return s;
  if (Status s = check_finite(targets, static_cast<std::size_t>(count) * output_width_, "targets"); !s.ok()) return s;
  gradients_.fill(0.0f);
  double loss = 0;
  float* buf = train_.buffer.data();
  // In chunks of the batch capacity; the workspace views keep the last chunk.
  for (int start = 0; start < count; start += train_.capacity) {
    const int rows = std::min(train_.capacity, count - start);
    std::copy_n(inputs + static_cast<std::ptrdiff_t>(start) * input_width_, rows * input_width_, buf + train_.input);
    std::copy_n(targets + static_cast<std::ptrdiff_t>(start) * output_width_, rows * output_width_, buf + train_.target);
    forward_rows(train_, buf + train_.input, rows);
    loss += loss_rows(train_, buf + train_.target, rows);
    backward_rows(train_, buf + train_.target, rows, Backward::parameters_and_input);
    rows_ = rows;
  }
  input_gradient_ready_ = true;
  const float scale = 1.0f / static_cast<float>(count);
  for (float& g : gradients_) g *= scale;
  example_ready_ = false;
  return loss / count;
}

Status Session::forward(const float* input) {
  if (Status s = check_finite(input, static_cast<std::size_t>(input_width_), "input"); !s.ok()) return s;
  float* buf = train_.buffer.data();
  std::copy_n(input, input_width_, buf + train_.input);
  forward_rows(train_, buf + train_.input, 1);
  rows_ = 1;
  example_ready_ = true;
  input_gradient_ready_ = false;
  return {};
}

Result<double> Session::backward(const float* target) {
  if (!example_ready_) return Status::error("backward(target) needs a forward(input) first, with no change to the weights since");
  if (Status s = check_finite(target, static_cast<std::size_t>(output_width_), "target"); !s.ok()) return s;
  float* buf = train_.buffer.data();
  std::copy_n(target, output_width_, buf + train_.target);
  gradients_.fill(0.0f);
  backward_rows(train_, buf + train_.target, 1, Backward::parameters_and_input);
  input_gradient_ready_ = true;
  return loss_rows(train_, buf + train_.target, 1);
}

Status Session::update() {
  if (diverged_) return Status::error("training diverged; reset() before updating again");
  if (!all_finite(gradients_.data(), gradients_.size())) {
    diverged_ = true;
    return Status::error("the gradients are not finite; training stopped (diverged)");
  }
  if (!apply_update()) return Status::error("the update produced non-finite weights; the last finite weights were kept (diverged)");
  return {};
}

Result<double> Session::loss(const float* inputs, const float* targets, int count) {
  if (count < 1) return Status::error("loss needs at least one example (got " + std::to_string(count) + ")");
  if (Status s = check_finite(inputs, static_cast<std::size_t>(count) * input_width_, "inputs"); !s.ok()) return s;
  if (Status s = check_finite(targets, static_cast<std::size_t>(count) * output_width_, "targets"); !s.ok()) return s;
  double total = 0;
  for (int start = 0; start < count; start += eval_.capacity) {
    const int rows = std::min(eval_.capacity, count - start);
    forward_rows(eval_, inputs + static_cast<std::ptrdiff_t>(start) * input_width_, rows);
    total += loss_rows(eval_, targets + static_cast<std::ptrdiff_t>(start) * output_width_, rows);
  }
  return total / count;
}

Status Session::predict(const float* inputs, int count, float* out, std::size_t out_size) {
  if (count < 1) return Status::error("predict needs at least one example (got " + std::to_string(count) + ")");
  const auto width = static_cast<std::size_t>(output_width_);
  if (out == nullptr || out_size / width < static_cast<std::size_t>(count))
    return Status::error("the predictions' buffer holds " + std::to_string(out ? out_size : 0) + " floats; " +
                         std::to_string(count) + " examples of " + std::to_string(width) + " outputs need " +
                         std::to_string(static_cast<std::uint64_t>(count) * width));
  if (Status s = check_finite(inputs, static_cast<std::size_t>(count) * input_width_, "inputs"); !s.ok()) return s;
  const float* a = eval_.buffer.data() + eval_.a[layers_.size() - 1];
  for (int start = 0; start < count; start += eval_.capacity) {
    const int rows = std::min(eval_.capacity, count - start);
    forward_rows(eval_, inputs + static_cast<std::ptrdiff_t>(start) * input_width_, rows);
    std::copy_n(a, static_cast<std::size_t>(rows) * width, out + static_cast<std::size_t>(start) * width);
  }
  return {};
}

Status Session::input_gradients(const float* inputs, const float* targets, int count, float* out,
                                 std::size_t out_size) {
  if (count < 1) return Status::error("inputGradients needs at least one example (got " + std::to_string(count) + ")");
  const std::size_t width = static_cast<std::size_t>(input_width_);
  if (out == nullptr || out_size / width < static_cast<std::size_t>(count))
    return Status::error("the input gradients' buffer holds " + std::to_string(out ? out_size : 0) + " floats; " +
                         std::to_string(count) + " examples of " + std::to_string(width) + " inputs need " +
                         std::to_string(static_cast<std::uint64_t>(count) * width));
  if (Status s = check_finite(inputs, static_cast<std::size_t>(count) * width, "inputs"); !s.ok()) return s;
  if (Status s = check_finite(targets, static_cast<std::size_t>(count) * output_width_, "targets"); !s.ok()) return s;
  float* buf = probe_.buffer.data();
  for (int start = 0; start < count; start += probe_.capacity) {
    const int rows = std::min(probe_.capacity, count - start);
    const auto first = static_cast<std::size_t>(start);
    std::copy_n(inputs + first * width, static_cast<std::size_t>(rows) * width, buf + probe_.input);
    probe_input_gradient(targets + first * output_width_, rows);
    std::copy_n(buf + probe_.input_delta, static_cast<std::size_t>(rows) * width, out + first * width);
  }
  return {};
}

void Session::probe_input_gradient(const float* targets, int rows) {
  float* buf = probe_.buffer.data();
  std::copy_n(targets, rows * output_width_, buf + probe_.target);
  forward_rows(probe_, buf + probe_.input, rows);
  backward_rows(probe_, buf + probe_.target, rows, Backward::input);
}

Status Session::point_gradients(const float* points, const float* targets, int count, float* out,
                                 std::size_t out_size) {
  if (features_.empty())
    return Status::error("pointGradients needs data made from (x, y) features; this session's data was given as rows");
  if (count < 1) return Status::error("pointGradients needs at least one point (got " + std::to_string(count) + ")");
  if (out == nullptr || out_size / 2 < static_cast<std::size_t>(count))
    return Status::error("the point gradients' buffer holds " + std::to_string(out ? out_size : 0) + " floats; " +
                         std::to_string(count) + " points need " + std::to_string(2 * static_cast<std::uint64_t>(count)));
  if (Status s = check_finite(points, 2 * static_cast<std::size_t>(count), "points"); !s.ok()) return s;
  if (Status s = check_finite(targets, static_cast<std::size_t>(count) * output_width_, "targets"); !s.ok()) return s;
  // Chunk by chunk: the features of each point, ∂L/∂φ by input_gradients' pass, then through
  // the features to ∂L/∂(x, y).
  const std::size_t width = static_cast<std::size_t>(input_width_);
  float* buf = probe_.buffer.data();
  for (int start = 0; start < count; start += probe_.capacity) {
    const int rows = std::min(probe_.capacity, count - start);
    const auto first = static_cast<std::size_t>(start);
    for (int r = 0; r < rows; ++r) {
      const float* p = points + 2 * (first + static_cast<std::size_t>(r));
      featurize(buf + probe_.input + static_cast<std::size_t>(r) * width, p[0], p[1], features_);
    }
    probe_input_gradient(targets + first * output_width_, rows);
    for (int r = 0; r < rows; ++r) {
      const std::size_t i = first + static_cast<std::size_t>(r);
      featurize_backward(out + 2 * i, buf + probe_.input_delta + static_cast<std::size_t>(r) * width, points[2 * i],
                         points[2 * i + 1], features_);
    }
  }
  return {};
}

Result<double> Session::numerical_gradient(std::size_t index, const float* inputs, const float* targets, int count) {
  if (index >= parameters_.size())
    return Status::error("parameter index must be from 0 to " + std::to_string(parameters_.size() - 1) + " (got " +
                         std::to_string(index) + ")");
  if (count < 1) return Status::error("numericalGradient needs at least one example (got " + std::to_string(count) + ")");
  if (Status s = check_finite(inputs, static_cast<std::size_t>(count) * input_width_, "inputs"); !s.ok()) return s;
  if (Status s = check_finite(targets, static_cast<std::size_t>(count) * output_width_, "targets"); !s.ok()) return s;
  ReferenceNetwork net;
  net.widths = config_.layers;
  for (const Layer& layer : layers_) net.functions.push_back(layer.f);
  net.loss = config_.loss;
  std::vector<double> theta(parameters_.begin(), parameters_.end());
  return reference_gradient(net, std::move(theta), index, inputs, targets, count);
}

// ---- measuring -----------------------------------------------------------------------------

// Two classes on one output: the threshold in the middle of its range (0.5 for sigmoid, 0 for
// tanh and linear), class 1 above; more outputs: the largest (the first of equals).
int Session::class_of(const float* row) const {
  if (output_width_ == 1) {
    const float threshold = config_.output == Activation::sigmoid ? 0.5f : 0.0f;
    return row[0] >= threshold ? 1 : 0;
  }
  return static_cast<int>(std::max_element(row, row + output_width_) - row);
}

void Session::evaluate(const xt::xtensor<float, 1>& inputs, const xt::xtensor<float, 1>& targets, int count,
                       double& loss, double& accuracy, float* confusion) {
  const int c = classes();
  if (confusion != nullptr) std::fill_n(confusion, c * c, 0.0f);
  if (count == 0) {
    loss = accuracy = nan;
    return;
  }
  double loss_sum = 0;
  int correct = 0;
  const float* out = eval_.buffer.data() + eval_.a[layers_.size() - 1];
  for (int start = 0; start < count; start += eval_.capacity) {
    const int rows = std::min(eval_.capacity, count - start);
    const float* target = targets.data() + static_cast<std::ptrdiff_t>(start) * output_width_;
    forward_rows(eval_, inputs.data() + static_cast<std::ptrdiff_t>(start) * input_width_, rows);
    loss_sum += loss_rows(eval_, target, rows);
    for (int r = 0; r < rows; ++r) {
      const int predicted = class_of(out + static_cast<std::ptrdiff_t>(r) * output_width_);
      const int truth = class_of(target + static_cast<std::ptrdiff_t>(r) * output_width_);
      correct += predicted == truth ? 1 : 0;
      if (confusion != nullptr) confusion[truth * c + predicted] += 1.0f;
    }
  }
  loss = loss_sum / count;
  accuracy = problem_ == Problem::classification ? static_cast<double>(correct) / count : nan;
}

const Metrics& Session::metrics() {
  if (metrics_stale_) {
    Metrics& m = metrics_;
    const int c = classes();
    float* confusion = c > 0 ? confusion_.data() : nullptr;
    evaluate(train_inputs_, train_targets_, train_count_, m.train_loss, m.train_accuracy, confusion);
    evaluate(test_inputs_, test_targets_, test_count_, m.test_loss, m.test_accuracy, confusion ? confusion + c * c : nullptr);
    double penalty = 0;
    for (const Layer& layer : layers_)
      penalty += regularization_penalty(parameters_.data() + layer.w, layer.in * layer.out, config_.regularization);
    m.regularization_loss = config_.regularization_rate * penalty;
    m.train_loss_regularized = m.train_loss + m.regularization_loss;
    m.test_loss_regularized = m.test_loss + m.regularization_loss;
    metrics_stale_ = false;
  }
  metrics_.step = step_;
  metrics_.epoch = examples_seen_ / train_count_;
  metrics_.diverged = diverged_;
  return metrics_;
}

int Session::grid_neuron_count() const {
  int n = input_width_;
  for (const Layer& layer : layers_) n += layer.out;
  return n;
}

Status Session::evaluate_grid(int n, float* out, std::size_t out_size, const GridDomain& d, int first,
                              const GridSample& sample) {
  if (n < 1 || n > 1024) return Status::error("grid size must be an integer from 1 to 1024 (got " + std::to_string(n) + ")");
  if (features_.empty())
    return Status::error("evaluateGrid needs data made from (x, y) features; this session's data was given as rows");
  if (first < 0 || first >= grid_neuron_count())
    return Status::error("the first neuron of a grid must be from 0 to " + std::to_string(grid_neuron_count() - 1) +
                         " (got " + std::to_string(first) + ")");
  // In 64 bits: on wasm32 size_t is 32 bits and n² × neurons can pass 2³², wrapping the check
  // below and the (neuron, cell) offsets. A buffer that size cannot exist there; say so.
  const std::size_t cells = static_cast<std::size_t>(n) * n;
  const auto written = static_cast<std::uint64_t>(grid_neuron_count() - first);
  const std::uint64_t needed64 = static_cast<std::uint64_t>(cells) * written;
  if (needed64 > std::numeric_limits<std::size_t>::max() / sizeof(float))
    return Status::error("a " + std::to_string(n) + "x" + std::to_string(n) + " grid of " +
                         std::to_string(written) + " neurons needs " + std::to_string(needed64) +
                         " floats, more than this machine can address; use a smaller grid");
  const auto needed = static_cast<std::size_t>(needed64);
  if (out_size < needed)
    return Status::error("the grid buffer holds " + std::to_string(out_size) + " floats; " + std::to_string(n) + "x" +
                         std::to_string(n) + " for " + std::to_string(written) + " neurons needs " +
                         std::to_string(needed));
  for (float v : {d.x_min, d.x_max, d.y_min, d.y_max}) {
    if (!is_finite(v)) return Status::error("the grid domain must be finite");
  }
  // The sample: m×m cells a side for every neuron, checked like the grid (64 bits, then the buffer).
  const int every = sample.every;
  if (every < 0 || (every > 0 && (n - 1) % every != 0))
    return Status::error("a grid sample takes every k-th row and column, with n - 1 a multiple of k (got n " +
                         std::to_string(n) + ", k " + std::to_string(every) + ")");
  const int m = every > 0 ? (n - 1) / every + 1 : 0;
  if (every > 0) {
    const std::uint64_t sampled = static_cast<std::uint64_t>(m) * static_cast<std::uint64_t>(m) *
                                  static_cast<std::uint64_t>(grid_neuron_count());
    if (sample.out == nullptr || sampled > sample.size)
      return Status::error("the grid sample's buffer holds " + std::to_string(sample.out ? sample.size : 0) +
                           " floats; " + std::to_string(m) + "x" + std::to_string(m) + " for " +
                           std::to_string(grid_neuron_count()) + " neurons needs " + std::to_string(sampled));
  }
  const std::size_t sample_cells = static_cast<std::size_t>(m) * static_cast<std::size_t>(m);
  const float step_x = n > 1 ? (d.x_max - d.x_min) / static_cast<float>(n - 1) : 0.0f;
  const float step_y = n > 1 ? (d.y_max - d.y_min) / static_cast<float>(n - 1) : 0.0f;
  float* buf = eval_.buffer.data();
  for (std::size_t start = 0; start < cells; start += static_cast<std::size_t>(eval_.capacity)) {
    const int rows = static_cast<int>(std::min<std::size_t>(eval_.capacity, cells - start));
    for (int r = 0; r < rows; ++r) {
      const std::size_t cell = start + static_cast<std::size_t>(r);
      const int row = static_cast<int>(cell / static_cast<std::size_t>(n));
      const int col = static_cast<int>(cell % static_cast<std::size_t>(n));
      const float x = n > 1 ? d.x_min + step_x * static_cast<float>(col) : 0.5f * (d.x_min + d.x_max);
      const float y = n > 1 ? d.y_max - step_y * static_cast<float>(row) : 0.5f * (d.y_min + d.y_max);
      featurize(buf + eval_.input + static_cast<std::size_t>(r) * input_width_, x, y, features_);
    }
    forward_rows(eval_, buf + eval_.input, rows, Accuracy::display);  // pictures: tanh within 2e-6
    // Scatter (rows, width) activations to (neuron - first, cell), the neurons from `first` on.
    std::size_t neuron = 0;
    const auto from = static_cast<std::size_t>(first);
    // Neuron by neuron, so that the writes are contiguous runs (the reads stride by width).
    auto scatter = [&](const float* values, int width) {
      for (int k = 0; k < width; ++k) {
        const std::size_t at = neuron + static_cast<std::size_t>(k);
        if (at < from) continue;
        float* column = out + (at - from) * cells + start;
        for (int r = 0; r < rows; ++r) column[r] = values[static_cast<std::size_t>(r) * width + k];
      }
      neuron += static_cast<std::size_t>(width);
    };
    scatter(buf + eval_.input, input_width_);
    for (std::size_t l = 0; l < layers_.size(); ++l) scatter(buf + eval_.a[l], layers_[l].out);
    if (every == 0) continue;
    // The sample: every neuron's value at the chunk's cells whose row and column are multiples
    // of `every`, neuron by neuron so that the writes run along the sample's rows.
    const std::size_t end = start + static_cast<std::size_t>(rows);
    const std::size_t grid_n = static_cast<std::size_t>(n), step = static_cast<std::size_t>(every);
    const std::size_t first_row = (start / grid_n + step - 1) / step * step;
    std::size_t unit = 0;
    auto put = [&](const float* values, int width) {
      for (int k = 0; k < width; ++k, ++unit) {
        float* target = sample.out + unit * sample_cells;
        for (std::size_t row = first_row; row * grid_n < end; row += step) {
          float* sample_row = target + row / step * static_cast<std::size_t>(m);
          std::size_t cell = row * grid_n;
          for (std::size_t j = 0; j < static_cast<std::size_t>(m); ++j, cell += step) {
            if (cell < start) continue;
            if (cell >= end) break;
            sample_row[j] = values[(cell - start) * static_cast<std::size_t>(width) + static_cast<std::size_t>(k)];
          }
        }
      }
    };
    put(buf + eval_.input, input_width_);
    for (std::size_t l = 0; l < layers_.size(); ++l) put(buf + eval_.a[l], layers_[l].out);
  }
  return {};
}

// ---- views ---------------------------------------------------------------------------------

MatrixView Session::view(xt::xtensor<float, 1>& buffer, std::size_t offset, std::size_t rows, std::size_t cols) {
  return xt::adapt(buffer.data() + offset, rows * cols, xt::no_ownership(), std::array<std::size_t, 2>{rows, cols});
}

bool Session::valid_layer(int l) const { return l >= 0 && l < layer_count(); }

MatrixView Session::weights(int l) {
  if (!valid_layer(l)) return view(parameters_, 0, 0, 0);
  const Layer& layer = layers_[static_cast<std::size_t>(l)];
  return view(parameters_, layer.w, static_cast<std::size_t>(layer.out), static_cast<std::size_t>(layer.in));
}

MatrixView Session::biases(int l) {
  if (!valid_layer(l)) return view(parameters_, 0, 0, 0);
  const Layer& layer = layers_[static_cast<std::size_t>(l)];
  return view(parameters_, layer.b, 1, static_cast<std::size_t>(layer.out));
}

MatrixView Session::weight_gradients(int l) {
  if (!valid_layer(l)) return view(gradients_, 0, 0, 0);
  const Layer& layer = layers_[static_cast<std::size_t>(l)];
  return view(gradients_, layer.w, static_cast<std::size_t>(layer.out), static_cast<std::size_t>(layer.in));
}

MatrixView Session::bias_gradients(int l) {
  if (!valid_layer(l)) return view(gradients_, 0, 0, 0);
  const Layer& layer = layers_[static_cast<std::size_t>(l)];
  return view(gradients_, layer.b, 1, static_cast<std::size_t>(layer.out));
}

MatrixView Session::workspace_view(const std::vector<std::size_t>& offsets, int l) {
  if (!valid_layer(l)) return view(train_.buffer, 0, 0, 0);
  const auto i = static_cast<std::size_t>(l);
  return view(train_.buffer, offsets[i], static_cast<std::size_t>(rows_), static_cast<std::size_t>(layers_[i].out));
}

MatrixView Session::derivatives(int l) {
  if (!valid_layer(l)) return view(scratch_, 0, 0, 0);
  const Layer& layer = layers_[static_cast<std::size_t>(l)];
  const float* z = train_.buffer.data() + train_.z[static_cast<std::size_t>(l)];
  const float* a = train_.buffer.data() + train_.a[static_cast<std::size_t>(l)];
  const std::size_t n = static_cast<std::size_t>(rows_) * static_cast<std::size_t>(layer.out);
  for (std::size_t i = 0; i < n; ++i) scratch_[i] = activation_derivative(z[i], a[i], layer.f);
  return view(scratch_, 0, static_cast<std::size_t>(rows_), static_cast<std::size_t>(layer.out));
}

// ∂L/∂a of the output: mse a - t; bce (a - t) / (a (1 - a)); softmax-ce -t / a (NaN where the
// division has no finite value, as when a saturates to exactly 0 or 1).
MatrixView Session::output_gradient() {
  const std::size_t last = layers_.size() - 1;
  const float* a = train_.buffer.data() + train_.a[last];
  const float* t = train_.buffer.data() + train_.target;
  const std::size_t n = static_cast<std::size_t>(rows_) * static_cast<std::size_t>(output_width_);
  for (std::size_t i = 0; i < n; ++i) {
    float g = a[i] - t[i];
    if (config_.loss == Loss::bce) g = g / (a[i] * (1.0f - a[i]));
    if (config_.loss == Loss::softmax_cross_entropy) g = -t[i] / a[i];
    scratch_[i] = is_finite(g) ? g : std::numeric_limits<float>::quiet_NaN();
  }
  return view(scratch_, 0, static_cast<std::size_t>(rows_), static_cast<std::size_t>(output_width_));
}

MatrixView Session::pre_activations(int l) { return workspace_view(train_.z, l); }
MatrixView Session::activations(int l) { return workspace_view(train_.a, l); }
MatrixView Session::deltas(int l) { return workspace_view(train_.delta, l); }

MatrixView Session::confusion() {
  const auto c = static_cast<std::size_t>(classes());
  return view(confusion_, 0, 2 * c, c);
}
MatrixView Session::input_gradient() {
  const std::size_t rows = input_gradient_ready_ ? static_cast<std::size_t>(rows_) : 0;
  return view(train_.buffer, train_.input_delta, rows, static_cast<std::size_t>(input_width_));
}
MatrixView Session::inputs() { return view(train_.buffer, train_.input, static_cast<std::size_t>(rows_), input_width_); }
MatrixView Session::targets() { return view(train_.buffer, train_.target, static_cast<std::size_t>(rows_), output_width_); }
MatrixView Session::parameters() { return view(parameters_, 0, 1, parameters_.size()); }
MatrixView Session::gradients() { return view(gradients_, 0, 1, gradients_.size()); }
MatrixView Session::moment1() { return view(moment1_, 0, 1, moment1_.size()); }
MatrixView Session::moment2() { return view(moment2_, 0, 1, moment2_.size()); }

Status Session::set_weights(int l, const float* values, std::size_t count) {
  if (!valid_layer(l))
    return Status::error("layer index must be from 0 to " + std::to_string(layer_count() - 1) + " (got " + std::to_string(l) + ")");
  const Layer& layer = layers_[static_cast<std::size_t>(l)];
  const std::size_t n = static_cast<std::size_t>(layer.in) * layer.out;
  if (count != n)
    return Status::error("weights of layer " + std::to_string(l) + " are " + std::to_string(layer.out) + "x" +
                         std::to_string(layer.in) + " = " + std::to_string(n) + " values (got " + std::to_string(count) + ")");
  if (Status s = check_finite(values, count, "weights"); !s.ok()) return s;
  std::copy_n(values, count, parameters_.data() + layer.w);
  weights_changed();
  return {};
}

Status Session::set_biases(int l, const float* values, std::size_t count) {
  if (!valid_layer(l))
    return Status::error("layer index must be from 0 to " + std::to_string(layer_count() - 1) + " (got " + std::to_string(l) + ")");
  const Layer& layer = layers_[static_cast<std::size_t>(l)];
  if (count != static_cast<std::size_t>(layer.out))
    return Status::error("biases of layer " + std::to_string(l) + " are " + std::to_string(layer.out) + " values (got " +
                         std::to_string(count) + ")");
  if (Status s = check_finite(values, count, "biases"); !s.ok()) return s;
  std::copy_n(values, count, parameters_.data() + layer.b);
  weights_changed();
  return {};
}

}  // namespace bp
