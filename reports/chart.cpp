#include "reports/chart.hpp"

#include <cmath>

#include <fmt/format.h>

#include "models/errors.hpp"

namespace gfund::reports {

bool Chart::empty() const {
  std::size_t n = kind == ChartKind::histogram ? (bin_edges.empty() ? 0 : bin_edges.size() - 1) : categories.size();
  if (n == 0) return true;
  for (const auto& s : series)
    if (!s.values.empty()) return false;
  return true;
}

void validate(const Chart& c) {
  auto fail = [&](const std::string& rule) {
    throw Error(ErrorKind::internal, fmt::format("chart '{}': {}", c.title, rule));
  };
  std::size_t n = c.categories.size();
  if (c.kind == ChartKind::histogram) {
    if (!c.categories.empty()) fail("a histogram takes bin edges, not categories");
    if (c.bin_edges.size() == 1) fail("a histogram needs at least two bin edges");
    for (std::size_t i = 1; i < c.bin_edges.size(); ++i)
      if (!(c.bin_edges[i] > c.bin_edges[i - 1])) fail("bin edges must increase");
    n = c.bin_edges.empty() ? 0 : c.bin_edges.size() - 1;
    if (c.series.size() > 1) fail("a histogram has one series");
  } else if (!c.markers.empty()) {
    fail("markers are drawn on histograms only");
  }
  for (const auto& s : c.series) {
    if (s.values.size() != n)
      fail(fmt::format("series '{}' has {} values for {} categories", s.name, s.values.size(), n));
    for (double v : s.values)
      if (!std::isfinite(v) && !(std::isnan(v) && c.kind == ChartKind::line))
        fail(fmt::format("series '{}' has a value that is not finite", s.name));
  }
  for (const auto& m : c.markers)
    if (!std::isfinite(m.x)) fail(fmt::format("marker '{}' is not finite", m.label));
}

}  // namespace gfund::reports
