// Runs corpus files through a fuzz target without libFuzzer: `fuzz_corpus TARGET PATH...`
// (a PATH may be a folder). Built natively and by em++ for wasm32 (under Node, with the host's
// file system), so the size checks also run where size_t is 32 bits. A broken promise aborts;
// otherwise it prints "N passed, 0 failed".
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "targets.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: fuzz_corpus config|rows|setters PATH...\n");
    return 2;
  }
  const fuzz::Target run = fuzz::target(argv[1]);
  if (!run) {
    std::fprintf(stderr, "fuzz_corpus: no target '%s' (config, rows, setters)\n", argv[1]);
    return 2;
  }
  std::vector<std::filesystem::path> files;
  for (int i = 2; i < argc; ++i) {
    const std::filesystem::path path = argv[i];
    if (std::filesystem::is_directory(path)) {
      for (const auto& entry : std::filesystem::directory_iterator(path))
        if (entry.is_regular_file()) files.push_back(entry.path());
    } else {
      files.push_back(path);
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), {}};
    std::fprintf(stderr, "%s %s\n", argv[1], file.string().c_str());
    run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("fuzz_corpus %s: %zu passed, 0 failed\n", argv[1], files.size());
  return files.empty() ? 1 : 0;
}
