// The engine's own random numbers: PCG32 (O'Neill, 2014) seeded through SplitMix64. Pure
// integer arithmetic, so every platform draws the same sequence; one seed is one exact run.
#pragma once

#include <cstdint>

#include "math.hpp"

namespace bp {

/// Independent streams derived from one user seed.
enum class Stream : std::uint64_t { data = 1, init = 2, shuffle = 3 };

class Random {
 public:
  Random(std::uint64_t seed, Stream stream) {
    std::uint64_t s = seed ^ (static_cast<std::uint64_t>(stream) * 0x9e3779b97f4a7c15ull);
    const std::uint64_t initial = splitmix64(s);
    increment_ = (splitmix64(s) << 1) | 1u;
    state_ = 0;
    next_u32();
    state_ += initial;
    next_u32();
  }

  std::uint32_t next_u32() {
    const std::uint64_t old = state_;
    state_ = old * 6364136223846793005ull + increment_;
    const auto xorshifted = static_cast<std::uint32_t>(((old >> 18u) ^ old) >> 27u);
    const auto rot = static_cast<std::uint32_t>(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
  }

  /// Uniform in [0, 1) on a 2^-24 grid (every value exactly representable).
  float uniform() { return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f); }

  /// Uniform in [lo, hi).
  float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }

  /// Integer in [0, n), n >= 1 (Lemire's multiply-shift; bias below 2^-32 n).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(next_u32()) * n) >> 32);
  }

  /// Normal with the given mean and standard deviation (Marsaglia's polar method, as
  /// TensorFlow Playground's normalRandom).
  float normal(float mean = 0.0f, float stddev = 1.0f) {
    float v1, v2, s;
    do {
      v1 = 2.0f * uniform() - 1.0f;
      v2 = 2.0f * uniform() - 1.0f;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1.0f || s == 0.0f);
    return mean + stddev * (__builtin_sqrtf(-2.0f * bp::log(s) / s) * v1);
  }

 private:
  static std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

  std::uint64_t state_ = 0;
  std::uint64_t increment_ = 1;
};

}  // namespace bp
