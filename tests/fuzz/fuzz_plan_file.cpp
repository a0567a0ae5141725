// Lending plan files (engine/sizing/plan.cpp over config_file.cpp), TOML or
// JSON. Parsing only: turning a plan into loans is bounded by the plan
// limits, not by the reader.
#include <cstddef>
#include <cstdint>

#include "engine/sizing/plan.hpp"
#include "tests/fuzz/fuzz_sizing_doc.hpp"

using namespace gfund;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::read_sizing_doc(fuzz::as_text(data, size), "fuzz_plan",
                        [](const toml::table& t, const std::string& name) { (void)sizing::parse_plan(t, name, usd()); });
  return 0;
}
