// Risk model files (engine/risk/model_file.cpp), TOML or JSON: a document
// whose first non-blank byte is '{' is read as JSON (no TOML document can
// start so), anything else as TOML, so the shipped files seed the corpus
// as they are.
#include <cstddef>
#include <cstdint>

#include "engine/risk/model_file.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace gfund;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  fuzz::refused_or_ran([&] {
    if (fuzz::looks_like_json(text))
      (void)risk::parse_model_json(text, "fuzz_model.json");
    else
      (void)risk::parse_model_toml(text, "fuzz_model.toml");
  });
  return 0;
}
