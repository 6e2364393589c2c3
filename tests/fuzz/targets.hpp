// The engine's entry points as fuzz targets: each takes arbitrary bytes, drives the core with
// them and aborts (through expect) when the core breaks one of its own promises. libFuzzer
// calls them under ASan and UBSan (libfuzzer.cpp); corpus.cpp runs the checked-in corpus
// through the same functions, natively and compiled to wasm32, where size_t is 32 bits.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fuzz {

/// Network JSON (first line) and data JSON (second line), then "steps grid" (third line):
/// parse -> dataset -> session -> train -> metrics -> evaluate_grid and its size check.
void config(const std::uint8_t* bytes, std::size_t size);
/// Raw rows: widths and counts from the first bytes, floats from the rest.
void rows(const std::uint8_t* bytes, std::size_t size);
/// A small session, then a sequence of setter and single-pass calls read from the bytes.
void setters(const std::uint8_t* bytes, std::size_t size);

using Target = void (*)(const std::uint8_t*, std::size_t);
/// The target of that name ("config", "rows", "setters"), or nullptr.
Target target(const char* name);

}  // namespace fuzz
