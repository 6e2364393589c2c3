#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#include "math.hpp"
#include "random.hpp"

namespace {

struct WorstCase {
  double error = 0;
  float at = 0;
};

std::vector<float> linear_sweep(double lo, double hi, int n) {
  std::vector<float> xs;
  xs.reserve(static_cast<std::size_t>(n) + 1);
  for (int i = 0; i <= n; ++i) xs.push_back(static_cast<float>(lo + (hi - lo) * i / n));
  return xs;
}

std::vector<float> log_sweep(double lo, double hi, int n) {
  std::vector<float> xs;
  xs.reserve(static_cast<std::size_t>(n) + 1);
  const double a = std::log(lo), b = std::log(hi);
  for (int i = 0; i <= n; ++i) xs.push_back(static_cast<float>(std::exp(a + (b - a) * i / n)));
  return xs;
}

WorstCase max_relative_error(const std::vector<float>& xs, float (*f)(float), double (*reference)(double)) {
  WorstCase worst;
  for (float x : xs) {
    const double want = reference(static_cast<double>(x));
    const double got = static_cast<double>(f(x));
    const double error = want == 0.0 ? std::fabs(got) : std::fabs(got - want) / std::fabs(want);
    if (!(error <= worst.error)) worst = {error, x};
  }
  return worst;
}

WorstCase max_absolute_error(const std::vector<float>& xs, float (*f)(float), double (*reference)(double)) {
  WorstCase worst;
  for (float x : xs) {
    const double error = std::fabs(static_cast<double>(f(x)) - reference(static_cast<double>(x)));
    if (!(error <= worst.error)) worst = {error, x};
  }
  return worst;
}

double ref_exp(double x) { return std::exp(x); }
double ref_log(double x) { return std::log(x); }
double ref_log1p(double x) { return std::log1p(x); }
double ref_tanh(double x) { return std::tanh(x); }
double ref_sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double ref_softplus(double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::fabs(x))); }
double ref_sin(double x) { return std::sin(x); }
double ref_cos(double x) { return std::cos(x); }

float bp_exp(float x) { return bp::exp(x); }
float bp_log(float x) { return bp::log(x); }
float bp_log1p(float x) { return bp::log1p(x); }
float bp_tanh(float x) { return bp::tanh(x); }
float bp_sigmoid(float x) { return bp::sigmoid(x); }
float bp_softplus(float x) { return bp::softplus(x); }
float bp_sin(float x) { return bp::sin(x); }
float bp_cos(float x) { return bp::cos(x); }

constexpr double relative_tolerance = 4e-7;
constexpr double trig_absolute_tolerance = 2e-7;
const std::vector<float> dense = linear_sweep(-20.0, 20.0, 100000);

}  // namespace

TEST_CASE("exp matches libm over [-20, 20]", "[math]") {
  const WorstCase w = max_relative_error(dense, bp_exp, ref_exp);
  INFO("max error " << w.error << " at x = " << w.at);
  CHECK(w.error <= relative_tolerance);
}

TEST_CASE("exp matches libm over its whole unclamped range", "[math]") {
  const WorstCase w = max_relative_error(linear_sweep(-86.9, 88.2, 100000), bp_exp, ref_exp);
  INFO("max error " << w.error << " at x = " << w.at);
  CHECK(w.error <= relative_tolerance);
}

TEST_CASE("exp stays finite and positive for extreme arguments", "[math]") {
  for (float x : {-1e30f, -1000.0f, -100.0f, -88.0f, 88.5f, 100.0f, 1000.0f, 1e30f}) {
    INFO("x = " << x);
    const float y = bp::exp(x);
    CHECK(bp::is_finite(y));
    CHECK(y > 0.0f);
  }
  CHECK(bp::exp(1000.0f) >= bp::exp(88.0f));
  CHECK(bp::exp(-1000.0f) <= bp::exp(-86.0f));
}

TEST_CASE("log matches libm logarithmically over (1e-30, 1e30)", "[math]") {
  const WorstCase w = max_relative_error(log_sweep(1e-30, 1e30, 100000), bp_log, ref_log);
  INFO("max error " << w.error << " at x = " << w.at);
  CHECK(w.error <= relative_tolerance);
}

TEST_CASE("log matches libm near 1", "[math]") {
  const WorstCase w = max_relative_error(linear_sweep(0.5, 2.0, 100000), bp_log, ref_log);
  INFO("max error " << w.error << " at x = " << w.at);
  CHECK(w.error <= relative_tolerance);
  CHECK(bp::log(1.0f) == 0.0f);
}

TEST_CASE("log of zero, negative, nan and inf", "[math]") {
  CHECK(bp::log(0.0f) == -std::numeric_limits<float>::infinity());
  CHECK(std::isnan(bp::log(-1.0f)));
  CHECK(std::isnan(bp::log(std::numeric_limits<float>::quiet_NaN())));
  CHECK(bp::log(std::numeric_limits<float>::infinity()) == std::numeric_limits<float>::infinity());
}

TEST_CASE("log1p matches libm over (-1, 20]", "[math]") {
  std::vector<float> xs = linear_sweep(-0.999, 20.0, 100000);
  for (float x : log_sweep(1e-30, 1.0, 20000)) {
    xs.push_back(x);
    xs.push_back(-x * 0.999f);
  }
  const WorstCase w = max_relative_error(xs, bp_log1p, ref_log1p);
  INFO("max error " << w.error << " at x = " << w.at);
  CHECK(w.error <= relative_tolerance);
}

TEST_CASE("log1p keeps tiny arguments", "[math]") {
  CHECK(bp::log1p(1e-10f) == Approx(1e-10).epsilon(1e-6));
  CHECK(bp::log1p(-1e-10f) == Approx(-1e-10).epsilon(1e-6));
  CHECK(bp::log1p(3e-7f) == Approx(std::log1p(static_cast<double>(3e-7f))).epsilon(1e-6));
  CHECK(bp::log1p(0.0f) == 0.0f);
}

TEST_CASE("tanh matches libm over [-20, 20]", "[math]") {
  const WorstCase w = max_relative_error(dense, bp_tanh, ref_tanh);
  INFO("max error " << w.error << " at x = " << w.at);
  CHECK(w.error <= relative_tolerance);
}

TEST_CASE("tanh_display is within 2e-6 of libm's tanh everywhere, and the vector lanes give its bits", "[math]") {
  std::vector<float> xs = linear_sweep(-20.0, 20.0, 200001);
  for (float x : log_sweep(1e-30, 1.0, 20000)) {
    xs.push_back(x);
    xs.push_back(-x);
  }
  const WorstCase w = max_absolute_error(xs, [](float x) { return bp::tanh_display(x); }, ref_tanh);
  INFO("max error " << w.error << " at x = " << w.at);
  CHECK(w.error <= 2e-6);
  for (std::size_t i = 0; i + 4 <= xs.size(); i += 4) {
    const bp::simd::v4f lanes = bp::tanh_display(bp::simd::load(&xs[i]));
    for (int k = 0; k < 4; ++k) {
      if (bp::detail::bits_of(lanes[k]) != bp::detail::bits_of(bp::tanh_display(xs[i + static_cast<std::size_t>(k)]))) {
        FAIL("lane " << k << " differs at x = " << xs[i + static_cast<std::size_t>(k)]);
      }
    }
  }
  CHECK(bp::tanh_display(0.0f) == 0.0f);
  CHECK(bp::tanh_display(1e30f) == 1.0f);
  CHECK(bp::tanh_display(-std::numeric_limits<float>::infinity()) == -1.0f);
  CHECK(std::isnan(bp::tanh_display(std::numeric_limits<float>::quiet_NaN())));
  CHECK(std::signbit(bp::tanh_display(-0.0f)));
}

TEST_CASE("tanh saturates to exactly +-1", "[math]") {
  CHECK(bp::tanh(100.0f) == 1.0f);
  CHECK(bp::tanh(-100.0f) == -1.0f);
  CHECK(bp::tanh(0.0f) == 0.0f);
}

TEST_CASE("sigmoid matches its definition over [-20, 20]", "[math]") {
  const WorstCase w = max_relative_error(dense, bp_sigmoid, ref_sigmoid);
  INFO("max error " << w.error << " at x = " << w.at);
  CHECK(w.error <= relative_tolerance);
}

TEST_CASE("sigmoid at extreme arguments", "[math]") {
  CHECK(bp::sigmoid(-100.0f) >= 0.0f);
  CHECK(bp::sigmoid(-100.0f) < 1e-30f);
  CHECK(bp::sigmoid(100.0f) == 1.0f);
  CHECK(bp::sigmoid(0.0f) == 0.5f);
}

TEST_CASE("softplus matches its definition over [-20, 20]", "[math]") {
  const WorstCase w = max_relative_error(dense, bp_softplus, ref_softplus);
  INFO("max error " << w.error << " at x = " << w.at);
  CHECK(w.error <= relative_tolerance);
}

TEST_CASE("softplus at extreme arguments", "[math]") {
  CHECK(bp::softplus(100.0f) == Approx(100.0).epsilon(1e-7));
  CHECK(bp::softplus(-100.0f) >= 0.0f);
  CHECK(bp::softplus(-100.0f) < 1e-30f);
  CHECK(bp::is_finite(bp::softplus(1e30f)));
}

TEST_CASE("sin and cos match libm within 2e-7 absolute for |x| <= 100", "[math]") {
  const std::vector<float> xs = linear_sweep(-100.0, 100.0, 200000);
  const WorstCase s = max_absolute_error(xs, bp_sin, ref_sin);
  const WorstCase c = max_absolute_error(xs, bp_cos, ref_cos);
  INFO("sin max error " << s.error << " at x = " << s.at << ", cos max error " << c.error << " at x = " << c.at);
  CHECK(s.error <= trig_absolute_tolerance);
  CHECK(c.error <= trig_absolute_tolerance);
}

TEST_CASE("sin and cos at multiples of pi/2 and nan", "[math]") {
  CHECK(bp::sin(0.0f) == 0.0f);
  CHECK(bp::cos(0.0f) == 1.0f);
  CHECK(bp::sin(1.5707963f) == Approx(1.0).epsilon(1e-7));
  CHECK(bp::cos(3.1415927f) == Approx(-1.0).epsilon(1e-7));
  CHECK(bp::sin(-1.5707963f) == Approx(-1.0).epsilon(1e-7));
  CHECK(std::isnan(bp::sin(std::numeric_limits<float>::quiet_NaN())));
}

TEST_CASE("is_finite", "[math]") {
  CHECK_FALSE(bp::is_finite(std::numeric_limits<float>::quiet_NaN()));
  CHECK_FALSE(bp::is_finite(-std::numeric_limits<float>::quiet_NaN()));
  CHECK_FALSE(bp::is_finite(std::numeric_limits<float>::infinity()));
  CHECK_FALSE(bp::is_finite(-std::numeric_limits<float>::infinity()));
  CHECK(bp::is_finite(0.0f));
  CHECK(bp::is_finite(-0.0f));
  CHECK(bp::is_finite(std::numeric_limits<float>::max()));
  CHECK(bp::is_finite(-std::numeric_limits<float>::max()));
  CHECK(bp::is_finite(std::numeric_limits<float>::denorm_min()));
}

TEST_CASE("random: golden values of seed 42, data stream", "[math]") {
  bp::Random rng(42, bp::Stream::data);
  CHECK(rng.next_u32() == 4129551422u);
  CHECK(rng.next_u32() == 1416568425u);
  CHECK(rng.next_u32() == 403608051u);
  CHECK(rng.next_u32() == 2991787325u);
}

TEST_CASE("random: same seed and stream give the same sequence", "[math]") {
  bp::Random a(7, bp::Stream::init), b(7, bp::Stream::init);
  for (int i = 0; i < 1000; ++i) REQUIRE(a.next_u32() == b.next_u32());
}

TEST_CASE("random: different streams and seeds give different sequences", "[math]") {
  const auto first = [](std::uint64_t seed, bp::Stream stream) {
    bp::Random rng(seed, stream);
    std::vector<std::uint32_t> out;
    for (int i = 0; i < 16; ++i) out.push_back(rng.next_u32());
    return out;
  };
  const auto data = first(7, bp::Stream::data);
  CHECK(data != first(7, bp::Stream::init));
  CHECK(data != first(7, bp::Stream::shuffle));
  CHECK(first(7, bp::Stream::init) != first(7, bp::Stream::shuffle));
  CHECK(data != first(8, bp::Stream::data));
  CHECK(first(0, bp::Stream::data) != first(1, bp::Stream::data));
}

TEST_CASE("random: uniform lies in [0, 1) and fills it evenly", "[math]") {
  bp::Random rng(3, bp::Stream::data);
  const int n = 100000;
  double sum = 0;
  int below_half = 0;
  float lo = 1, hi = 0;
  for (int i = 0; i < n; ++i) {
    const float u = rng.uniform();
    REQUIRE(u >= 0.0f);
    REQUIRE(u < 1.0f);
    sum += u;
    below_half += u < 0.5f;
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  CHECK(sum / n == Approx(0.5).margin(0.005));
  CHECK(below_half == Approx(n / 2).margin(1000));
  CHECK(lo < 1e-3f);
  CHECK(hi > 0.999f);
}

TEST_CASE("random: uniform(lo, hi) lies in [lo, hi)", "[math]") {
  bp::Random rng(4, bp::Stream::data);
  for (int i = 0; i < 10000; ++i) {
    const float u = rng.uniform(-5.0f, 3.0f);
    REQUIRE(u >= -5.0f);
    REQUIRE(u < 3.0f);
  }
}

TEST_CASE("random: below(n) stays below n and hits every value", "[math]") {
  bp::Random rng(5, bp::Stream::shuffle);
  for (std::uint32_t n : {1u, 2u, 3u, 7u, 10u, 1000u, 4294967295u}) {
    std::vector<int> seen(std::min<std::uint32_t>(n, 1000u), 0);
    for (int i = 0; i < 20000; ++i) {
      const std::uint32_t k = rng.below(n);
      REQUIRE(k < n);
      if (k < seen.size()) seen[k] = 1;
    }
    if (n <= 10) {
      for (std::uint32_t k = 0; k < n; ++k) CHECK(seen[k] == 1);
    }
  }
}

TEST_CASE("random: normal has the requested mean and standard deviation", "[math]") {
  bp::Random rng(6, bp::Stream::init);
  const int n = 100000;
  for (auto [mean, stddev] : {std::pair<float, float>{0.0f, 1.0f}, {3.0f, 0.5f}, {-2.0f, 2.0f}}) {
    double sum = 0, sum_sq = 0;
    for (int i = 0; i < n; ++i) {
      const double v = rng.normal(mean, stddev);
      sum += v;
      sum_sq += v * v;
    }
    const double m = sum / n;
    const double s = std::sqrt(sum_sq / n - m * m);
    INFO("mean " << mean << " stddev " << stddev);
    CHECK(m == Approx(mean).margin(0.02 * stddev));
    CHECK(s == Approx(stddev).epsilon(0.02));
  }
}
