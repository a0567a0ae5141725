#include "models/decimal.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "models/errors.hpp"

namespace gfund {
namespace {

const Decimal kInt64Max = Decimal(std::numeric_limits<std::int64_t>::max());
const Decimal kInt64Min = Decimal(std::numeric_limits<std::int64_t>::min());

std::int64_t checked_int(const Decimal& integral) {
  if (integral > kInt64Max || integral < kInt64Min)
    throw DataError(fmt::format("amount {} does not fit in 64 bits", to_string(integral, 0)));
  return integral.convert_to<std::int64_t>();
}

}  // namespace

std::int64_t round_to_int(const Decimal& x, Rounding mode) {
  Decimal fl = floor(x);
  Decimal frac = x - fl;  // in [0, 1)
  const Decimal half("0.5");
  if (frac > half) {
    fl += 1;
  } else if (frac == half) {
    if (mode == Rounding::half_up) {
      // half away from zero: for negatives floor is already away from zero
      if (x > 0) fl += 1;
    } else {
      if (fmod(fl, Decimal(2)) != 0) fl += 1;
    }
  }
  return checked_int(fl);
}

std::int64_t round_to_unit(const Decimal& x, std::int64_t unit, Rounding mode) {
  GFUND_ASSERT(unit >= 1);
  if (unit == 1) return round_to_int(x, mode);
  std::int64_t units = round_to_int(x / unit, mode);
  std::int64_t out = 0;
  if (__builtin_mul_overflow(units, unit, &out))
    throw DataError(fmt::format("amount {} does not fit in 64 bits", to_string(x, 0)));
  return out;
}

Decimal parse_decimal(std::string_view text) {
  auto fail = [&] { return DataError(fmt::format("'{}' is not a number", text)); };
  std::string_view s = text;
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (s.empty()) throw fail();
  std::string clean;
  size_t i = 0;
  if (s[0] == '-' || s[0] == '+') {
    if (s[0] == '-') clean += '-';
    i = 1;
  }
  std::string_view body = s.substr(i);
  auto dot = body.find('.');
  std::string_view intpart = body.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view{} : body.substr(dot + 1);
  if (intpart.empty() && frac.empty()) throw fail();
  if (dot != std::string_view::npos && frac.empty()) throw fail();
  // Integer part: digits, optionally grouped by commas in threes.
  bool has_comma = intpart.find(',') != std::string_view::npos;
  size_t group = 0;
  bool first_group = true;
  for (size_t k = 0; k < intpart.size(); ++k) {
    char c = intpart[k];
    if (c == ',') {
      if (!has_comma || group == 0 || (first_group && group > 3) || (!first_group && group != 3)) throw fail();
      first_group = false;
      group = 0;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c))) throw fail();
    clean += c;
    ++group;
  }
  if (has_comma && group != 3) throw fail();
  if (intpart.empty()) clean += '0';
  if (!frac.empty()) {
    clean += '.';
    for (char c : frac) {
      if (!std::isdigit(static_cast<unsigned char>(c))) throw fail();
      clean += c;
    }
  }
  if (clean.size() > 40) throw DataError(fmt::format("'{}' has too many digits", text));
  return Decimal(clean);
}

std::string to_string(const Decimal& x, int max_decimals) {
  Decimal scale = pow(Decimal(10), max_decimals);
  // Exact scaled integer, then re-insert the point: no binary round trip.
  Decimal scaled = x * scale;
  Decimal r = floor(scaled);
  Decimal frac = scaled - r;
  const Decimal half("0.5");
  if (frac > half || (frac == half && fmod(r, Decimal(2)) != 0)) r += 1;
  std::string digits = r.str(0, std::ios_base::fixed);
  if (auto dot = digits.find('.'); dot != std::string::npos) digits.erase(dot);  // r is integral
  bool neg = !digits.empty() && digits[0] == '-';
  if (neg) digits.erase(0, 1);
  if (max_decimals > 0) {
    if (static_cast<int>(digits.size()) <= max_decimals)
      digits.insert(0, static_cast<size_t>(max_decimals + 1 - static_cast<int>(digits.size())), '0');
    digits.insert(digits.size() - static_cast<size_t>(max_decimals), ".");
    while (digits.back() == '0') digits.pop_back();
    if (digits.back() == '.') digits.pop_back();
  }
  if (neg && digits != "0") digits.insert(0, "-");
  return digits;
}

std::vector<std::int64_t> allocate(std::int64_t total, std::span<const Decimal> weights, std::int64_t unit) {
  if (weights.empty()) throw DataError("allocate: no weights to split over");
  if (unit < 1) throw DataError("allocate: unit must be >= 1");
  if (total % unit != 0) throw DataError(fmt::format("allocate: total {} is not a multiple of unit {}", total, unit));
  Decimal sum = 0;
  for (const auto& w : weights) {
    if (w < 0) throw DataError("allocate: weights must be >= 0");
    sum += w;
  }
  if (sum == 0) throw DataError("allocate: at least one weight must be > 0");
  const bool negative = total < 0;
  // Work on the magnitude in units; restore the sign at the end so the split
  // of -x mirrors the split of x.
  const Decimal units_total = negative ? -Decimal(total / unit) : Decimal(total / unit);
  std::vector<std::int64_t> parts(weights.size());
  std::vector<Decimal> rem(weights.size());
  std::int64_t given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    Decimal exact = units_total * weights[i] / sum;
    Decimal fl = floor(exact);
    parts[i] = fl.convert_to<std::int64_t>();
    rem[i] = exact - fl;
    given += parts[i];
  }
  std::int64_t left = units_total.convert_to<std::int64_t>() - given;
  GFUND_ASSERT(left >= 0 && left <= static_cast<std::int64_t>(weights.size()));
  std::vector<size_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rem[a] > rem[b]; });
  for (std::int64_t k = 0; k < left; ++k) parts[order[static_cast<size_t>(k)]] += 1;
  for (auto& p : parts) p = (negative ? -p : p) * unit;
  return parts;
}

}  // namespace gfund
