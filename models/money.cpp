#include "models/money.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "models/errors.hpp"

namespace gfund {
namespace {

void require_same(const Money& a, const Money& b, const char* op) {
  if (!(a.currency() == b.currency()))
    throw DataError(fmt::format("cannot {} {} and {} amounts without a stated exchange rate", op,
                                a.currency().code_view(), b.currency().code_view()));
}

[[noreturn]] void overflow(const char* op) {
  throw DataError(fmt::format("amount overflow in {} (beyond 64-bit minor units)", op));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

Money Money::operator+(const Money& o) const {
  require_same(*this, o, "add");
  std::int64_t r;
  if (__builtin_add_overflow(minor_, o.minor_, &r)) overflow("addition");
  return Money(currency_, r);
}

Money Money::operator-(const Money& o) const {
  require_same(*this, o, "subtract");
  std::int64_t r;
  if (__builtin_sub_overflow(minor_, o.minor_, &r)) overflow("subtraction");
  return Money(currency_, r);
}

Money Money::operator-() const {
  std::int64_t r;
  if (__builtin_sub_overflow(std::int64_t{0}, minor_, &r)) overflow("negation");
  return Money(currency_, r);
}

bool operator==(const Money& a, const Money& b) {
  require_same(a, b, "compare");
  return a.minor_ == b.minor_;
}

std::strong_ordering operator<=>(const Money& a, const Money& b) {
  require_same(a, b, "compare");
  return a.minor_ <=> b.minor_;
}

Decimal Money::to_major() const { return Decimal(minor_) / currency_.minor_per_major(); }

Money min(const Money& a, const Money& b) { return b < a ? b : a; }
Money max(const Money& a, const Money& b) { return a < b ? b : a; }

Money multiply(const Money& amount, const Decimal& factor, Rounding mode) {
  return Money(amount.currency(), round_to_int(Decimal(amount.minor()) * factor, mode));
}

Money multiply_cash(const Money& amount, const Decimal& factor, Rounding mode) {
  return Money(amount.currency(),
               round_to_unit(Decimal(amount.minor()) * factor, amount.currency().cash_unit_minor, mode));
}

Money round_minor(Currency c, const Decimal& minor, Rounding mode) { return Money(c, round_to_int(minor, mode)); }

Money round_cash(Currency c, const Decimal& minor, Rounding mode) {
  return Money(c, round_to_unit(minor, c.cash_unit_minor, mode));
}

std::vector<Money> allocate(const Money& total, std::span<const Decimal> weights, bool to_cash_unit) {
  auto parts = allocate(total.minor(), weights, to_cash_unit ? total.currency().cash_unit_minor : 1);
  std::vector<Money> out;
  out.reserve(parts.size());
  for (auto p : parts) out.emplace_back(total.currency(), p);
  return out;
}

std::int64_t parse_minor(std::string_view text, const Currency& c) {
  Decimal d = parse_decimal(text);
  Decimal scaled = d * c.minor_per_major();
  if (floor(scaled) != scaled)
    throw DataError(fmt::format("'{}' has more decimals than {} allows ({})", trim(text), c.code_view(),
                                c.minor_digits));
  return round_to_int(scaled);
}

Money parse_money(std::string_view text, std::optional<Currency> expected) {
  std::string_view s = trim(text);
  std::optional<Currency> named;
  // A three-letter code may lead or trail the number, separated by a space.
  auto is_code = [](std::string_view w) {
    return w.size() == 3 && std::all_of(w.begin(), w.end(), [](unsigned char ch) { return std::isalpha(ch); });
  };
  auto code_of = [&](std::string_view code) {
    try {
      return currency_from_code(code);
    } catch (const DataError& e) {
      throw DataError(fmt::format("'{}': {}", trim(text), e.rule()));
    }
  };
  if (s.size() > 4 && is_code(s.substr(s.size() - 3)) && s[s.size() - 4] == ' ') {
    named = code_of(s.substr(s.size() - 3));
    s = trim(s.substr(0, s.size() - 4));
  } else if (s.size() > 4 && is_code(s.substr(0, 3)) && s[3] == ' ') {
    named = code_of(s.substr(0, 3));
    s = trim(s.substr(4));
  }
  if (named && expected && !(*named == *expected))
    throw DataError(fmt::format("'{}' is in {}, expected {}", trim(text), named->code_view(), expected->code_view()));
  if (!named && !expected) throw DataError(fmt::format("'{}' does not say its currency", trim(text)));
  Currency c = named ? *named : *expected;
  try {
    return Money(c, parse_minor(s, c));
  } catch (const DataError&) {
    // Re-throw naming the whole text the user wrote.
    Decimal d;
    try {
      d = parse_decimal(s);
    } catch (const DataError&) {
      throw DataError(fmt::format("'{}' is not an amount", trim(text)));
    }
    throw DataError(fmt::format("'{}' has more decimals than {} allows ({})", trim(text), c.code_view(),
                                c.minor_digits));
  }
}

std::string format_plain(const Money& m) {
  const auto& c = m.currency();
  std::int64_t per = c.minor_per_major();
  // Work in unsigned to format INT64_MIN without overflow.
  unsigned long long mag = m.minor() < 0 ? 0ULL - static_cast<unsigned long long>(m.minor())
                                         : static_cast<unsigned long long>(m.minor());
  std::string out = m.minor() < 0 ? "-" : "";
  out += fmt::format("{}", mag / static_cast<unsigned long long>(per));
  if (c.minor_digits > 0)
    out += fmt::format(".{:0{}}", mag % static_cast<unsigned long long>(per), c.minor_digits);
  return out;
}

std::string format_money(const Money& m, bool with_code) {
  std::string plain = format_plain(m);
  bool neg = plain[0] == '-';
  std::string body = neg ? plain.substr(1) : plain;
  auto dot = body.find('.');
  std::string intpart = body.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : body.substr(dot);
  std::string grouped;
  int n = static_cast<int>(intpart.size());
  for (int i = 0; i < n; ++i) {
    grouped += intpart[static_cast<size_t>(i)];
    int left = n - 1 - i;
    if (left > 0 && left % 3 == 0) grouped += ',';
  }
  std::string out = (neg ? "-" : "") + grouped + frac;
  if (with_code) out += fmt::format(" {}", m.currency().code_view());
  return out;
}

}  // namespace gfund
