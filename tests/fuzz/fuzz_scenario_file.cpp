// Stress scenario files (engine/sizing/scenario_file.cpp over
// config_file.cpp), TOML or JSON.
#include <cstddef>
#include <cstdint>

#include "engine/sizing/scenario_file.hpp"
#include "tests/fuzz/fuzz_sizing_doc.hpp"

using namespace gfund;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::read_sizing_doc(fuzz::as_text(data, size), "fuzz_scenarios",
                        [](const toml::table& t, const std::string& name) { (void)sizing::parse_scenarios(t, name); });
  return 0;
}
