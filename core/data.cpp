#include "data.hpp"

#include <cmath>
#include <string>

#include "math.hpp"
#include "random.hpp"

namespace bp {

namespace {

constexpr float pi = 3.14159265358979f;

float distance(float x0, float y0, float x1, float y1) {
  return __builtin_sqrtf((x0 - x1) * (x0 - x1) + (y0 - y1) * (y0 - y1));
}

// Each generator follows TensorFlow Playground's dataset.ts: the same shapes, scales and
// noise model, drawing from our own Random so that the seed fixes every point.

void circle(std::vector<Point>& out, int n, float noise, Random& rng) {
  const float radius = 5;
  auto label = [&](float x, float y) { return distance(x, y, 0, 0) < radius * 0.5f ? 1.0f : -1.0f; };
  auto ring = [&](float r_lo, float r_hi) {
    for (int i = 0; i < n / 2; ++i) {
      const float r = rng.uniform(r_lo, r_hi);
      const float angle = rng.uniform(0, 2 * pi);
      const float x = r * bp::sin(angle);
      const float y = r * bp::cos(angle);
      const float noise_x = rng.uniform(-radius, radius) * noise;
      const float noise_y = rng.uniform(-radius, radius) * noise;
      out.push_back({x, y, label(x + noise_x, y + noise_y)});
    }
  };
  ring(0, radius * 0.5f);          // positive points inside the circle
  ring(radius * 0.7f, radius);     // negative points outside it
}

void xor_quadrants(std::vector<Point>& out, int n, float noise, Random& rng) {
  const float padding = 0.3f;
  for (int i = 0; i < n; ++i) {
    float x = rng.uniform(-5, 5);
    x += x > 0 ? padding : -padding;
    float y = rng.uniform(-5, 5);
    y += y > 0 ? padding : -padding;
    const float noise_x = rng.uniform(-5, 5) * noise;
    const float noise_y = rng.uniform(-5, 5) * noise;
    out.push_back({x, y, (x + noise_x) * (y + noise_y) >= 0 ? 1.0f : -1.0f});
  }
}

void two_gaussians(std::vector<Point>& out, int n, float noise, Random& rng) {
  const float variance = 0.5f + noise * (3.5f / 0.5f);  // noise 0..0.5 -> variance 0.5..4
  const float stddev = __builtin_sqrtf(variance);
  auto blob = [&](float cx, float cy, float label) {
    for (int i = 0; i < n / 2; ++i) {
      const float x = rng.normal(cx, stddev);
      const float y = rng.normal(cy, stddev);
      out.push_back({x, y, label});
    }
  };
  blob(2, 2, 1);
  blob(-2, -2, -1);
}

// One arm per class, the arms turned 2π/K apart: two arms are the playground's (labels 1 and
// -1); K > 2 arms, each of n / K points, are labelled 0 .. K - 1.
void spiral(std::vector<Point>& out, int n, float noise, int classes, Random& rng) {
  const int per_arm = n / classes;
  auto arm = [&](float delta_t, float label) {
    for (int i = 0; i < per_arm; ++i) {
      const float r = static_cast<float>(i) / per_arm * 5;
      const float t = 1.75f * static_cast<float>(i) / per_arm * 2 * pi + delta_t;
      const float x = r * bp::sin(t) + rng.uniform(-1, 1) * noise;
      const float y = r * bp::cos(t) + rng.uniform(-1, 1) * noise;
      out.push_back({x, y, label});
    }
  };
  if (classes == 2) {
    arm(0, 1);
    arm(pi, -1);
    return;
  }
  for (int k = 0; k < classes; ++k) arm(2 * pi * static_cast<float>(k) / static_cast<float>(classes), static_cast<float>(k));
}

// K Gaussian blobs (n / K points each) centred on a circle of radius 4, class k at angle
// 2πk/K from the top; the spread grows with the noise as two_gaussians' (variance 0.5 to 4).
// Two blobs are labelled 1 and -1, more 0 .. K - 1.
void blobs(std::vector<Point>& out, int n, float noise, int classes, Random& rng) {
  const float stddev = __builtin_sqrtf(0.5f + noise * (3.5f / 0.5f));
  for (int k = 0; k < classes; ++k) {
    const float angle = 2 * pi * static_cast<float>(k) / static_cast<float>(classes);
    const float cx = 4 * bp::sin(angle), cy = 4 * bp::cos(angle);
    const float label = classes == 2 ? (k == 0 ? 1.0f : -1.0f) : static_cast<float>(k);
    for (int i = 0; i < n / classes; ++i) out.push_back({rng.normal(cx, stddev), rng.normal(cy, stddev), label});
  }
}

// Two interleaved half circles (outer positive, inner negative), scaled to fill [-6, 6]
// horizontally; noise jitters each point with a normal of standard deviation 4 * noise.
void moons(std::vector<Point>& out, int n, float noise, Random& rng) {
  for (int i = 0; i < n; ++i) {
    const bool outer = i < n / 2;
    const float t = rng.uniform(0, pi);
    float x = outer ? bp::cos(t) : 1 - bp::cos(t);
    float y = outer ? bp::sin(t) : 0.5f - bp::sin(t);
    x = (x - 0.5f) * 4 + rng.normal(0, 4 * noise);
    y = (y - 0.25f) * 4 + rng.normal(0, 4 * noise);
    out.push_back({x, y, outer ? 1.0f : -1.0f});
  }
}

// A 4 x 4 board of 3 x 3 squares over [-6, 6]^2; noise moves the point at which the label is
// read, as for xor.
void checkerboard(std::vector<Point>& out, int n, float noise, Random& rng) {
  for (int i = 0; i < n; ++i) {
    const float x = rng.uniform(-6, 6);
    const float y = rng.uniform(-6, 6);
    const float lx = x + rng.uniform(-3, 3) * noise + 12;  // shifted positive: the cast floors
    const float ly = y + rng.uniform(-3, 3) * noise + 12;
    const int cell = static_cast<int>(lx / 3) + static_cast<int>(ly / 3);
    out.push_back({x, y, cell % 2 == 0 ? 1.0f : -1.0f});
  }
}

void plane(std::vector<Point>& out, int n, float noise, Random& rng) {
  const float radius = 6;
  for (int i = 0; i < n; ++i) {
    const float x = rng.uniform(-radius, radius);
    const float y = rng.uniform(-radius, radius);
    const float noise_x = rng.uniform(-radius, radius) * noise;
    const float noise_y = rng.uniform(-radius, radius) * noise;
    out.push_back({x, y, (x + noise_x + y + noise_y) / 10});  // the playground's scale: x + y = ±10 -> ±1
  }
}

void multigauss(std::vector<Point>& out, int n, float noise, Random& rng) {
  struct Bump { float cx, cy, sign; };
  const Bump bumps[] = {{-4, 2.5f, 1}, {0, 2.5f, -1}, {4, 2.5f, 1},
                        {-4, -2.5f, -1}, {0, -2.5f, 1}, {4, -2.5f, -1}};
  // Each bump falls linearly from ±1 at its centre to 0 at distance 2; the label is the
  // bump value largest in magnitude.
  auto label = [&](float x, float y) {
    float best = 0;
    for (const Bump& b : bumps) {
      float v = 1 - distance(x, y, b.cx, b.cy) / 2;
      v = b.sign * (v < 0 ? 0 : v);
      if (std::fabs(v) > std::fabs(best)) best = v;
    }
    return best;
  };
  const float radius = 6;
  for (int i = 0; i < n; ++i) {
    const float x = rng.uniform(-radius, radius);
    const float y = rng.uniform(-radius, radius);
    const float noise_x = rng.uniform(-radius, radius) * noise;
    const float noise_y = rng.uniform(-radius, radius) * noise;
    out.push_back({x, y, label(x + noise_x, y + noise_y)});
  }
}

void fill_rows(std::vector<float>& inputs, std::vector<float>& targets, const std::vector<Point>& points,
               const std::vector<Feature>& features) {
  const std::size_t width = features.size();
  inputs.assign(points.size() * width, 0.0f);
  targets.resize(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    featurize(&inputs[i * width], points[i].x, points[i].y, features);
    targets[i] = points[i].label;
  }
}

}  // namespace

int default_count(DatasetName name) { return problem_of(name) == Problem::regression ? 1200 : 500; }

void featurize(float* row, float x, float y, const std::vector<Feature>& features) {
  for (std::size_t k = 0; k < features.size(); ++k) {
    switch (features[k]) {
      case Feature::x: row[k] = x; break;
      case Feature::y: row[k] = y; break;
      case Feature::x_squared: row[k] = x * x; break;
      case Feature::y_squared: row[k] = y * y; break;
      case Feature::x_times_y: row[k] = x * y; break;
      case Feature::sin_x: row[k] = bp::sin(x); break;
      case Feature::sin_y: row[k] = bp::sin(y); break;
    }
  }
}

void featurize_backward(float out[2], const float* g, float x, float y, const std::vector<Feature>& features) {
  float dx = 0.0f, dy = 0.0f;
  for (std::size_t k = 0; k < features.size(); ++k) {
    switch (features[k]) {
      case Feature::x: dx += g[k]; break;                              // ∂x/∂x = 1
      case Feature::y: dy += g[k]; break;
      case Feature::x_squared: dx += g[k] * (2.0f * x); break;          // ∂x²/∂x = 2x
      case Feature::y_squared: dy += g[k] * (2.0f * y); break;
      case Feature::x_times_y: dx += g[k] * y; dy += g[k] * x; break;  // ∂xy/∂x = y, ∂xy/∂y = x
      case Feature::sin_x: dx += g[k] * bp::cos(x); break;              // ∂ sin x/∂x = cos x
      case Feature::sin_y: dy += g[k] * bp::cos(y); break;
    }
  }
  out[0] = dx;
  out[1] = dy;
}

Result<Dataset> make_dataset(const DataConfig& config) {
  if (Status s = validate(config); !s.ok()) return s;
  std::vector<Point> points;
  Random rng(config.seed, Stream::data);
  const int n = config.count > 0 ? config.count : default_count(config.name);
  points.reserve(static_cast<std::size_t>(n));
  switch (config.name) {
    case DatasetName::circle: circle(points, n, config.noise, rng); break;
    case DatasetName::xor_: xor_quadrants(points, n, config.noise, rng); break;
    case DatasetName::gauss: two_gaussians(points, n, config.noise, rng); break;
    case DatasetName::spiral: spiral(points, n, config.noise, config.classes, rng); break;
    case DatasetName::blobs: blobs(points, n, config.noise, config.classes, rng); break;
    case DatasetName::moons: moons(points, n, config.noise, rng); break;
    case DatasetName::checkerboard: checkerboard(points, n, config.noise, rng); break;
    case DatasetName::plane: plane(points, n, config.noise, rng); break;
    case DatasetName::multigauss: multigauss(points, n, config.noise, rng); break;
    case DatasetName::custom:
      points = config.points;
      if (config.problem == Problem::classification && config.classes == 2) {
        for (Point& p : points) p.label = p.label > 0 ? 1.0f : -1.0f;  // 0 and -1 both mean negative
      }
      break;
  }
  // Fisher-Yates shuffle, then the first floor(n * ratio) points train (as the playground).
  for (std::size_t i = points.size(); i > 1; --i) {
    const std::uint32_t j = rng.below(static_cast<std::uint32_t>(i));
    std::swap(points[i - 1], points[j]);
  }
  // The ratio arrives as a float (0.7f is 0.69999999): round it back to the decimal the user
  // meant, so that 500 points at 0.7 split at 350 as in the playground.
  const double ratio = std::round(static_cast<double>(config.train_ratio) * 1e6) / 1e6;
  const auto split = static_cast<std::size_t>(std::floor(static_cast<double>(points.size()) * ratio + 1e-9));
  if (split < 1)
    return Status::error("trainRatio " + number_text(config.train_ratio) + " of " +
                         std::to_string(points.size()) + " points leaves no training example");

  Dataset data;
  data.problem = config.name == DatasetName::custom ? config.problem : problem_of(config.name);
  data.features = config.features;
  data.input_width = static_cast<int>(config.features.size());
  data.target_form = TargetForm::labels;
  data.target_width = 1;
  data.classes = config.classes;
  data.train_points.assign(points.begin(), points.begin() + static_cast<std::ptrdiff_t>(split));
  data.test_points.assign(points.begin() + static_cast<std::ptrdiff_t>(split), points.end());
  fill_rows(data.train_inputs, data.train_targets, data.train_points, data.features);
  fill_rows(data.test_inputs, data.test_targets, data.test_points, data.features);
  return data;
}

Result<Dataset> make_dataset_from_rows(int input_width, int target_width, std::vector<float> train_inputs,
                                       std::vector<float> train_targets, std::vector<float> test_inputs,
                                       std::vector<float> test_targets, Problem problem) {
  if (input_width < 1 || input_width > Limits::max_width)
    return Status::error("input width must be from 1 to 1024 (got " + std::to_string(input_width) + ")");
  if (target_width < 1 || target_width > Limits::max_width)
    return Status::error("target width must be from 1 to 1024 (got " + std::to_string(target_width) + ")");
  struct Part { const char* inputs_name; const char* targets_name; std::vector<float>& inputs; std::vector<float>& targets; };
  Part parts[] = {{"trainInputs", "trainTargets", train_inputs, train_targets},
                  {"testInputs", "testTargets", test_inputs, test_targets}};
  for (const Part& part : parts) {
    if (part.inputs.size() % static_cast<std::size_t>(input_width) != 0)
      return Status::error(std::string(part.inputs_name) + " has " + std::to_string(part.inputs.size()) +
                           " values, not a multiple of the input width " + std::to_string(input_width));
    const std::size_t rows = part.inputs.size() / static_cast<std::size_t>(input_width);
    if (part.targets.size() != rows * static_cast<std::size_t>(target_width))
      return Status::error(std::string(part.targets_name) + " has " + std::to_string(part.targets.size()) +
                           " values; " + std::to_string(rows) + " examples of " + std::to_string(target_width) +
                           " targets need " + std::to_string(rows * static_cast<std::size_t>(target_width)));
    if (rows > static_cast<std::size_t>(Limits::max_points))
      return Status::error(std::string(part.inputs_name) + " holds more than 100000 examples");
    for (const auto* values : {&part.inputs, &part.targets}) {
      for (std::size_t i = 0; i < values->size(); ++i) {
        if (!std::isfinite((*values)[i]))
          return Status::error(std::string(values == &part.inputs ? part.inputs_name : part.targets_name) +
                               "[" + std::to_string(i) + "] is not a finite number");
      }
    }
  }
  if (train_inputs.empty()) return Status::error("trainInputs holds no example");
  Dataset data;
  data.problem = problem;
  data.input_width = input_width;
  data.target_form = TargetForm::rows;
  data.target_width = target_width;
  data.train_inputs = std::move(train_inputs);
  data.train_targets = std::move(train_targets);
  data.test_inputs = std::move(test_inputs);
  data.test_targets = std::move(test_targets);
  return data;
}

}  // namespace bp
