// The only file that knows about Emscripten: Embind declarations over bp::Session.
//
// No C++ exception or abort crosses into JS (../shared/toolchain.md, trap 5): every call that
// can fail returns an object with an `error` string, and wasm/index.mjs turns it into a JS
// Error. Buffers are returned as typed_memory_view; wasm/index.mjs copies them before they reach
// a caller, so that no JS array outlives the memory it shows (a deleted session's memory is
// reused by the next one). JS values reach this file only as plain data that index.mjs has
// already read and checked: no getter or Proxy can throw through a C++ frame here.
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "budget.hpp"
#include "data.hpp"
#include "session.hpp"

namespace {

using emscripten::val;

val failure(const std::string& message) {
  val out = val::object();
  out.set("error", message);
  return out;
}

val view_of(const bp::MatrixView& v) { return val(emscripten::typed_memory_view(v.size(), v.data())); }

val copy_to_js(const std::vector<float>& values) {
  return val::global("Float32Array").new_(emscripten::typed_memory_view(values.size(), values.data()));
}

// A JS typed array or array of numbers as floats (one copy into the wasm heap).
std::vector<float> floats_of(const val& v) {
  if (v.isUndefined() || v.isNull()) return {};
  return emscripten::convertJSArrayToNumberVector<float>(v);
}

// makeDataset: a plain JS object the page can keep, plot, export and pass to createSession.
val make_dataset(const std::string& json) {
  auto config = bp::parse_data_config(json);
  if (!config.ok()) return failure(config.message());
  auto data = bp::make_dataset(*config);
  if (!data.ok()) return failure(data.message());
  val out = val::object();
  out.set("problem", std::string(bp::name_of(data->problem)));
  val features = val::array();
  for (bp::Feature f : data->features) features.call<void>("push", std::string(bp::name_of(f)));
  out.set("features", features);
  out.set("inputWidth", data->input_width);
  out.set("targetForm", std::string("labels"));
  out.set("classes", data->classes);
  out.set("trainInputs", copy_to_js(data->train_inputs));
  out.set("trainTargets", copy_to_js(data->train_targets));
  out.set("testInputs", copy_to_js(data->test_inputs));
  out.set("testTargets", copy_to_js(data->test_targets));
  auto points = [](const std::vector<bp::Point>& ps) {
    std::vector<float> flat;
    flat.reserve(ps.size() * 3);
    for (const bp::Point& p : ps) flat.insert(flat.end(), {p.x, p.y, p.label});
    return copy_to_js(flat);
  };
  out.set("trainPoints", points(data->train_points));  // (n, 3): x, y, label
  out.set("testPoints", points(data->test_points));
  return out;
}

// The JS data object back into a bp::Dataset: labels with features (from makeDataset) or rows.
// The rows' width is data.inputWidth when given (makeDataset sets it), else the network's, so a
// mismatch is reported by Session::create in terms of layers[0].
bp::Result<bp::Dataset> dataset_of(const val& data, int network_inputs, int output_width) {
  if (!data.isArray() && data.typeOf().as<std::string>() != "object")
    return bp::Status::error("data must be an object with trainInputs and trainTargets");
  const val declared = data["inputWidth"];  // an integer from 1 to 1024 when given (index.mjs checks)
  const int input_width = declared.isNumber() ? declared.as<int>() : network_inputs;
  const bool labels = data["targetForm"].isString() && data["targetForm"].as<std::string>() == "labels";
  const std::string problem_name = data["problem"].isString() ? data["problem"].as<std::string>() : "classification";
  const bp::Problem problem = problem_name == "regression" ? bp::Problem::regression : bp::Problem::classification;
  auto rows = bp::make_dataset_from_rows(input_width, labels ? 1 : output_width, floats_of(data["trainInputs"]),
                                         floats_of(data["trainTargets"]), floats_of(data["testInputs"]),
                                         floats_of(data["testTargets"]), problem);
  if (!rows.ok() || !labels) return rows;
  bp::Dataset& d = *rows;
  d.target_form = bp::TargetForm::labels;
  const val classes = data["classes"];  // an integer from 2 to 10 when given (index.mjs checks)
  if (classes.isNumber()) d.classes = classes.as<int>();
  const val features = data["features"];
  const int count = features.isArray() ? features["length"].as<int>() : 0;
  for (int i = 0; i < count; ++i) {
    const std::string name = features[i].isString() ? features[i].as<std::string>() : "";
    bool found = false;
    for (int f = 0; f <= static_cast<int>(bp::Feature::sin_y); ++f) {
      if (bp::name_of(static_cast<bp::Feature>(f)) == name) {
        d.features.push_back(static_cast<bp::Feature>(f));
        found = true;
      }
    }
    if (!found) return bp::Status::error("data.features[" + std::to_string(i) + "] is not a feature name");
  }
  if (static_cast<int>(d.features.size()) != input_width)
    return bp::Status::error("data.features names " + std::to_string(d.features.size()) +
                             " features but the rows have " + std::to_string(input_width) + " inputs");
  return rows;
}

class SessionHandle {
 public:
  static val create(const std::string& network_json, const val& data) {
    auto config = bp::parse_network_config(network_json);
    if (!config.ok()) return failure(config.message());
    // One step, and one pass over all examples (metrics cannot be split), must fit the budget.
    if (bp::Status s = bp::within_budget(bp::train_cost(*config, 1), "one training step of batchSize " +
            std::to_string(config->batch_size) + " on this network", "use a smaller batchSize or fewer or narrower layers");
        !s.ok())
      return failure(s.message());
    // Counted from the arrays' lengths before any of them is copied in (2^24 floats take a while).
    const double width = data["inputWidth"].isNumber() ? data["inputWidth"].as<double>() : config->layers.front();
    const double examples = std::floor((data["trainInputs"]["length"].as<double>() +
                                        data["testInputs"]["length"].as<double>()) / width);
    if (bp::Status s = bp::within_budget(bp::measure_cost(*config, examples), "measuring " +
            std::to_string(static_cast<long long>(examples)) + " examples on this network",
            "use fewer examples or fewer or narrower layers"); !s.ok())
      return failure(s.message());
    auto dataset = dataset_of(data, config->layers.front(), config->layers.back());
    if (!dataset.ok()) return failure(dataset.message());
    auto session = bp::Session::create(*config, *dataset);
    if (!session.ok()) return failure(session.message());
    val out = val::object();
    out.set("session", val(std::make_unique<SessionHandle>(std::move(*session))));
    return out;
  }

  explicit SessionHandle(std::unique_ptr<bp::Session> s) : s_(std::move(s)) {}

  val metrics() {
    const bp::Metrics& m = s_->metrics();
    val out = val::object();
    out.set("step", static_cast<double>(m.step));
    out.set("epoch", static_cast<double>(m.epoch));
    out.set("trainLoss", m.train_loss);
    out.set("testLoss", m.test_loss);
    out.set("regularizationLoss", m.regularization_loss);
    out.set("trainLossRegularized", m.train_loss_regularized);
    out.set("testLossRegularized", m.test_loss_regularized);
    out.set("trainAccuracy", m.train_accuracy);
    out.set("testAccuracy", m.test_accuracy);
    out.set("diverged", m.diverged);
    return out;
  }

  // train(n) and step(n) (which measures afterwards) over the budget say how many steps fit.
  std::string over_budget(const char* call, int n, bool measures) const {
    const bp::NetworkConfig& c = s_->config();
    const double measure = measures ? bp::measure_cost(c, static_cast<double>(s_->train_count()) + s_->test_count()) : 0;
    const double step = bp::train_cost(c, 1);
    const auto fits = static_cast<long long>(std::max(1.0, (bp::Budget::max_work - measure) / step));
    return bp::within_budget(bp::train_cost(c, n) + measure, std::string(call) + "(" + std::to_string(n) + ")",
                             "call it in parts of at most " + std::to_string(fits) + " steps")
        .message();
  }

  val step(int n) {
    if (n < 0) return failure("step(n) needs n >= 0 (got " + std::to_string(n) + ")");
    if (std::string problem = over_budget("step", n, true); !problem.empty()) return failure(problem);
    s_->train(n);
    return metrics();
  }

  std::string train(int n) {
    if (n < 0) return "train(n) needs n >= 0 (got " + std::to_string(n) + ")";
    if (std::string problem = over_budget("train", n, false); !problem.empty()) return problem;
    s_->train_steps(n);
    return {};
  }

  std::string reconfigure(const std::string& network_json) {
    auto config = bp::parse_network_config(network_json);
    if (!config.ok()) return config.message();
    return s_->reconfigure(*config).message();
  }

  void reset(double seed) { s_->reset(static_cast<std::uint32_t>(seed)); }

  int layer_count() const { return s_->layer_count(); }
  int rows() const { return s_->rows(); }
  int grid_neuron_count() const { return s_->grid_neuron_count(); }
  std::string config_json() const { return bp::to_json(s_->config()); }
  int train_count() const { return s_->train_count(); }
  int test_count() const { return s_->test_count(); }

  val weights(int l) { return view_of(s_->weights(l)); }
  val biases(int l) { return view_of(s_->biases(l)); }
  val weight_gradients(int l) { return view_of(s_->weight_gradients(l)); }
  val bias_gradients(int l) { return view_of(s_->bias_gradients(l)); }
  val pre_activations(int l) { return view_of(s_->pre_activations(l)); }
  val activations(int l) { return view_of(s_->activations(l)); }
  val deltas(int l) { return view_of(s_->deltas(l)); }
  val inputs() { return view_of(s_->inputs()); }
  val targets() { return view_of(s_->targets()); }
  val parameters() { return view_of(s_->parameters()); }
  val gradients() { return view_of(s_->gradients()); }
  val moment1() { return view_of(s_->moment1()); }
  val moment2() { return view_of(s_->moment2()); }

  std::string set_weights(int l, const val& values) {
    const auto v = floats_of(values);
    return s_->set_weights(l, v.data(), v.size()).message();
  }
  std::string set_biases(int l, const val& values) {
    const auto v = floats_of(values);
    return s_->set_biases(l, v.data(), v.size()).message();
  }

  // Examples as rows: inputs (count, input width) and targets (count, output width).
  std::string check_rows(const std::vector<float>& x, const std::vector<float>& t, std::size_t& count,
                         double passes) const {
    const auto in = static_cast<std::size_t>(s_->config().layers.front());
    const auto out = static_cast<std::size_t>(s_->config().layers.back());
    if (x.empty() || x.size() % in != 0)
      return "inputs must hold whole rows of " + std::to_string(in) + " values (got " + std::to_string(x.size()) + ")";
    count = x.size() / in;
    if (t.size() != count * out)
      return "targets must hold " + std::to_string(count) + " rows of " + std::to_string(out) + " values (got " +
             std::to_string(t.size()) + ")";
    return bp::within_budget(passes * bp::measure_cost(s_->config(), static_cast<double>(count)),
                             "a call on " + std::to_string(count) + " examples", "pass fewer rows per call")
        .message();
  }

  val compute_gradients(const val& inputs, const val& targets) {
    const auto x = floats_of(inputs), t = floats_of(targets);
    std::size_t count = 0;
    if (std::string problem = check_rows(x, t, count, 3); !problem.empty()) return failure(problem);
    auto loss = s_->compute_gradients(x.data(), t.data(), static_cast<int>(count));
    if (!loss.ok()) return failure(loss.message());
    val result = val::object();
    result.set("loss", *loss);
    return result;
  }

  val forward(const val& input) {
    const auto x = floats_of(input);
    const auto in = static_cast<std::size_t>(s_->config().layers.front());
    if (x.size() != in) return failure("input must hold " + std::to_string(in) + " values (got " + std::to_string(x.size()) + ")");
    if (bp::Status s = s_->forward(x.data()); !s.ok()) return failure(s.message());
    return val::object();
  }

  val backward(const val& target) {
    const auto t = floats_of(target);
    const auto out = static_cast<std::size_t>(s_->config().layers.back());
    if (t.size() != out) return failure("target must hold " + std::to_string(out) + " values (got " + std::to_string(t.size()) + ")");
    auto loss = s_->backward(t.data());
    if (!loss.ok()) return failure(loss.message());
    val result = val::object();
    result.set("loss", *loss);
    return result;
  }

  std::string update() { return s_->update().message(); }

  val loss(const val& inputs, const val& targets) {
    const auto x = floats_of(inputs), t = floats_of(targets);
    std::size_t count = 0;
    if (std::string problem = check_rows(x, t, count, 1); !problem.empty()) return failure(problem);
    auto loss = s_->loss(x.data(), t.data(), static_cast<int>(count));
    if (!loss.ok()) return failure(loss.message());
    val result = val::object();
    result.set("loss", *loss);
    return result;
  }

  val numerical_gradient(double index, const val& inputs, const val& targets) {
    const auto x = floats_of(inputs), t = floats_of(targets);
    std::size_t count = 0;
    if (std::string problem = check_rows(x, t, count, 4); !problem.empty()) return failure(problem);  // 2 passes in double
    if (!(index >= 0 && index < 4294967296.0) || index != static_cast<double>(static_cast<std::size_t>(index)))
      return failure("parameter index must be a whole number >= 0");
    auto g = s_->numerical_gradient(static_cast<std::size_t>(index), x.data(), t.data(), static_cast<int>(count));
    if (!g.ok()) return failure(g.message());
    val result = val::object();
    result.set("gradient", *g);
    return result;
  }

  val derivatives(int l) { return view_of(s_->derivatives(l)); }
  val output_gradient() { return view_of(s_->output_gradient()); }
  val input_gradient() { return view_of(s_->input_gradient()); }
  val confusion() { return view_of(s_->confusion()); }

  // The outputs for rows of inputs, (count, outputs), in the handle's buffer: {outputs}.
  val predict(const val& inputs) {
    const auto x = floats_of(inputs);
    const auto in = static_cast<std::size_t>(s_->config().layers.front());
    const auto out = static_cast<std::size_t>(s_->config().layers.back());
    if (x.empty() || x.size() % in != 0)
      return failure("inputs must hold whole rows of " + std::to_string(in) + " values (got " + std::to_string(x.size()) + ")");
    const std::size_t count = x.size() / in;
    if (bp::Status s = bp::within_budget(bp::measure_cost(s_->config(), static_cast<double>(count)),
                                         "a call on " + std::to_string(count) + " examples", "pass fewer rows per call");
        !s.ok())
      return failure(s.message());
    if (!grow(probe_, probe_size_, count * out)) return failure("not enough memory for " + std::to_string(count) + " predictions");
    if (bp::Status s = s_->predict(x.data(), static_cast<int>(count), probe_.get(), probe_size_); !s.ok()) return failure(s.message());
    return probe_result("outputs", count * out);
  }

  // ∂L_r/∂x_r of every example, (count, input width), in the handle's buffer: {gradients} (a view
  // that index.mjs copies at once).
  val input_gradients(const val& inputs, const val& targets) {
    const auto x = floats_of(inputs), t = floats_of(targets);
    std::size_t count = 0;
    if (std::string problem = check_rows(x, t, count, 2); !problem.empty()) return failure(problem);
    if (!grow(probe_, probe_size_, x.size())) return failure("not enough memory for " + std::to_string(count) + " input gradients");
    if (bp::Status s = s_->input_gradients(x.data(), t.data(), static_cast<int>(count), probe_.get(), probe_size_); !s.ok())
      return failure(s.message());
    return probe_result("gradients", x.size());
  }

  // ∂L_r/∂(x_r, y_r) of every point, (count, 2), as input_gradients.
  val point_gradients(const val& points, const val& targets) {
    const auto p = floats_of(points), t = floats_of(targets);
    const auto out = static_cast<std::size_t>(s_->config().layers.back());
    if (p.empty() || p.size() % 2 != 0)
      return failure("points must hold whole (x, y) pairs (got " + std::to_string(p.size()) + " values)");
    const std::size_t count = p.size() / 2;
    if (t.size() != count * out)
      return failure("targets must hold " + std::to_string(count) + " rows of " + std::to_string(out) + " values (got " +
                     std::to_string(t.size()) + ")");
    if (bp::Status s = bp::within_budget(2 * bp::measure_cost(s_->config(), static_cast<double>(count)),
                                         "a call on " + std::to_string(count) + " points", "pass fewer points per call");
        !s.ok())
      return failure(s.message());
    if (!grow(probe_, probe_size_, p.size())) return failure("not enough memory for " + std::to_string(count) + " point gradients");
    if (bp::Status s = s_->point_gradients(p.data(), t.data(), static_cast<int>(count), probe_.get(), probe_size_); !s.ok())
      return failure(s.message());
    return probe_result("gradients", p.size());
  }

  // `every` > 0: also every neuron at every `every`-th row and column of the same pass (the
  // thumbnails from the output's grid), in a second buffer: {grid, sample}.
  val evaluate_grid(int n, int first, int every) {
    if (n < 1 || n > 1024) return failure("evaluateGrid(n) needs n from 1 to 1024 (got " + std::to_string(n) + ")");
    if (first < 0 || first >= s_->grid_neuron_count())
      return failure("evaluateGrid(n, out, first): first must be a neuron from 0 to " +
                     std::to_string(s_->grid_neuron_count() - 1) + " (got " + std::to_string(first) + ")");
    if (every < 0 || (every > 0 && (n - 1) % every != 0))
      return failure("evaluateGrids(n, first, every): n - 1 must be a multiple of every (got n " + std::to_string(n) +
                     ", every " + std::to_string(every) + ")");
    // In 64 bits: wasm32's size_t would wrap past 2^32 floats. Refused before allocating.
    const std::uint64_t size64 = static_cast<std::uint64_t>(s_->grid_neuron_count() - first) * static_cast<std::uint64_t>(n) * n;
    if (static_cast<double>(size64) > bp::Budget::max_grid_floats)
      return failure("evaluateGrid(" + std::to_string(n) + ") needs " + std::to_string(n) + "x" + std::to_string(n) +
                     " cells x " + std::to_string(s_->grid_neuron_count() - first) + " neurons = " + std::to_string(size64) +
                     " floats (limit " + std::to_string(static_cast<long long>(bp::Budget::max_grid_floats)) +
                     "); use a smaller n");
    if (bp::Status s = bp::within_budget(bp::measure_cost(s_->config(), static_cast<double>(n) * n),
                                         "evaluateGrid(" + std::to_string(n) + ")", "use a smaller n");
        !s.ok())
      return failure(s.message());
    const auto size = static_cast<std::size_t>(size64);
    // The sample is at most the whole grid of every neuron at m <= n: within the same limit.
    const std::uint64_t m = every > 0 ? static_cast<std::uint64_t>((n - 1) / every + 1) : 0;
    const std::uint64_t sample64 = m * m * static_cast<std::uint64_t>(s_->grid_neuron_count());
    if (static_cast<double>(sample64) > bp::Budget::max_grid_floats)
      return failure("evaluateGrids(" + std::to_string(n) + ", first, " + std::to_string(every) + ") needs a sample of " +
                     std::to_string(sample64) + " floats (limit " +
                     std::to_string(static_cast<long long>(bp::Budget::max_grid_floats)) + "); use a larger every");
    const auto sample_size = static_cast<std::size_t>(sample64);
    if (!grow(grid_, grid_size_, size) || !grow(sample_, sample_size_, sample_size))
      return failure("evaluateGrid(" + std::to_string(n) + ") could not get " +
                     std::to_string((size + sample_size) * sizeof(float) >> 20) + " MiB of memory; use a smaller n");
    if (bp::Status s = s_->evaluate_grid(n, grid_.get(), size, {}, first, {every, sample_.get(), sample_size}); !s.ok())
      return failure(s.message());
    val result = val::object();
    result.set("grid", val(emscripten::typed_memory_view(size, grid_.get())));
    if (every > 0) result.set("sample", val(emscripten::typed_memory_view(sample_size, sample_.get())));
    return result;
  }

 private:
  std::unique_ptr<bp::Session> s_;
  struct Free {
    void operator()(float* p) const { std::free(p); }
  };
  std::unique_ptr<float, Free> grid_;
  std::size_t grid_size_ = 0;
  std::unique_ptr<float, Free> sample_;
  std::size_t sample_size_ = 0;
  std::unique_ptr<float, Free> probe_;  // predict's, input_gradients' and point_gradients' results
  std::size_t probe_size_ = 0;

  // {key: a view of the probe buffer's first `size` floats}, which index.mjs copies at once.
  val probe_result(const char* key, std::size_t size) {
    val result = val::object();
    result.set(key, val(emscripten::typed_memory_view(size, probe_.get())));
    return result;
  }

  // A buffer of at least `size` floats; grows once per larger size (it may grow the heap): malloc,
  // not new, so no abort. False when the memory is not there (the buffer is as it was).
  static bool grow(std::unique_ptr<float, Free>& buffer, std::size_t& capacity, std::size_t size) {
    if (capacity >= size) return true;
    float* larger = static_cast<float*>(std::realloc(buffer.get(), size * sizeof(float)));
    if (!larger) return false;
    buffer.release();
    buffer.reset(larger);
    capacity = size;
    return true;
  }
};

// Bytes allocated on the wasm heap right now (for leak tests and memory readouts).
double heap_in_use() { return static_cast<double>(mallinfo().uordblks); }

// Bytes of wasm memory (grows, never shrinks; every growth detaches existing views).
double memory_size() { return static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0; }

}  // namespace

EMSCRIPTEN_BINDINGS(backprop_engine) {
  using namespace emscripten;
  function("makeDataset", &make_dataset);
  function("heapInUse", &heap_in_use);
  function("memorySize", &memory_size);
  class_<SessionHandle>("SessionHandle")
      .class_function("create", &SessionHandle::create)
      .function("metrics", &SessionHandle::metrics)
      .function("step", &SessionHandle::step)
      .function("train", &SessionHandle::train)
      .function("reset", &SessionHandle::reset)
      .function("reconfigure", &SessionHandle::reconfigure)
      .function("layerCount", &SessionHandle::layer_count)
      .function("rows", &SessionHandle::rows)
      .function("gridNeuronCount", &SessionHandle::grid_neuron_count)
      .function("configJson", &SessionHandle::config_json)
      .function("trainCount", &SessionHandle::train_count)
      .function("testCount", &SessionHandle::test_count)
      .function("weights", &SessionHandle::weights)
      .function("biases", &SessionHandle::biases)
      .function("weightGradients", &SessionHandle::weight_gradients)
      .function("biasGradients", &SessionHandle::bias_gradients)
      .function("preActivations", &SessionHandle::pre_activations)
      .function("activations", &SessionHandle::activations)
      .function("deltas", &SessionHandle::deltas)
      .function("inputs", &SessionHandle::inputs)
      .function("targets", &SessionHandle::targets)
      .function("parameters", &SessionHandle::parameters)
      .function("gradients", &SessionHandle::gradients)
      .function("moment1", &SessionHandle::moment1)
      .function("moment2", &SessionHandle::moment2)
      .function("setWeights", &SessionHandle::set_weights)
      .function("setBiases", &SessionHandle::set_biases)
      .function("computeGradients", &SessionHandle::compute_gradients)
      .function("forward", &SessionHandle::forward)
      .function("backward", &SessionHandle::backward)
      .function("update", &SessionHandle::update)
      .function("loss", &SessionHandle::loss)
      .function("numericalGradient", &SessionHandle::numerical_gradient)
      .function("derivatives", &SessionHandle::derivatives)
      .function("outputGradient", &SessionHandle::output_gradient)
      .function("inputGradient", &SessionHandle::input_gradient)
      .function("confusion", &SessionHandle::confusion)
      .function("predict", &SessionHandle::predict)
      .function("inputGradients", &SessionHandle::input_gradients)
      .function("pointGradients", &SessionHandle::point_gradients)
      .function("evaluateGrid", &SessionHandle::evaluate_grid);
}
