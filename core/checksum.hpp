// FNV-1a (64 bits) over the bits of floats: equal checksums mean bit-identical numbers. Used by
// bp-train (weights after training) and the benchmark (its random data), compared across builds.
#pragma once

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

namespace bp {

class Checksum {
 public:
  void add(const float* values, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t bits;
      std::memcpy(&bits, &values[i], sizeof bits);
      for (int byte = 0; byte < 4; ++byte) {
        hash_ ^= (bits >> (8 * byte)) & 0xffu;
        hash_ *= 0x100000001b3ull;
      }
    }
  }

  /// 16 lowercase hex digits.
  std::string hex() const {
    char text[17];
    std::snprintf(text, sizeof text, "%016" PRIx64, hash_);
    return text;
  }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ull;
};

}  // namespace bp
