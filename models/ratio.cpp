#include "models/ratio.hpp"

#include <cctype>

#include <fmt/format.h>

#include "models/errors.hpp"

namespace gfund {

Ratio parse_ratio(std::string_view text) {
  std::string_view s = text;
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  bool percent = !s.empty() && s.back() == '%';
  if (percent) s.remove_suffix(1);
  Decimal d;
  try {
    d = parse_decimal(s);
  } catch (const DataError&) {
    throw DataError(fmt::format("'{}' is not a rate (write 12.5% or 0.125)", text));
  }
  Decimal ppm = d * (percent ? Decimal(10'000) : Decimal(Ratio::kOne));
  if (floor(ppm) != ppm) throw DataError(fmt::format("'{}' is finer than one part per million", text));
  if (abs(ppm) > Decimal(1'000'000'000'000LL)) throw DataError(fmt::format("'{}' is out of range", text));
  return Ratio{ppm.convert_to<std::int64_t>()};
}

std::string format_percent(Ratio r) { return to_string(Decimal(r.ppm) / 10'000, 4) + "%"; }

}  // namespace gfund
