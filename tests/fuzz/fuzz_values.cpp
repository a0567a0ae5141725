// Money, date, ratio and decimal parsing: every input goes through every
// parser. What parses must print and parse back to the same value, so an
// amount a bank sent is the amount the ledger stores and shows.
#include <cstddef>
#include <cstdint>

#include "models/date.hpp"
#include "models/decimal.hpp"
#include "models/money.hpp"
#include "models/ratio.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace gfund;

namespace {

void money_round_trip(std::string_view text, std::optional<Currency> expected) {
  Money m;
  if (!fuzz::refused_or_ran([&] { m = parse_money(text, expected); })) return;
  // Printed with its code, it parses back to itself in any expected currency.
  Money back = parse_money(format_money(m), m.currency());
  fuzz::require(back.minor() == m.minor() && back.currency() == m.currency(), "format_money -> parse_money");
  fuzz::require(parse_minor(format_plain(m), m.currency()) == m.minor(), "format_plain -> parse_minor");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  money_round_trip(text, usd());
  money_round_trip(text, khr());
  money_round_trip(text, std::nullopt);
  Date d{};
  if (fuzz::refused_or_ran([&] { d = parse_date(text); }))
    fuzz::require(parse_date(format_date(d)) == d, "format_date -> parse_date");
  Ratio r;
  if (fuzz::refused_or_ran([&] { r = parse_ratio(text); }))
    fuzz::require(parse_ratio(format_percent(r)).ppm == r.ppm, "format_percent -> parse_ratio");
  fuzz::refused_or_ran([&] { (void)parse_decimal(text); });
  return 0;
}
