// bench_native: the benchmark's workloads on the native engine (bp::Session), the same way
// bench/run-wasm.mjs runs them on the WebAssembly builds. Prints one JSON line per workload:
//   {"workload":"W1","samplesPerSecond":...}      training: steps × batch size / seconds
//   {"workload":"GRID","gridsPerSecond":...}      evaluate_grid(100)
//
//   bench_native [--workloads FILE|-] [--only W1,W2] [--warmup S] [--seconds S] [--reps N] [--call-ms MS]
//
// --workloads reads the workload list as JSON (bench/bench.mjs passes bench/workloads.mjs's
// WORKLOADS on standard input, so both sides run the very same definitions); without it the
// copy below is used.
//
// Method (as in run-wasm.mjs): train(k) calls, k calibrated during an untimed warm-up so a call
// takes about call-ms (longer where the metrics refresh is slow: see call_target); `reps` timed runs of `seconds`; the median is reported. train(k) ends by
// recomputing the metrics over every training and test row; that cost is measured alone
// (reset(); metrics()) and excluded from samplesPerSecond (apiSamplesPerSecond includes it).
#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checksum.hpp"
#include "data.hpp"
#include "session.hpp"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// The same definitions as bench/workloads.mjs (WORKLOADS), used when --workloads is not given.
const char* const kDefaultWorkloads = R"json([
  {"id": "W1", "kind": "train",
   "network": {"layers": [2, 8, 8, 8, 8, 8, 8, 1], "activation": "tanh", "output": "tanh", "loss": "mse",
               "optimizer": "sgd", "learningRate": 0.03, "batchSize": 10, "seed": 1},
   "data": {"kind": "dataset", "options": {"name": "spiral", "count": 500, "trainRatio": 1, "noise": 0, "seed": 1,
                                           "features": ["x", "y"]}}},
  {"id": "W2", "kind": "train",
   "network": {"layers": [784, 128, 64, 10], "activation": "relu", "output": "softmax", "loss": "softmax-ce",
               "init": "he", "optimizer": "sgd", "learningRate": 0.01, "batchSize": 64, "seed": 1},
   "data": {"kind": "random", "trainRows": 2048, "testRows": 256, "inputWidth": 784, "classes": 10, "seed": 20240601}},
  {"id": "W3", "kind": "train",
   "network": {"layers": [2, 64, 64, 1], "activation": "tanh", "output": "tanh", "loss": "mse",
               "optimizer": "sgd", "learningRate": 0.03, "batchSize": 256, "seed": 1},
   "data": {"kind": "dataset", "options": {"name": "spiral", "count": 500, "trainRatio": 1, "noise": 0, "seed": 1,
                                           "features": ["x", "y"]}}},
  {"id": "GRID", "kind": "grid", "gridSize": 100, "pretrainSteps": 500,
   "network": {"layers": [2, 8, 8, 8, 8, 8, 8, 1], "activation": "tanh", "output": "tanh", "loss": "mse",
               "optimizer": "sgd", "learningRate": 0.03, "batchSize": 10, "seed": 1},
   "data": {"kind": "dataset", "options": {"name": "spiral", "count": 500, "trainRatio": 1, "noise": 0, "seed": 1,
                                           "features": ["x", "y"]}}}
])json";

#ifdef NDEBUG
constexpr bool BENCH_OPTIMIZED = true;  // a Release build (the engine itself is bp_core, built alike)
#else
constexpr bool BENCH_OPTIMIZED = false;
#endif

struct Timing {
  double warmup_seconds = 0.5, seconds = 0.4, call_ms = 10;
  int repetitions = 5;
};

[[noreturn]] void die(const std::string& message) {
  std::cerr << "bench_native: " << message << "\n";
  std::exit(2);
}

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

// mulberry32, as bench/workloads.mjs.
struct Mulberry32 {
  std::uint32_t a;
  std::uint32_t next() {
    a += 0x6d2b79f5u;
    std::uint32_t t = (a ^ (a >> 15)) * (a | 1u);
    t = (t + (t ^ (t >> 7)) * (t | 61u)) ^ t;
    return t ^ (t >> 14);
  }
};

std::string checksum(const std::vector<const std::vector<float>*>& arrays) {
  bp::Checksum sum;
  for (const auto* values : arrays) sum.add(values->data(), values->size());
  return sum.hex();
}

struct Data {
  bp::Dataset dataset;
  std::string checksum;  // random rows only
};

Data make_data(const json& spec) {
  Data out;
  if (spec.value("kind", "") == "random") {
    const int train_rows = spec.at("trainRows"), test_rows = spec.at("testRows");
    const int width = spec.at("inputWidth"), classes = spec.at("classes");
    Mulberry32 rng{spec.at("seed").get<std::uint32_t>()};
    auto part = [&](int rows, std::vector<float>& inputs, std::vector<float>& targets) {
      inputs.assign(static_cast<std::size_t>(rows) * width, 0.0f);
      targets.assign(static_cast<std::size_t>(rows) * classes, 0.0f);
      for (int r = 0; r < rows; ++r) {
        for (int i = 0; i < width; ++i)
          inputs[static_cast<std::size_t>(r) * width + i] = static_cast<float>(rng.next() >> 8) * 0x1p-24f;
        targets[static_cast<std::size_t>(r) * classes + rng.next() % static_cast<std::uint32_t>(classes)] = 1.0f;
      }
    };
    std::vector<float> train_in, train_tg, test_in, test_tg;
    part(train_rows, train_in, train_tg);
    part(test_rows, test_in, test_tg);
    out.checksum = checksum({&train_in, &train_tg, &test_in, &test_tg});
    auto d = bp::make_dataset_from_rows(width, classes, std::move(train_in), std::move(train_tg), std::move(test_in),
                                        std::move(test_tg), bp::Problem::classification);
    if (!d.ok()) die("random rows: " + d.message());
    out.dataset = std::move(*d);
  } else {
    auto config = bp::parse_data_config(spec.at("options").dump());
    if (!config.ok()) die("data options: " + config.message());
    auto d = bp::make_dataset(*config);
    if (!d.ok()) die("data: " + d.message());
    out.dataset = std::move(*d);
  }
  return out;
}

std::unique_ptr<bp::Session> make_session(const json& workload, const Data& data, int& batch) {
  auto config = bp::parse_network_config(workload.at("network").dump());
  if (!config.ok()) die(workload.value("id", "?") + ": network: " + config.message());
  batch = config->batch_size;
  auto session = bp::Session::create(*config, data.dataset);
  if (!session.ok()) die(workload.value("id", "?") + ": " + session.message());
  return std::move(*session);
}

void check(const bp::Metrics& m, const std::string& id) {
  if (m.diverged) die(id + ": training diverged during the benchmark (the figures would be meaningless)");
}

// Milliseconds train() spends per call recomputing the metrics: reset() makes them stale.
double refresh_ms(bp::Session& s) {
  std::vector<double> times;
  const auto start = Clock::now();
  while (times.size() < 3 || (ms_since(start) < 150 && times.size() < 200)) {
    s.reset();
    const auto t0 = Clock::now();
    s.metrics();
    times.push_back(ms_since(t0));
  }
  return median(times);
}

// The training part of a timed call (without the refresh) takes about call_ms, or 3 × the
// refresh where that is longer, so that the refresh stays a minor, subtracted share.
double call_target(double refresh, const Timing& timing) { return std::max(timing.call_ms, 3 * refresh); }

json run_train(const json& workload, const Data& data, const Timing& timing) {
  const std::string id = workload.at("id");
  int batch = 0;
  auto session = make_session(workload, data, batch);
  bp::Session& s = *session;

  // Untimed warm-up, growing k until the training part of a call reaches half the target.
  const double cold_refresh = refresh_ms(s);
  int k = 1;
  struct Call { int k; double ms; };
  std::vector<Call> calls;
  const auto warm = Clock::now();
  while (calls.size() < 4 || ms_since(warm) < timing.warmup_seconds * 1000) {
    const auto t0 = Clock::now();
    check(s.train(k), id);
    const double ms = ms_since(t0);
    calls.push_back({k, ms});
    const double training = ms - cold_refresh, target = call_target(cold_refresh, timing);
    if (training < target / 2 && k < 1000000) k *= training < target / 8 ? 4 : 2;
  }
  const double refresh = refresh_ms(s);
  std::vector<double> per_step;
  for (std::size_t i = calls.size() >= 3 ? calls.size() - 3 : 0; i < calls.size(); ++i)
    per_step.push_back(std::max(calls[i].ms - refresh, calls[i].ms / 10) / calls[i].k);
  k = static_cast<int>(std::clamp(call_target(refresh, timing) / median(per_step), 1.0, 1e6) + 0.5);

  struct Rep { long long steps; int calls; double ms; };
  std::vector<Rep> reps;
  for (int rep = 0; rep < timing.repetitions; ++rep) {
    Rep r{0, 0, 0};
    const auto t0 = Clock::now();
    do {
      check(s.train(k), id);
      r.steps += k;
      ++r.calls;
      r.ms = ms_since(t0);
    } while (r.ms < timing.seconds * 1000);
    reps.push_back(r);
  }

  std::vector<double> net, raw, ms_per_call;
  for (const Rep& r : reps) {
    const double samples = static_cast<double>(r.steps) * batch;
    net.push_back(samples / (std::max(r.ms - r.calls * refresh, 1e-3) / 1000));
    raw.push_back(samples / (r.ms / 1000));
    ms_per_call.push_back(r.ms / r.calls);
  }
  json out = {{"workload", id},
              {"samplesPerSecond", median(net)},
              {"apiSamplesPerSecond", median(raw)},
              {"stepsPerCall", k},
              {"msPerCall", median(ms_per_call)},
              {"refreshMsPerCall", refresh},
              {"repetitions", net},
              {"trainCount", s.train_count()},
              {"testCount", s.test_count()},
              {"parameterCount", s.parameters().size()}};
  if (!data.checksum.empty()) out["dataChecksum"] = data.checksum;
  return out;
}

json run_grid(const json& workload, const Data& data, const Timing& timing) {
  const std::string id = workload.at("id");
  int batch = 0;
  auto session = make_session(workload, data, batch);
  bp::Session& s = *session;
  check(s.train(workload.at("pretrainSteps").get<int>()), id);
  const int n = workload.at("gridSize");
  std::vector<float> grid(static_cast<std::size_t>(s.grid_neuron_count()) * n * n);
  auto evaluate = [&] {
    if (bp::Status st = s.evaluate_grid(n, grid.data(), grid.size()); !st.ok()) die(id + ": " + st.message());
  };
  const auto warm = Clock::now();
  for (int calls = 0; calls < 3 || ms_since(warm) < timing.warmup_seconds * 1000; ++calls) evaluate();
  std::vector<double> reps;
  for (int rep = 0; rep < timing.repetitions; ++rep) {
    int calls = 0;
    double ms = 0;
    const auto t0 = Clock::now();
    do {
      evaluate();
      ++calls;
      ms = ms_since(t0);
    } while (ms < timing.seconds * 1000);
    reps.push_back(calls / (ms / 1000));
  }
  const double grids = median(reps);
  return {{"workload", id},
          {"gridsPerSecond", grids},
          {"msPerCall", 1000 / grids},
          {"repetitions", reps},
          {"neurons", s.grid_neuron_count()},
          {"parameterCount", s.parameters().size()}};
}

double number_arg(const char* text, const char* name) {
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (*end != '\0' || !(v > 0)) die(std::string(name) + " needs a number > 0 (got '" + text + "')");
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  Timing timing;
  std::string workloads_path, only;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--workloads" && has_value) workloads_path = argv[++i];
    else if (arg == "--only" && has_value) only = "," + std::string(argv[++i]) + ",";
    else if (arg == "--warmup" && has_value) timing.warmup_seconds = number_arg(argv[++i], "--warmup");
    else if (arg == "--seconds" && has_value) timing.seconds = number_arg(argv[++i], "--seconds");
    else if (arg == "--reps" && has_value) timing.repetitions = static_cast<int>(number_arg(argv[++i], "--reps"));
    else if (arg == "--call-ms" && has_value) timing.call_ms = number_arg(argv[++i], "--call-ms");
    else if (arg == "--help" || arg == "-h") {
      std::cout << "usage: bench_native [--workloads FILE|-] [--only W1,W2] [--warmup S] [--seconds S] [--reps N] [--call-ms MS]\n";
      return 0;
    } else {
      die("unexpected argument '" + arg + "' (see --help)");
    }
  }

  std::string text = kDefaultWorkloads;
  if (workloads_path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else if (!workloads_path.empty()) {
    std::ifstream file(workloads_path);
    if (!file) die("cannot read " + workloads_path);
    text.assign(std::istreambuf_iterator<char>(file), {});
  }
  const json workloads = json::parse(text, nullptr, false);
  if (workloads.is_discarded() || !workloads.is_array()) die("the workloads must be a JSON array");

  std::cout << json{{"info", {{"compiler", __VERSION__}, {"optimized", BENCH_OPTIMIZED}}}}.dump() << std::endl;
  std::map<std::string, Data> cache;  // one data set per distinct spec
  for (const json& workload : workloads) {
    const std::string id = workload.value("id", "");
    if (!only.empty() && only.find("," + id + ",") == std::string::npos) continue;
    const std::string key = workload.at("data").dump();
    if (!cache.count(key)) cache.emplace(key, make_data(workload.at("data")));
    const Data& data = cache.at(key);
    const json result = workload.value("kind", "") == "grid" ? run_grid(workload, data, timing) : run_train(workload, data, timing);
    std::cout << result.dump() << std::endl;
  }
  return 0;
}
