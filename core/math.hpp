// Deterministic float32 elementary functions.
//
// libm differs between glibc (native) and musl (WebAssembly) in the last bit, and one bit is
// enough to make two 10,000-step training runs drift apart. These use only IEEE-754 + - * /
// and bit operations, so every platform computes the same bits (compile with
// -ffp-contract=off, without -ffast-math). They are branch-light so that a SIMD version can
// follow the same operation sequence lane by lane. Coefficients are Cephes' single-precision
// minimax polynomials (S. L. Moshier); relative error is a few ulp over the ranges noted.
//
// Each function also has a four-lane overload (simd::v4f) that runs, per lane, exactly the
// scalar operation sequence: a branch becomes "compute both sides, select", and the selected
// side is computed by the same operations as in the scalar code, so every lane equals the
// scalar result bit for bit (tests/core/test_kernels.cpp checks this).
#pragma once

#include <cstdint>
#include <cstring>

#include "simd.hpp"

namespace bp {

namespace detail {

inline std::uint32_t bits_of(float x) {
  std::uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

inline float float_of(std::uint32_t u) {
  float x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

// Round to the nearest integer (ties to even) with float arithmetic only: adding 1.5 * 2^23
// pushes the fraction bits out of the mantissa. Valid for |x| < 2^22; NaN stays NaN.
constexpr float round_magic = 12582912.0f;

}  // namespace detail

/// e^x. Arguments are clamped to [-87, 88.3] so the result is always a finite normal float.
inline float exp(float x) {
  constexpr float log2e = 1.44269504088896341f;
  constexpr float ln2_hi = 0.693359375f;  // ln 2 split in two: n * ln2_hi is exact
  constexpr float ln2_lo = -2.12194440e-4f;
  x = x < -87.0f ? -87.0f : x;
  x = x > 88.3f ? 88.3f : x;
  // e^x = 2^n e^r with n = round(x / ln 2), |r| <= ln2 / 2.
  const float shifted = x * log2e + detail::round_magic;
  const float n = shifted - detail::round_magic;
  const std::int32_t n_int = static_cast<std::int32_t>(detail::bits_of(shifted) - detail::bits_of(detail::round_magic));
  float r = x - n * ln2_hi;
  r = r - n * ln2_lo;
  const float r2 = r * r;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float e_r = p * r2 + r + 1.0f;
  const float two_n = detail::float_of(static_cast<std::uint32_t>(n_int + 127) << 23);
  return e_r * two_n;
}

/// Natural logarithm of a positive normal float (the only arguments the engine passes);
/// log(0) = -inf, negative or NaN arguments give NaN, +inf gives +inf.
inline float log(float x) {
  if (!(x > 0.0f)) return x == 0.0f ? -__builtin_inff() : __builtin_nanf("");
  if (x == __builtin_inff()) return x;
  constexpr float sqrt_half = 0.707106781186547524f;
  // x = m 2^e with m in [0.5, 1), from the bits.
  const std::uint32_t u = detail::bits_of(x);
  float e = static_cast<float>(static_cast<std::int32_t>(u >> 23) - 126);
  float m = detail::float_of((u & 0x007fffffu) | 0x3f000000u);
  // Centre m on 1: m in [sqrt(1/2), sqrt(2)), so log(m) = log(1 + f) with |f| < 0.415.
  float f;
  if (m < sqrt_half) {
    e = e - 1.0f;
    f = m + m - 1.0f;
  } else {
    f = m - 1.0f;
  }
  const float f2 = f * f;
  float p = 7.0376836292e-2f;
  p = p * f - 1.1514610310e-1f;
  p = p * f + 1.1676998740e-1f;
  p = p * f - 1.2420140846e-1f;
  p = p * f + 1.4249322787e-1f;
  p = p * f - 1.6668057665e-1f;
  p = p * f + 2.0000714765e-1f;
  p = p * f - 2.4999993993e-1f;
  p = p * f + 3.3333331174e-1f;
  float y = p * f * f2;
  y = y + e * -2.12194440e-4f;
  y = y - 0.5f * f2;
  return (f + y) + e * 0.693359375f;
}

/// log(1 + x) for x > -1, accurate also for tiny x (Goldberg's correction: the rounding
/// error of 1 + x is divided back out).
inline float log1p(float x) {
  const float u = 1.0f + x;
  const float d = u - 1.0f;
  if (d == 0.0f) return x;
  return log(u) * (x / d);
}

/// tanh(x): a polynomial near 0, 1 - 2 / (e^{2|x|} + 1) elsewhere.
inline float tanh(float x) {
  const float ax = x < 0.0f ? -x : x;
  if (ax > 0.625f) {
    const float t = 1.0f - 2.0f / (exp(2.0f * ax) + 1.0f);
    return x < 0.0f ? -t : t;
  }
  const float s = x * x;
  float p = -5.70498872745e-3f;
  p = p * s + 2.06390887954e-2f;
  p = p * s - 5.37397155531e-2f;
  p = p * s + 1.33314422036e-1f;
  p = p * s - 3.33332819422e-1f;
  return p * s * x + x;
}

/// tanh for pictures (Session::evaluate_grid): sign(x) (1 - 2 / (2^t + 1)) with t = 2 |x| log2 e,
/// and 2^t = 2^n 2^f for n = round(t), |f| <= 1/2, where 2^f = e^{f ln 2} is Taylor's series to
/// degree 5 (relative error <= (ln 2 / 2)^6 / 6! = 2.5e-6, which moves tanh by at most half that).
/// Within 2e-6 of tanh everywhere (tests/core/test_math.cpp), against the 1/128 between two of
/// a heatmap's colours; about half the work of tanh(): no polynomial near 0 to compute beside it
/// and select, a shorter exponential. |x| is clamped to 10, where 1 - tanh rounds away (it
/// saturates at exactly ±1); NaN stays NaN.
inline float tanh_display(float x) {
  constexpr float two_log2e = 2.88539008177792681f;
  constexpr float c1 = 0.693147180559945f, c2 = 0.240226506959101f, c3 = 0.0555041086648216f;
  constexpr float c4 = 0.00961812910762848f, c5 = 0.00133335581464284f;
  const float ax = detail::float_of(detail::bits_of(x) & 0x7fffffffu);
  const float t = (ax > 10.0f ? 10.0f : ax) * two_log2e;
  const float shifted = t + detail::round_magic;
  const float n = shifted - detail::round_magic;
  const std::uint32_t n_int = detail::bits_of(shifted) - detail::bits_of(detail::round_magic);
  const float f = t - n;
  float p = c5;
  p = p * f + c4;
  p = p * f + c3;
  p = p * f + c2;
  p = p * f + c1;
  p = p * f + 1.0f;
  const float e = p * detail::float_of((n_int + 127u) << 23);
  const float r = 1.0f - 2.0f / (e + 1.0f);
  return detail::float_of(detail::bits_of(r) | (detail::bits_of(x) & 0x80000000u));
}

/// σ(x) = 1 / (1 + e^{-x}).
inline float sigmoid(float x) { return 1.0f / (1.0f + exp(-x)); }

/// softplus(x) = log(1 + e^x) = max(x, 0) + log(1 + e^{-|x|}), which never overflows.
inline float softplus(float x) {
  const float ax = x < 0.0f ? -x : x;
  return (x > 0.0f ? x : 0.0f) + log1p(exp(-ax));
}

// ---- four lanes: the same operations per lane as the scalar functions above --------------

/// e^x per lane, as exp(float).
inline simd::v4f exp(simd::v4f x) {
  using namespace simd;
  constexpr float log2e = 1.44269504088896341f;
  constexpr float ln2_hi = 0.693359375f;
  constexpr float ln2_lo = -2.12194440e-4f;
  x = select(x < -87.0f, broadcast(-87.0f), x);
  x = select(x > 88.3f, broadcast(88.3f), x);
  const v4f shifted = x * log2e + detail::round_magic;
  const v4f n = shifted - detail::round_magic;
  // n as an integer, in unsigned lanes: the same bits as the scalar int32 arithmetic.
  const v4u n_int = bits_of(shifted) - detail::bits_of(detail::round_magic);
  v4f r = x - n * ln2_hi;
  r = r - n * ln2_lo;
  const v4f r2 = r * r;
  v4f p = broadcast(1.9875691500e-4f);
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const v4f e_r = p * r2 + r + 1.0f;
  const v4f two_n = float_of((n_int + 127u) << 23);
  return e_r * two_n;
}

/// log x per lane, as log(float), special arguments included.
inline simd::v4f log(simd::v4f x) {
  using namespace simd;
  constexpr float sqrt_half = 0.707106781186547524f;
  const v4u u = bits_of(x);
  v4f e = __builtin_convertvector(reinterpret_cast<v4i>(u >> 23) - 126, v4f);
  const v4f m = float_of((u & 0x007fffffu) | 0x3f000000u);
  const v4i below = m < sqrt_half;
  e = select(below, e - 1.0f, e);
  const v4f f = select(below, m + m - 1.0f, m - 1.0f);
  const v4f f2 = f * f;
  v4f p = broadcast(7.0376836292e-2f);
  p = p * f - 1.1514610310e-1f;
  p = p * f + 1.1676998740e-1f;
  p = p * f - 1.2420140846e-1f;
  p = p * f + 1.4249322787e-1f;
  p = p * f - 1.6668057665e-1f;
  p = p * f + 2.0000714765e-1f;
  p = p * f - 2.4999993993e-1f;
  p = p * f + 3.3333331174e-1f;
  v4f y = p * f * f2;
  y = y + e * -2.12194440e-4f;
  y = y - 0.5f * f2;
  v4f result = (f + y) + e * 0.693359375f;
  result = select(x == __builtin_inff(), x, result);
  const v4f not_positive = select(x == 0.0f, broadcast(-__builtin_inff()), broadcast(__builtin_nanf("")));
  return select(~(x > 0.0f), not_positive, result);
}

/// log(1 + x) per lane, as log1p(float).
inline simd::v4f log1p(simd::v4f x) {
  const simd::v4f u = 1.0f + x;
  const simd::v4f d = u - 1.0f;
  return simd::select(d == 0.0f, x, log(u) * (x / d));
}

/// tanh x per lane, as tanh(float).
inline simd::v4f tanh(simd::v4f x) {
  using namespace simd;
  const v4i negative = x < 0.0f;
  const v4f ax = select(negative, -x, x);
  const v4f t = 1.0f - 2.0f / (exp(2.0f * ax) + 1.0f);
  const v4f large = select(negative, -t, t);
  const v4f s = x * x;
  v4f p = broadcast(-5.70498872745e-3f);
  p = p * s + 2.06390887954e-2f;
  p = p * s - 5.37397155531e-2f;
  p = p * s + 1.33314422036e-1f;
  p = p * s - 3.33332819422e-1f;
  const v4f small = p * s * x + x;
  return select(ax > 0.625f, large, small);
}

/// tanh_display x per lane, as tanh_display(float).
inline simd::v4f tanh_display(simd::v4f x) {
  using namespace simd;
  constexpr float two_log2e = 2.88539008177792681f;
  constexpr float c1 = 0.693147180559945f, c2 = 0.240226506959101f, c3 = 0.0555041086648216f;
  constexpr float c4 = 0.00961812910762848f, c5 = 0.00133335581464284f;
  const v4f ax = float_of(bits_of(x) & 0x7fffffffu);
  const v4f t = select(ax > 10.0f, broadcast(10.0f), ax) * two_log2e;
  const v4f shifted = t + detail::round_magic;
  const v4f n = shifted - detail::round_magic;
  const v4u n_int = bits_of(shifted) - detail::bits_of(detail::round_magic);
  const v4f f = t - n;
  v4f p = broadcast(c5);
  p = p * f + c4;
  p = p * f + c3;
  p = p * f + c2;
  p = p * f + c1;
  p = p * f + 1.0f;
  const v4f e = p * float_of((n_int + 127u) << 23);
  const v4f r = 1.0f - 2.0f / (e + 1.0f);
  return float_of(bits_of(r) | (bits_of(x) & 0x80000000u));
}

/// σ(x) per lane, as sigmoid(float).
inline simd::v4f sigmoid(simd::v4f x) { return 1.0f / (1.0f + exp(-x)); }

/// softplus x per lane, as softplus(float).
inline simd::v4f softplus(simd::v4f x) {
  using namespace simd;
  const v4f ax = select(x < 0.0f, -x, x);
  return select(x > 0.0f, x, broadcast(0.0f)) + log1p(exp(-ax));
}

namespace detail {

// sin or cos of x by reduction to [-π/4, π/4]: x = j π/4 + r, then the octant j picks the
// polynomial and the sign. |x| is clamped to 2^20 so j always fits an int.
inline float sin_cos(float x, bool cosine) {
  constexpr float four_over_pi = 1.27323954473516f;
  constexpr float dp1 = 0.78515625f;  // π/4 in three parts, each product with j exact
  constexpr float dp2 = 2.4187564849853515625e-4f;
  constexpr float dp3 = 3.77489497744594108e-8f;
  if (x != x) return x;
  bool negative = false;
  if (x < 0.0f) {
    x = -x;
    negative = !cosine;
  }
  x = x > 1048576.0f ? 1048576.0f : x;
  std::int32_t j = static_cast<std::int32_t>(x * four_over_pi);
  j += j & 1;  // to an even octant: r in [-π/4, π/4]
  const float y = static_cast<float>(j);
  j &= 7;
  if (cosine) j += 2;  // cos x = sin(x + π/2)
  j &= 7;
  if (j > 3) {
    negative = !negative;
    j -= 4;
  }
  const float r = ((x - y * dp1) - y * dp2) - y * dp3;
  const float z = r * r;
  float result;
  if (j == 1 || j == 2) {
    float p = 2.443315711809948e-5f;
    p = p * z - 1.388731625493765e-3f;
    p = p * z + 4.166664568298827e-2f;
    result = p * z * z - 0.5f * z + 1.0f;
  } else {
    float p = -1.9515295891e-4f;
    p = p * z + 8.3321608736e-3f;
    p = p * z - 1.6666654611e-1f;
    result = p * z * r + r;
  }
  return negative ? -result : result;
}

}  // namespace detail

/// sin(x), accurate to a few ulp for |x| up to about 8192.
inline float sin(float x) { return detail::sin_cos(x, false); }

/// cos(x), accurate to a few ulp for |x| up to about 8192.
inline float cos(float x) { return detail::sin_cos(x, true); }

/// true when x is neither NaN nor ±inf (bit test: immune to -ffinite-math-only).
inline bool is_finite(float x) { return (detail::bits_of(x) & 0x7f800000u) != 0x7f800000u; }

}  // namespace bp
