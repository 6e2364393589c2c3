#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "config.hpp"
#include "data.hpp"

namespace {

using bp::DatasetName;

const DatasetName generated[] = {DatasetName::circle, DatasetName::xor_,         DatasetName::gauss,
                                 DatasetName::spiral, DatasetName::moons,        DatasetName::checkerboard,
                                 DatasetName::plane,  DatasetName::multigauss,   DatasetName::blobs};
const DatasetName classification_sets[] = {DatasetName::circle, DatasetName::xor_,  DatasetName::gauss,
                                           DatasetName::spiral, DatasetName::moons, DatasetName::checkerboard,
                                           DatasetName::blobs};

bp::DataConfig config_of(DatasetName name, float noise = 0.0f, std::uint32_t seed = 1) {
  bp::DataConfig c;
  c.name = name;
  c.noise = noise;
  c.seed = seed;
  return c;
}

bp::Dataset make(const bp::DataConfig& c) {
  auto data = bp::make_dataset(c);
  INFO((data.ok() ? std::string() : data.message()));
  REQUIRE(data.ok());
  return data.value();
}

std::vector<bp::Point> all_points(const bp::Dataset& d) {
  std::vector<bp::Point> points = d.train_points;
  points.insert(points.end(), d.test_points.begin(), d.test_points.end());
  return points;
}

bool same_points(const std::vector<bp::Point>& a, const std::vector<bp::Point>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].x != b[i].x || a[i].y != b[i].y || a[i].label != b[i].label) return false;
  }
  return true;
}

double radius(const bp::Point& p) { return std::hypot(static_cast<double>(p.x), static_cast<double>(p.y)); }

std::string name(DatasetName n) { return std::string(bp::name_of(n)); }

}  // namespace

TEST_CASE("data: default counts and an even split", "[data]") {
  for (DatasetName n : generated) {
    const bp::Dataset d = make(config_of(n));
    const int expected = bp::problem_of(n) == bp::Problem::regression ? 1200 : 500;
    INFO(name(n));
    CHECK(bp::default_count(n) == expected);
    CHECK(d.train_count() == expected / 2);
    CHECK(d.test_count() == expected / 2);
    CHECK(d.train_points.size() == static_cast<std::size_t>(expected / 2));
    CHECK(d.test_points.size() == static_cast<std::size_t>(expected / 2));
    CHECK(d.train_targets.size() == static_cast<std::size_t>(expected / 2));
    CHECK(d.problem == bp::problem_of(n));
  }
}

TEST_CASE("data: train part is floor(count * ratio)", "[data]") {
  struct Case { int count; float ratio; int train; };
  const Case cases[] = {{400, 0.25f, 100}, {400, 0.75f, 300}, {100, 0.375f, 37}, {202, 0.5f, 101}, {40, 1.0f, 40}};
  for (DatasetName n : generated) {
    for (const Case& k : cases) {
      bp::DataConfig c = config_of(n);
      c.count = k.count;
      c.train_ratio = k.ratio;
      const bp::Dataset d = make(c);
      INFO(name(n) << " count " << k.count << " ratio " << k.ratio);
      CHECK(d.train_count() == k.train);
      CHECK(d.test_count() == k.count - k.train);
    }
  }
}

TEST_CASE("data: decimal ratios 0.7 and 0.9 split 500 points at 350 and 450", "[data]") {
  for (auto [ratio, train] : {std::pair<float, int>{0.7f, 350}, {0.9f, 450}, {0.3f, 150}, {0.1f, 50}}) {
    bp::DataConfig c = config_of(DatasetName::xor_);
    c.train_ratio = ratio;
    const bp::Dataset d = make(c);
    INFO("ratio " << ratio);
    CHECK(d.train_count() == train);
    CHECK(d.test_count() == 500 - train);
  }
}

TEST_CASE("data: same seed gives identical points", "[data]") {
  for (DatasetName n : generated) {
    INFO(name(n));
    const bp::Dataset a = make(config_of(n, 0.2f, 17));
    const bp::Dataset b = make(config_of(n, 0.2f, 17));
    CHECK(same_points(a.train_points, b.train_points));
    CHECK(same_points(a.test_points, b.test_points));
    CHECK(a.train_inputs == b.train_inputs);
    CHECK(a.test_targets == b.test_targets);
  }
}

TEST_CASE("data: a different seed gives different points", "[data]") {
  for (DatasetName n : generated) {
    INFO(name(n));
    const bp::Dataset a = make(config_of(n, 0.0f, 17));
    const bp::Dataset b = make(config_of(n, 0.0f, 18));
    CHECK_FALSE(same_points(a.train_points, b.train_points));
  }
}

TEST_CASE("data: classification labels are +-1 with balanced classes", "[data]") {
  for (DatasetName n : classification_sets) {
    for (float noise : {0.0f, 0.5f}) {
      INFO(name(n) << " noise " << noise);
      const std::vector<bp::Point> points = all_points(make(config_of(n, noise)));
      int positive = 0, negative = 0;
      for (const bp::Point& p : points) {
        REQUIRE((p.label == 1.0f || p.label == -1.0f));
        (p.label > 0 ? positive : negative) += 1;
      }
      CHECK(positive + negative == 500);
      // Label noise reads the label at a jittered point, which can unbalance the classes.
      const int least = noise == 0.0f ? 200 : 100;
      CHECK(positive >= least);
      CHECK(negative >= least);
    }
  }
}

TEST_CASE("data: targets are the points' labels", "[data]") {
  for (DatasetName n : generated) {
    INFO(name(n));
    const bp::Dataset d = make(config_of(n, 0.3f));
    REQUIRE(d.train_targets.size() == d.train_points.size());
    REQUIRE(d.test_targets.size() == d.test_points.size());
    for (std::size_t i = 0; i < d.train_points.size(); ++i) REQUIRE(d.train_targets[i] == d.train_points[i].label);
    for (std::size_t i = 0; i < d.test_points.size(); ++i) REQUIRE(d.test_targets[i] == d.test_points[i].label);
  }
}

TEST_CASE("data: circle without noise is a disc inside a ring", "[data]") {
  int positive = 0;
  for (const bp::Point& p : all_points(make(config_of(DatasetName::circle)))) {
    const double r = radius(p);
    INFO("(" << p.x << ", " << p.y << ") label " << p.label);
    if (p.label > 0) {
      ++positive;
      CHECK(r < 2.5);
    } else {
      CHECK(r >= 3.5 - 1e-6);
      CHECK(r <= 5.0 + 1e-6);
    }
  }
  CHECK(positive == 250);
}

TEST_CASE("data: xor without noise is labelled by the quadrant", "[data]") {
  for (const bp::Point& p : all_points(make(config_of(DatasetName::xor_)))) {
    INFO("(" << p.x << ", " << p.y << ") label " << p.label);
    CHECK(std::fabs(p.x) >= 0.3f);
    CHECK(std::fabs(p.y) >= 0.3f);
    CHECK(p.label == (p.x * p.y > 0 ? 1.0f : -1.0f));
  }
}

TEST_CASE("data: gauss blobs centre on (2, 2) and (-2, -2)", "[data]") {
  double sx[2] = {0, 0}, sy[2] = {0, 0};
  int count[2] = {0, 0};
  for (const bp::Point& p : all_points(make(config_of(DatasetName::gauss)))) {
    const int k = p.label > 0 ? 0 : 1;
    sx[k] += p.x;
    sy[k] += p.y;
    ++count[k];
  }
  REQUIRE(count[0] == 250);
  REQUIRE(count[1] == 250);
  CHECK(sx[0] / count[0] == Approx(2.0).margin(0.2));
  CHECK(sy[0] / count[0] == Approx(2.0).margin(0.2));
  CHECK(sx[1] / count[1] == Approx(-2.0).margin(0.2));
  CHECK(sy[1] / count[1] == Approx(-2.0).margin(0.2));
}

TEST_CASE("data: gauss spread grows with noise", "[data]") {
  const auto spread = [](float noise) {
    double sum = 0;
    for (const bp::Point& p : all_points(make(config_of(DatasetName::gauss, noise)))) {
      const double c = p.label > 0 ? 2.0 : -2.0;
      sum += (p.x - c) * (p.x - c) + (p.y - c) * (p.y - c);
    }
    return sum / 1000.0;  // variance per coordinate
  };
  CHECK(spread(0.0f) == Approx(0.5).epsilon(0.2));
  CHECK(spread(0.5f) == Approx(4.0).epsilon(0.2));
}

TEST_CASE("data: spiral points stay within radius 5 plus noise", "[data]") {
  for (float noise : {0.0f, 0.5f}) {
    INFO("noise " << noise);
    double largest = 0;
    for (const bp::Point& p : all_points(make(config_of(DatasetName::spiral, noise)))) largest = std::max(largest, radius(p));
    CHECK(largest <= 5.0 + std::sqrt(2.0) * noise + 1e-5);
    CHECK(largest > 4.5);
  }
}

TEST_CASE("data: plane without noise is labelled (x + y) / 10", "[data]") {
  for (const bp::Point& p : all_points(make(config_of(DatasetName::plane)))) {
    INFO("(" << p.x << ", " << p.y << ") label " << p.label);
    CHECK(static_cast<double>(p.label) == Approx((static_cast<double>(p.x) + p.y) / 10.0).margin(1e-6));
  }
}

TEST_CASE("data: multigauss labels lie in [-1, 1]", "[data]") {
  for (float noise : {0.0f, 0.5f}) {
    INFO("noise " << noise);
    float lo = 0, hi = 0;
    for (const bp::Point& p : all_points(make(config_of(DatasetName::multigauss, noise)))) {
      lo = std::min(lo, p.label);
      hi = std::max(hi, p.label);
    }
    CHECK(lo >= -1.0f);
    CHECK(hi <= 1.0f);
    CHECK(lo < -0.5f);
    CHECK(hi > 0.5f);
  }
}

TEST_CASE("data: plane labels lie in [-1.2, 1.2] plus the label noise", "[data]") {
  for (float noise : {0.0f, 0.5f}) {
    INFO("noise " << noise);
    const float bound = (12.0f + 12.0f * noise) / 10.0f + 1e-6f;
    for (const bp::Point& p : all_points(make(config_of(DatasetName::plane, noise))))
      REQUIRE(std::fabs(p.label) <= bound);
  }
}

TEST_CASE("data: coordinates stay within [-6.5, 6.5] without noise", "[data]") {
  for (DatasetName n : generated) {
    if (n == DatasetName::gauss) continue;
    INFO(name(n));
    for (const bp::Point& p : all_points(make(config_of(n)))) {
      REQUIRE(std::fabs(p.x) <= 6.5f);
      REQUIRE(std::fabs(p.y) <= 6.5f);
    }
  }
}

TEST_CASE("data: noise changes labels of the label-noise sets", "[data]") {
  for (DatasetName n : {DatasetName::circle, DatasetName::xor_, DatasetName::checkerboard, DatasetName::plane,
                        DatasetName::multigauss}) {
    INFO(name(n));
    const std::vector<bp::Point> clean = all_points(make(config_of(n, 0.0f)));
    const std::vector<bp::Point> noisy = all_points(make(config_of(n, 0.5f)));
    REQUIRE(clean.size() == noisy.size());
    std::size_t changed = 0;
    for (std::size_t i = 0; i < clean.size(); ++i) changed += clean[i].label != noisy[i].label;
    CHECK(changed >= clean.size() / 20);
  }
}

TEST_CASE("data: noise moves the points of gauss, spiral and moons", "[data]") {
  for (DatasetName n : {DatasetName::gauss, DatasetName::spiral, DatasetName::moons}) {
    INFO(name(n));
    const std::vector<bp::Point> clean = all_points(make(config_of(n, 0.0f)));
    const std::vector<bp::Point> noisy = all_points(make(config_of(n, 0.5f)));
    CHECK_FALSE(same_points(clean, noisy));
  }
}

TEST_CASE("data: every feature computed from the point", "[data]") {
  using F = bp::Feature;
  for (DatasetName n : generated) {
    INFO(name(n));
    bp::DataConfig c = config_of(n, 0.1f);
    c.features = {F::x, F::y, F::x_squared, F::y_squared, F::x_times_y, F::sin_x, F::sin_y};
    const bp::Dataset d = make(c);
    REQUIRE(d.input_width == 7);
    REQUIRE(d.features == c.features);
    for (int part = 0; part < 2; ++part) {
      const auto& points = part == 0 ? d.train_points : d.test_points;
      const auto& inputs = part == 0 ? d.train_inputs : d.test_inputs;
      REQUIRE(inputs.size() == points.size() * 7);
      for (std::size_t i = 0; i < points.size(); ++i) {
        const double x = points[i].x, y = points[i].y;
        const double want[] = {x, y, x * x, y * y, x * y, std::sin(x), std::sin(y)};
        for (int k = 0; k < 7; ++k) {
          INFO("point " << i << " feature " << k);
          REQUIRE(static_cast<double>(inputs[i * 7 + k]) == Approx(want[k]).epsilon(1e-6).margin(1e-6));
        }
      }
    }
  }
}

TEST_CASE("data: features follow the order given", "[data]") {
  using F = bp::Feature;
  bp::DataConfig c = config_of(DatasetName::spiral, 0.2f);
  c.features = {F::sin_y, F::x_times_y, F::x};
  const bp::Dataset d = make(c);
  REQUIRE(d.input_width == 3);
  REQUIRE(d.train_inputs.size() == d.train_points.size() * 3);
  for (std::size_t i = 0; i < d.train_points.size(); ++i) {
    const double x = d.train_points[i].x, y = d.train_points[i].y;
    REQUIRE(static_cast<double>(d.train_inputs[i * 3 + 0]) == Approx(std::sin(y)).margin(1e-6));
    REQUIRE(static_cast<double>(d.train_inputs[i * 3 + 1]) == Approx(x * y).epsilon(1e-6).margin(1e-6));
    REQUIRE(d.train_inputs[i * 3 + 2] == d.train_points[i].x);
  }
}

TEST_CASE("data: featurize writes one row", "[data]") {
  using F = bp::Feature;
  float row[7];
  bp::featurize(row, 1.5f, -2.0f, {F::x, F::y, F::x_squared, F::y_squared, F::x_times_y, F::sin_x, F::sin_y});
  CHECK(row[0] == 1.5f);
  CHECK(row[1] == -2.0f);
  CHECK(row[2] == 2.25f);
  CHECK(row[3] == 4.0f);
  CHECK(row[4] == -3.0f);
  CHECK(static_cast<double>(row[5]) == Approx(0.9974949866040544).margin(1e-6));
  CHECK(static_cast<double>(row[6]) == Approx(-0.9092974268256817).margin(1e-6));
}
