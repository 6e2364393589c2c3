#include "targets.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "data.hpp"
#include "session.hpp"

namespace fuzz {

namespace {

// A promise of the engine that an input broke: print it and abort, so libFuzzer keeps the input.
void expect(bool held, const char* promise) {
  if (held) return;
  std::fprintf(stderr, "fuzz: broken promise: %s\n", promise);
  std::abort();
}

// Bytes read front to back; past the end every read is 0.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | byte();
    return v;
  }
  float f32() {
    const std::uint32_t bits = u32();
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
  }
  bool empty() const { return at_ >= size_; }

 private:
  const std::uint8_t* data_;
  std::size_t size_, at_ = 0;
};

// Work per call is kept small so that a run explores many inputs: calls whose cost (parameters
// times rows) is above this are skipped, never the size checks, which refuse before working.
constexpr double max_work = 2e7;
// The largest grid buffer handed to evaluate_grid, in floats (16 MB).
constexpr std::uint64_t max_grid_floats = std::uint64_t{1} << 22;

std::size_t parameter_count(bp::Session& s) { return s.parameters().size(); }

// evaluate_grid(n) with a buffer one float short of what the grid needs (capped): it must
// refuse. With a buffer of exactly the size, when small enough, it must succeed. The size is
// computed here in 64 bits: a check done in 32-bit size_t wraps for neurons * n * n >= 2^32.
void check_grid(bp::Session& s, int n) {
  if (n < 1 || n > 1024) {
    float dummy = 0;
    expect(!s.evaluate_grid(n, &dummy, 1).ok(), "evaluate_grid refuses n outside 1 to 1024");
    return;
  }
  if (s.features().empty()) return;  // rows data: evaluate_grid refuses, tested in rows()
  const std::uint64_t needed = static_cast<std::uint64_t>(s.grid_neuron_count()) * static_cast<std::uint64_t>(n) *
                               static_cast<std::uint64_t>(n);
  const std::uint64_t short_size = std::min(needed - 1, max_grid_floats);
  std::vector<float> out(static_cast<std::size_t>(std::max<std::uint64_t>(short_size, 1)));
  expect(!s.evaluate_grid(n, out.data(), static_cast<std::size_t>(short_size)).ok(),
         "evaluate_grid refuses a buffer smaller than neurons * n * n floats");
  if (needed <= max_grid_floats && static_cast<double>(parameter_count(s)) * n * n <= max_work) {
    out.assign(static_cast<std::size_t>(needed), 0.0f);
    expect(s.evaluate_grid(n, out.data(), out.size()).ok(), "evaluate_grid accepts a buffer of the grid's size");
  }
}

void exercise(bp::Session& s, int steps, int grid) {
  const double rows = static_cast<double>(s.config().batch_size) * steps + s.train_count() + s.test_count();
  if (static_cast<double>(parameter_count(s)) * rows <= max_work) {
    const bp::Metrics& m = s.train(steps);
    expect(m.step <= steps, "train(steps) takes at most that many steps");
  }
  check_grid(s, grid);
}

std::vector<std::string_view> lines(const std::uint8_t* bytes, std::size_t size) {
  std::vector<std::string_view> out;
  std::string_view text(reinterpret_cast<const char*>(bytes), size);
  while (out.size() < 2) {
    const std::size_t end = text.find('\n');
    out.push_back(text.substr(0, end));
    if (end == std::string_view::npos) {
      text = {};
      break;
    }
    text.remove_prefix(end + 1);
  }
  out.push_back(text);
  return out;
}

}  // namespace

void config(const std::uint8_t* bytes, std::size_t size) {
  const auto parts = lines(bytes, size);
  auto network = bp::parse_network_config(parts[0]);
  auto data_config = bp::parse_data_config(parts.size() > 1 ? parts[1] : std::string_view("{}"));
  for (const std::string* message : {network.ok() ? nullptr : &network.message(),
                                     data_config.ok() ? nullptr : &data_config.message()}) {
    if (message) expect(!message->empty() && message->size() < 1000, "a refusal has a short message");
  }
  if (network.ok()) {
    auto again = bp::parse_network_config(bp::to_json(*network));
    expect(again.ok() && bp::to_json(*again) == bp::to_json(*network), "a network config round-trips through JSON");
  }
  if (!network.ok() || !data_config.ok()) return;
  auto again = bp::parse_data_config(bp::to_json(*data_config));
  expect(again.ok(), "a data config round-trips through JSON");
  // Big generated sets are slow to make and measure, not interesting: keep them small.
  if (data_config->count > 2000 || data_config->points.size() > 2000) return;
  auto data = bp::make_dataset(*data_config);
  if (!data.ok()) return;
  auto session = bp::Session::create(*network, *data);
  if (!session.ok()) return;
  int steps = 1, grid = 8;
  if (parts.size() > 2) std::sscanf(std::string(parts[2]).c_str(), "%d %d", &steps, &grid);
  exercise(**session, std::max(0, std::min(steps, 5)), grid);
}

void rows(const std::uint8_t* bytes, std::size_t size) {
  Bytes in(bytes, size);
  const int input_width = static_cast<std::int8_t>(in.byte());
  const int target_width = static_cast<std::int8_t>(in.byte());
  const bp::Problem problem = in.byte() % 2 ? bp::Problem::regression : bp::Problem::classification;
  std::vector<float> parts[4];
  for (auto& part : parts) part.resize(in.byte());
  for (auto& part : parts)
    for (float& v : part) v = in.f32();
  auto data = bp::make_dataset_from_rows(input_width, target_width, parts[0], parts[1], parts[2], parts[3], problem);
  if (!data.ok()) return;
  expect(data->train_count() >= 1, "rows data has a training example");
  bp::NetworkConfig network;
  network.layers = {data->input_width, 3, data->target_width};
  network.activations = {bp::Activation::tanh};
  network.output = bp::Activation::linear;
  auto session = bp::Session::create(network, *data);
  if (!session.ok()) return;
  float dummy = 0;
  expect(!(*session)->evaluate_grid(4, &dummy, 1).ok(), "evaluate_grid refuses rows data");
  exercise(**session, 1 + in.byte() % 3, 4);
}

void setters(const std::uint8_t* bytes, std::size_t size) {
  Bytes in(bytes, size);
  static const char* const networks[] = {
      R"({"layers": [2, 4, 1]})",
      R"({"layers": [3, 5, 4, 2], "output": "softmax", "loss": "softmax-ce", "optimizer": "adam"})",
      R"({"layers": [2, 1], "output": "sigmoid", "loss": "bce", "optimizer": "rmsprop"})",
      R"({"layers": [2, 3, 3, 1], "activation": ["relu", "softplus"], "optimizer": "momentum"})"};
  const std::size_t pick = in.byte() % 4;
  auto network = bp::parse_network_config(networks[pick]);
  expect(network.ok(), "the preset networks parse");
  bp::DataConfig data_config;
  data_config.count = 40;
  if (pick == 1) data_config.features = {bp::Feature::x, bp::Feature::y, bp::Feature::x_times_y};
  auto data = bp::make_dataset(data_config);
  if (pick == 1) {  // two outputs: rows data with one-hot targets
    std::vector<float> inputs(data->train_inputs), targets;
    for (const bp::Point& p : data->train_points) targets.insert(targets.end(), {p.label > 0 ? 1.0f : 0.0f, p.label > 0 ? 0.0f : 1.0f});
    data = bp::make_dataset_from_rows(3, 2, inputs, targets, {}, {}, bp::Problem::classification);
  }
  expect(data.ok(), "the preset data sets are made");
  auto created = bp::Session::create(*network, *data);
  expect(created.ok(), "the preset sessions are created");
  bp::Session& s = **created;
  const int in_width = s.config().layers.front(), out_width = s.config().layers.back();
  auto floats = [&](std::size_t n) {
    std::vector<float> v(n);
    for (float& x : v) x = in.f32();
    return v;
  };
  for (int op = 0; op < 64 && !in.empty(); ++op) {
    switch (in.byte() % 11) {
      case 0: {
        const int l = static_cast<std::int8_t>(in.byte());
        const auto v = floats(in.byte());
        const bool ok = s.set_weights(l, v.data(), v.size()).ok();
        if (ok) expect(s.weights(l).size() == v.size(), "set_weights takes exactly the layer's count");
        break;
      }
      case 1: {
        const int l = static_cast<std::int8_t>(in.byte());
        const auto v = floats(in.byte() % 16);
        s.set_biases(l, v.data(), v.size());
        break;
      }
      case 2: {
        const int count = static_cast<std::int8_t>(in.byte()) % 9;
        const auto x = floats(static_cast<std::size_t>(std::max(count, 0)) * in_width);
        const auto t = floats(static_cast<std::size_t>(std::max(count, 0)) * out_width);
        auto r = s.compute_gradients(x.data(), t.data(), count);
        if (r.ok()) s.update();
        break;
      }
      case 3: {
        const auto x = floats(in_width);
        const auto t = floats(out_width);
        if (s.forward(x.data()).ok()) s.backward(t.data());
        break;
      }
      case 4: {
        const auto t = floats(out_width);
        s.backward(t.data());  // without a forward first: refused, never a crash
        break;
      }
      case 5: {
        const std::size_t index = in.u32() % (parameter_count(s) + 4);
        const auto x = floats(in_width), t = floats(out_width);
        s.numerical_gradient(index, x.data(), t.data(), 1);
        break;
      }
      case 6: {
        bp::NetworkConfig next = s.config();
        next.learning_rate = in.f32();
        next.regularization_rate = in.f32();
        next.momentum = in.f32();
        next.beta2 = in.f32();
        next.regularization = static_cast<bp::Regularization>(in.byte() % 3);
        const bool valid = bp::validate(next).ok();
        const bool ok = s.reconfigure(next).ok();
        expect(!ok || valid, "reconfigure refuses an invalid config");
        break;
      }
      case 7:
        s.reset(in.u32());
        break;
      case 8:
        s.train(1 + in.byte() % 3);
        s.metrics();
        break;
      case 9:
        check_grid(s, static_cast<std::int8_t>(in.byte()) % 20);
        break;
      case 10: {
        // The gradient to the input: any values, any count, a buffer that may be short.
        const int count = static_cast<std::int8_t>(in.byte()) % 70;
        const auto rows = static_cast<std::size_t>(std::max(count, 0));
        const auto x = floats(rows * static_cast<std::size_t>(in_width)), t = floats(rows * static_cast<std::size_t>(out_width));
        std::vector<float> out(in.byte() % 2 ? rows * static_cast<std::size_t>(in_width) : in.byte());
        const auto before = std::vector<float>(s.gradients().begin(), s.gradients().end());
        if (s.input_gradients(x.data(), t.data(), count, out.data(), out.size()).ok())
          // Bit for bit: a NaN gradient (a diverged run) equals itself here, as it is left alone.
          expect(std::memcmp(before.data(), s.gradients().data(), before.size() * sizeof(float)) == 0,
                 "input_gradients leaves the gradients alone");
        const auto points = floats(2 * rows);
        std::vector<float> pg(2 * rows);
        s.point_gradients(points.data(), t.data(), count, pg.data(), pg.size());
        break;
      }
    }
  }
  // Whatever was set, the views stay inside their buffers.
  for (int l = -1; l <= s.layer_count(); ++l) {
    const auto w = s.weights(l);
    expect(w.size() == 0 || l < s.layer_count(), "a view of a missing layer is empty");
  }
}

Target target(const char* name) {
  const std::string_view n(name);
  if (n == "config") return config;
  if (n == "rows") return rows;
  if (n == "setters") return setters;
  return nullptr;
}

}  // namespace fuzz
