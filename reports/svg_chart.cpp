#include "reports/svg_chart.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "reports/escape.hpp"
#include "reports/number_format.hpp"

namespace gfund::reports {
namespace {

// Geometry of the drawing, in viewBox units.
constexpr double kWidth = 600, kWideWidth = 1000;  // viewBox widths: half and full row
constexpr double kLeft = 62, kRight = 14;
constexpr double kLegendRow = 18;  // height of one legend row
constexpr double kAxisText = 12;  // font size of tick labels
constexpr const char* kInk = "#1f2933";
constexpr const char* kMuted = "#5f6b7a";
constexpr const char* kGrid = "#e3e7ec";
constexpr const char* kMarker = "#b42318";

std::string num(double v) { return fmt::format("{:.1f}", v); }

std::string color_of(const Chart& c, std::size_t i) {
  if (i < c.series.size() && !c.series[i].color.empty()) return c.series[i].color;
  return palette()[i % palette().size()];
}

struct Frame {
  double width = kWidth;
  double height = 330;
  double top = 38;     // room for the legend
  double bottom = 56;  // room for x labels and the x title
  double plot_w() const { return width - kLeft - kRight; }
  double plot_h() const { return height - top - bottom; }
};

std::string open_svg(const Chart& c, const Frame& f) {
  return fmt::format(
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" "
      "aria-label=\"{}\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif\">\n",
      num(f.width), num(f.height), escape_xml(c.title));
}

double legend_item_width(const std::string& name) { return 17 + 7.5 * static_cast<double>(name.size()) + 20; }

// Legend rows needed at this width (items wrap rather than run off the edge).
int legend_rows(const Chart& c, double width) {
  if (c.kind == ChartKind::histogram || c.series.size() < 2) return 0;
  int rows = 1;
  double x = kLeft;
  for (const auto& s : c.series) {
    double w = legend_item_width(s.name);
    if (x > kLeft && x + w > width - kRight) ++rows, x = kLeft;
    x += w;
  }
  return rows;
}

std::string legend(const Chart& c, const Frame& f) {
  if (legend_rows(c, f.width) == 0) return {};
  std::string s;
  double x = kLeft, y = 12;
  for (std::size_t i = 0; i < c.series.size(); ++i) {
    double w = legend_item_width(c.series[i].name);
    if (x > kLeft && x + w > f.width - kRight) x = kLeft, y += kLegendRow;
    s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" rx=\"2\" fill=\"{}\"/>"
                     "<text x=\"{}\" y=\"{}\" font-size=\"13\" fill=\"{}\">{}</text>\n",
                     num(x), num(y), color_of(c, i), num(x + 17), num(y + 10), kInk, escape_xml(c.series[i].name));
    x += w;
  }
  return s;
}

// Horizontal grid lines and y tick labels; returns the value -> y mapping.
struct YAxis {
  Ticks ticks;
  double top = 0, bottom = 0;
  double y(double v) const {
    double lo = ticks.first, hi = ticks.last();
    return bottom - (v - lo) / (hi - lo) * (bottom - top);
  }
};

YAxis y_axis(double lo, double hi, const Frame& f) {
  YAxis a;
  a.ticks = nice_ticks(std::min(0.0, lo), std::max(0.0, hi), 5);
  a.top = f.top;
  a.bottom = f.top + f.plot_h();
  return a;
}

std::string draw_y_axis(const Chart& c, const YAxis& a, const Frame& f) {
  std::string s;
  for (int i = 0; i < a.ticks.count; ++i) {
    double v = a.ticks.first + a.ticks.step * i;
    double y = a.y(v);
    bool zero = std::fabs(v) < a.ticks.step * 1e-6;
    s += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>"
                     "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"end\" fill=\"{}\">{}</text>\n",
                     num(kLeft), num(kLeft + f.plot_w()), num(y), num(y), zero ? "#9aa5b1" : kGrid, num(kLeft - 8),
                     num(y + 4), kAxisText, kMuted, escape_xml(format_tick(v, c.y_format, a.ticks.step)));
  }
  if (!c.y_title.empty()) {
    double cy = f.top + f.plot_h() / 2;
    s += fmt::format("<text transform=\"translate(16 {}) rotate(-90)\" font-size=\"13\" text-anchor=\"middle\" "
                     "fill=\"{}\">{}</text>\n",
                     num(cy), kMuted, escape_xml(c.y_title));
  }
  return s;
}

std::string draw_x_title(const Chart& c, const Frame& f) {
  if (c.x_title.empty()) return {};
  return fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"middle\" fill=\"{}\">{}</text>\n",
                     num(kLeft + f.plot_w() / 2), num(f.height - 8), kMuted, escape_xml(c.x_title));
}

// Category labels under the plot: every k-th when crowded, slanted when long.
std::string draw_categories(const Chart& c, const Frame& f, const std::vector<double>& xs, bool slant) {
  std::string s;
  std::size_t n = c.categories.size();
  std::size_t every = std::max<std::size_t>(1, (n + 11) / 12);
  double y = f.top + f.plot_h() + 16;
  for (std::size_t i = 0; i < n; i += every) {
    if (slant)
      s += fmt::format("<text transform=\"translate({} {}) rotate(-30)\" font-size=\"{}\" text-anchor=\"end\" "
                       "fill=\"{}\">{}</text>\n",
                       num(xs[i]), num(y - 4), kAxisText, kMuted, escape_xml(c.categories[i]));
    else
      s += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"{}\">{}</text>\n",
                       num(xs[i]), num(y), kAxisText, kMuted, escape_xml(c.categories[i]));
  }
  return s;
}

bool needs_slant(const Chart& c, double band) {
  std::size_t longest = 0;
  for (const auto& l : c.categories) longest = std::max(longest, l.size());
  std::size_t every = std::max<std::size_t>(1, (c.categories.size() + 11) / 12);
  return 7.0 * static_cast<double>(longest) > band * static_cast<double>(every) - 6;
}

Frame frame_for(const Chart& c) {
  Frame f;
  if (c.wide) f.width = kWideWidth;
  if (int rows = legend_rows(c, f.width); rows > 1) {
    f.top += kLegendRow * (rows - 1);
    f.height += kLegendRow * (rows - 1);
  }
  if (c.kind != ChartKind::histogram && !c.categories.empty()) {
    double band = f.plot_w() / static_cast<double>(c.categories.size());
    if (needs_slant(c, band)) {
      std::size_t longest = 0;
      for (const auto& l : c.categories) longest = std::max(longest, l.size());
      double extra = std::min(90.0, 3.4 * static_cast<double>(longest));
      f.bottom += extra;
      f.height += extra;
    }
  }
  return f;
}

std::string tooltip(const std::string& what, double v, ValueFormat fmt_) {
  return fmt::format("<title>{}: {}</title>", escape_xml(what), escape_xml(format_value(v, fmt_)));
}

std::string draw_line(const Chart& c, const Frame& f) {
  double lo = 0, hi = 0;
  for (const auto& s : c.series)
    for (double v : s.values)
      if (!std::isnan(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  YAxis a = y_axis(lo, hi, f);
  std::size_t n = c.categories.size();
  std::vector<double> xs(n);
  for (std::size_t i = 0; i < n; ++i)
    xs[i] = n == 1 ? kLeft + f.plot_w() / 2 : kLeft + 10 + (f.plot_w() - 20) * static_cast<double>(i) / static_cast<double>(n - 1);
  std::string s = draw_y_axis(c, a, f);
  bool dots = n <= 36;
  for (std::size_t k = 0; k < c.series.size(); ++k) {
    const auto& se = c.series[k];
    // A NaN ends a run of points: the line breaks where there is no value.
    std::string pts;
    auto flush = [&] {
      if (pts.find(' ') != std::string::npos)
        s += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.2\" "
                         "stroke-linejoin=\"round\"/>\n",
                         pts, color_of(c, k));
      pts.clear();
    };
    for (std::size_t i = 0; i < n; ++i) {
      if (std::isnan(se.values[i])) {
        flush();
        continue;
      }
      pts += fmt::format("{}{},{}", pts.empty() ? "" : " ", num(xs[i]), num(a.y(se.values[i])));
    }
    flush();
    for (std::size_t i = 0; i < n; ++i) {
      if (std::isnan(se.values[i])) continue;
      s += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\">{}</circle>\n", num(xs[i]),
                       num(a.y(se.values[i])), dots ? "3" : "6", dots ? color_of(c, k) : "transparent",
                       tooltip(se.name + ", " + c.categories[i], se.values[i], c.y_format));
    }
  }
  double band = f.plot_w() / static_cast<double>(std::max<std::size_t>(1, n));
  s += draw_categories(c, f, xs, needs_slant(c, band));
  return s;
}

std::string draw_bars(const Chart& c, const Frame& f, bool stacked) {
  std::size_t n = c.categories.size(), m = c.series.size();
  double lo = 0, hi = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double pos = 0, neg = 0;
    for (const auto& se : c.series) {
      double v = se.values[i];
      if (stacked) (v >= 0 ? pos : neg) += v;
      else lo = std::min(lo, v), hi = std::max(hi, v);
    }
    if (stacked) lo = std::min(lo, neg), hi = std::max(hi, pos);
  }
  YAxis a = y_axis(lo, hi, f);
  double band = f.plot_w() / static_cast<double>(n);
  std::vector<double> xs(n);
  for (std::size_t i = 0; i < n; ++i) xs[i] = kLeft + band * (static_cast<double>(i) + 0.5);
  std::string s = draw_y_axis(c, a, f);
  for (std::size_t i = 0; i < n; ++i) {
    double pos = 0, neg = 0;
    for (std::size_t k = 0; k < m; ++k) {
      double v = c.series[k].values[i];
      double x, w, y0, y1;
      if (stacked) {
        w = std::min(band * 0.62, 64.0);
        x = xs[i] - w / 2;
        double& base = v >= 0 ? pos : neg;
        y0 = a.y(base);
        y1 = a.y(base + v);
        base += v;
      } else {
        double group = std::min(band * 0.78, 44.0 * static_cast<double>(m));
        w = group / static_cast<double>(m);
        x = xs[i] - group / 2 + w * static_cast<double>(k);
        y0 = a.y(0);
        y1 = a.y(v);
      }
      double top = std::min(y0, y1), h = std::fabs(y1 - y0);
      if (h < 0.01) continue;
      s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\">{}</rect>\n", num(x), num(top),
                       num(std::max(1.0, w - (stacked ? 0 : 1.5))), num(h), color_of(c, k),
                       tooltip(c.series[k].name + ", " + c.categories[i], v, c.y_format));
    }
  }
  s += draw_categories(c, f, xs, needs_slant(c, band));
  return s;
}

std::string draw_histogram(const Chart& c, const Frame& f) {
  const auto& e = c.bin_edges;
  const auto& vals = c.series.empty() ? std::vector<double>{} : c.series[0].values;
  double hi = 0;
  for (double v : vals) hi = std::max(hi, v);
  YAxis a = y_axis(0, hi, f);
  double x_lo = e.front(), x_hi = e.back();
  for (const auto& mk : c.markers) x_lo = std::min(x_lo, mk.x), x_hi = std::max(x_hi, mk.x);
  auto x_of = [&](double v) { return kLeft + (v - x_lo) / (x_hi - x_lo) * f.plot_w(); };
  std::string s = draw_y_axis(c, a, f);
  std::string colour = color_of(c, 0);
  for (std::size_t i = 0; i < vals.size(); ++i) {
    double x0 = x_of(e[i]), x1 = x_of(e[i + 1]);
    double y = a.y(vals[i]);
    if (a.y(0) - y < 0.01) continue;
    s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#fff\" "
                     "stroke-width=\"0.5\"><title>{} to {}: {}</title></rect>\n",
                     num(x0), num(y), num(std::max(0.5, x1 - x0)), num(a.y(0) - y), colour,
                     escape_xml(format_value(e[i], c.x_format)), escape_xml(format_value(e[i + 1], c.x_format)),
                     escape_xml(format_value(vals[i], c.y_format)));
  }
  // x ticks on the value scale
  Ticks t = nice_ticks(x_lo, x_hi, 6);
  double base = f.top + f.plot_h();
  for (int i = 0; i < t.count; ++i) {
    double v = t.first + t.step * i;
    if (v < x_lo - 1e-9 * std::fabs(t.step) || v > x_hi + 1e-9 * std::fabs(t.step)) continue;
    s += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#9aa5b1\"/>"
                     "<text x=\"{0}\" y=\"{3}\" font-size=\"{4}\" text-anchor=\"middle\" fill=\"{5}\">{6}</text>\n",
                     num(x_of(v)), num(base), num(base + 4), num(base + 16), kAxisText, kMuted,
                     escape_xml(format_tick(v, c.x_format, t.step)));
  }
  // Markers, labels staggered so close ones (VaR 99%, ES 99%) stay legible.
  std::vector<Marker> ms = c.markers;
  std::sort(ms.begin(), ms.end(), [](const Marker& p, const Marker& q) { return p.x < q.x; });
  for (std::size_t i = 0; i < ms.size(); ++i) {
    double x = x_of(ms[i].x);
    double ly = f.top + 12 + 14.0 * static_cast<double>(i % 4);
    bool right_half = x > kLeft + f.plot_w() * 0.7;
    s += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"{3}\" stroke-width=\"1.5\" "
                     "stroke-dasharray=\"5 3\"/><text x=\"{4}\" y=\"{5}\" font-size=\"12\" text-anchor=\"{6}\" "
                     "fill=\"{3}\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{7} {8}</text>\n",
                     num(x), num(f.top), num(base), kMarker, num(right_half ? x - 4 : x + 4), num(ly),
                     right_half ? "end" : "start", escape_xml(ms[i].label),
                     escape_xml(c.x_format == ValueFormat::percent ? format_value(ms[i].x, c.x_format) : compact(ms[i].x)));
  }
  return s;
}

}  // namespace

const std::vector<std::string>& palette() {
  static const std::vector<std::string> p{"#1f5c99", "#e08a1e", "#2a9d8f", "#c0392b",
                                          "#7b61a8", "#7f8c8d", "#a39b2c", "#d16ba5"};
  return p;
}

std::string render_svg(const Chart& c) {
  validate(c);
  Frame f = frame_for(c);
  std::string s = open_svg(c, f);
  if (c.empty()) {
    s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#f6f8fa\" stroke=\"{}\"/>"
                     "<text x=\"{}\" y=\"{}\" font-size=\"14\" text-anchor=\"middle\" fill=\"{}\">No data</text>\n",
                     num(kLeft), num(f.top), num(f.plot_w()), num(f.plot_h()), kGrid, num(kLeft + f.plot_w() / 2),
                     num(f.top + f.plot_h() / 2), kMuted);
    return s + "</svg>";
  }
  s += legend(c, f);
  switch (c.kind) {
    case ChartKind::line: s += draw_line(c, f); break;
    case ChartKind::bar: s += draw_bars(c, f, false); break;
    case ChartKind::stacked_bar: s += draw_bars(c, f, true); break;
    case ChartKind::histogram: s += draw_histogram(c, f); break;
  }
  s += draw_x_title(c, f);
  return s + "</svg>";
}

}  // namespace gfund::reports
