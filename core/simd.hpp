// Four float lanes written once with GCC/clang vector extensions: they compile to SSE
// natively, to WebAssembly simd128 with -msimd128, and to four scalar operations each in the
// baseline WebAssembly build. Every lane runs IEEE-754 single-precision operations, so a
// kernel that gives each lane one output element, computed in the scalar code's order, gets
// the scalar code's bits on every platform. Nothing here reduces across lanes.
#pragma once

#include <cstdint>
#include <cstring>

namespace bp::simd {

typedef float v4f __attribute__((vector_size(16)));
typedef std::int32_t v4i __attribute__((vector_size(16)));  // comparisons give 0 or -1 per lane
typedef std::uint32_t v4u __attribute__((vector_size(16)));

// False in the baseline WebAssembly build, where each vector operation becomes four scalar
// ones: code whose vector form computes both sides of a branch is slower there than the
// scalar loop (same bits either way).
#if defined(__wasm__) && !defined(__wasm_simd128__)
constexpr bool hardware_vectors = false;
#else
constexpr bool hardware_vectors = true;
#endif

/// Four floats from p (any alignment).
inline v4f load(const float* p) {
  v4f v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

inline void store(float* p, v4f v) { std::memcpy(p, &v, sizeof v); }

/// The first n (0 to 4) floats from p, and zeros in the other lanes.
inline v4f load_first(const float* p, int n) {
  switch (n) {
    case 4: return load(p);
    case 3: return v4f{p[0], p[1], p[2], 0.0f};
    case 2: return v4f{p[0], p[1], 0.0f, 0.0f};
    case 1: return v4f{p[0], 0.0f, 0.0f, 0.0f};
    default: return v4f{0.0f, 0.0f, 0.0f, 0.0f};
  }
}

/// Writes only the first n (0 to 4) lanes.
inline void store_first(float* p, v4f v, int n) {
  switch (n) {
    case 4: store(p, v); break;
    case 3: p[2] = v[2]; [[fallthrough]];
    case 2: p[1] = v[1]; [[fallthrough]];
    case 1: p[0] = v[0]; break;
    default: break;
  }
}

inline v4f broadcast(float x) { return v4f{x, x, x, x}; }

inline v4u bits_of(v4f v) { return reinterpret_cast<v4u>(v); }
inline v4f float_of(v4u u) { return reinterpret_cast<v4f>(u); }

/// Per lane mask ? yes : no, for a mask from a comparison. A bitwise choice, so the chosen
/// value keeps every bit (NaN payloads and the sign of zero included).
inline v4f select(v4i mask, v4f yes, v4f no) {
  return reinterpret_cast<v4f>((reinterpret_cast<v4i>(yes) & mask) | (reinterpret_cast<v4i>(no) & ~mask));
}

}  // namespace bp::simd
