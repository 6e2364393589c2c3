// One libFuzzer binary per target: CMake compiles this file with -DFUZZ_TARGET=config (rows,
// setters) and -fsanitize=fuzzer,address,undefined.
#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  fuzz::FUZZ_TARGET(bytes, size);
  return 0;
}
