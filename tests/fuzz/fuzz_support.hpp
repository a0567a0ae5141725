#pragma once
// What every harness treats as a finding. A typed gfund::Error (bad input,
// missing file, I/O) is the refusal the product promises: the input is
// dropped. Everything else is a bug and must crash the run so libFuzzer
// saves the input: an internal error (a GFUND_ASSERT that fired), any other
// exception (an escaped library exception becomes exit 70 in the CLI), and
// whatever the sanitizers catch.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#include "models/errors.hpp"

namespace gfund::fuzz {

[[noreturn]] inline void finding(const char* what, const char* detail) {
  std::fprintf(stderr, "gfund fuzz finding: %s: %s\n", what, detail);
  std::abort();
}

// Runs `fn`; a typed refusal returns false, anything unexpected aborts.
template <class Fn>
bool refused_or_ran(Fn&& fn) {
  try {
    fn();
    return true;
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::internal) finding("internal error", e.what());
    return false;
  } catch (const std::exception& e) {
    finding("untyped exception", e.what());
  } catch (...) {
    finding("exception not derived from std::exception", "?");
  }
}

// An oracle that held for the parsed value did not hold.
inline void require(bool ok, const char* what) {
  if (!ok) finding("broken property", what);
}

inline std::string_view as_text(const unsigned char* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The config harnesses read a document as JSON when its first non-blank byte
// is '{' (a TOML document cannot start so), else as TOML.
inline bool looks_like_json(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

}  // namespace gfund::fuzz
