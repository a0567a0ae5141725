#include "reports/number_format.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace gfund::reports {
namespace {


// Decimals needed so that ticks `step` apart print differently.
int decimals_for_step(double step) {
  if (step <= 0 || !std::isfinite(step)) return 0;
  int d = static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  // 2.5 x 10^k needs one more digit than 10^k.
  double scaled = step * std::pow(10.0, d);
  if (std::fabs(scaled - std::round(scaled)) > 1e-6) ++d;
  return std::clamp(d, 0, 6);
}

}  // namespace

std::string group_number(double value, int decimals) {
  std::string s = fmt::format("{:.{}f}", value, decimals);
  // "-0.00" reads as a loss; a rounded zero is zero.
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return group_digits(s);
}

std::string format_tick(double v, ValueFormat f, double step) {
  switch (f) {
    case ValueFormat::percent: return group_number(v * 100.0, decimals_for_step(step * 100.0)) + "%";
    case ValueFormat::integer: return group_number(v, 0);
    case ValueFormat::money:
    case ValueFormat::number: {
      if (std::fabs(v) < std::fabs(step) * 1e-9) return "0";  // not "0k"
      double a = std::max(std::fabs(v), std::fabs(step));
      if (a >= 1e9) return group_number(v / 1e9, decimals_for_step(step / 1e9)) + "B";
      if (a >= 1e6) return group_number(v / 1e6, decimals_for_step(step / 1e6)) + "M";
      if (a >= 1e4) return group_number(v / 1e3, decimals_for_step(step / 1e3)) + "k";
      return group_number(v, decimals_for_step(step));
    }
  }
  return group_number(v, 2);
}

std::string compact(double v) {
  double a = std::fabs(v);
  const char* suffix = "";
  double scaled = v;
  if (a >= 1e9) scaled = v / 1e9, suffix = "B";
  else if (a >= 1e6) scaled = v / 1e6, suffix = "M";
  else if (a >= 1e3) scaled = v / 1e3, suffix = "k";
  double s = std::fabs(scaled);
  int decimals = s >= 100 ? 0 : s >= 10 ? 1 : 2;
  std::string t = fmt::format("{:.{}f}", scaled, decimals);
  if (t.find('.') != std::string::npos) {
    while (t.back() == '0') t.pop_back();
    if (t.back() == '.') t.pop_back();
  }
  return group_number(std::stod(t), static_cast<int>(t.find('.') == std::string::npos ? 0 : t.size() - t.find('.') - 1)) + suffix;
}

std::string format_value(double v, ValueFormat f) {
  switch (f) {
    case ValueFormat::percent: return group_number(v * 100.0, 2) + "%";
    case ValueFormat::integer: return group_number(v, 0);
    case ValueFormat::money:
    case ValueFormat::number: return group_number(v, 2);
  }
  return group_number(v, 2);
}

Ticks nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (hi < lo) std::swap(lo, hi);
  if (hi - lo < 1e-12) {
    // A flat series still needs an axis: open it around the value.
    double pad = std::fabs(hi) > 0 ? std::fabs(hi) * 0.5 : 1.0;
    if (lo >= 0) lo = std::max(0.0, lo - pad); else lo -= pad;
    hi += pad;
  }
  double raw = (hi - lo) / std::max(1, target);
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  Ticks t;
  t.step = step;
  t.first = std::floor(lo / step + 1e-9) * step;
  double last = std::ceil(hi / step - 1e-9) * step;
  t.count = std::max(2, static_cast<int>(std::lround((last - t.first) / step)) + 1);
  return t;
}

std::string group_digits(const std::string& plain) {
  bool neg = !plain.empty() && plain[0] == '-';
  std::string body = neg ? plain.substr(1) : plain;
  auto dot = body.find('.');
  std::string ip = body.substr(0, dot), frac = dot == std::string::npos ? "" : body.substr(dot);
  std::string g;
  int n = static_cast<int>(ip.size());
  for (int i = 0; i < n; ++i) {
    g += ip[static_cast<std::size_t>(i)];
    if (int left = n - 1 - i; left > 0 && left % 3 == 0) g += ',';
  }
  return (neg ? "-" : "") + g + frac;
}

}  // namespace gfund::reports
