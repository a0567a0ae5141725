#pragma once
// One way into the sizing config readers for the plan and scenario
// harnesses: the text as a file named `stem`.json or `stem`.toml (see
// looks_like_json), parsed to the config tree, then read by `read`.
#include <string>
#include <string_view>

#include "engine/sizing/config_file.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace gfund::fuzz {

template <class Read>
void read_sizing_doc(std::string_view text, const std::string& stem, Read read) {
  refused_or_ran([&] {
    const bool json = looks_like_json(text);
    const std::string name = stem + (json ? ".json" : ".toml");
    read(sizing::parse_config_text(text, name, json), name);
  });
}

}  // namespace gfund::fuzz
