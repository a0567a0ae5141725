#include "models/text.hpp"

#include <fmt/format.h>

#include "models/errors.hpp"

namespace gfund {
namespace {

// Length of the well-formed sequence starting at text[i], or 0 when it is
// not one. The second byte's range carries the RFC 3629 exclusions: E0 needs
// A0.. (no overlong), ED stops at 9F (no surrogates), F0 needs 90.., F4 stops
// at 8F (nothing above U+10FFFF).
std::size_t sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    n = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    n = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    n = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    return 0;  // a continuation byte, C0/C1 (overlong) or F5.. (beyond Unicode)
  }
  if (i + n > text.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return n;
}

}  // namespace

std::size_t utf8_error_offset(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = sequence_length(text, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

void check_utf8(std::string_view text, const char* field) {
  if (auto at = utf8_error_offset(text); at != std::string_view::npos)
    throw DataError(fmt::format("is not valid UTF-8 text (byte {}); save the file as UTF-8", at + 1),
                    ErrorSite{{}, 0, field});
}

void check_text(std::string_view text, const char* field, std::size_t bytes_max) {
  const auto bad = [&](std::string rule) { throw DataError(std::move(rule), ErrorSite{{}, 0, field}); };
  if (text.size() > bytes_max) bad(fmt::format("is {} bytes long; the limit is {} bytes", text.size(), bytes_max));
  check_utf8(text, field);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) bad(fmt::format("holds a control character (byte {})", i + 1));
  }
}

}  // namespace gfund
