#pragma once
// A chart described as data, independent of how it is drawn: the HTML
// dashboard draws it as inline SVG (svg_chart.hpp), the workbook as a native
// Excel chart (xlsx_writer.hpp). Views build Charts from engine results;
// renderers know nothing of the engine.
//
// Chart values are doubles: a chart is a picture of numbers whose exact
// figures sit in a Table beside it. Money is given in major units (USD, not
// cents); percentages as fractions (0.05 = 5%).
#include <string>
#include <vector>

namespace gfund::reports {

enum class ChartKind {
  line,         // one line per series over the categories (PAR30/PAR90 by month)
  bar,          // grouped bars per category (contributions by bank)
  stacked_bar,  // series stacked per category (aging buckets by bank)
  histogram,    // contiguous bins over bin_edges, with vertical markers (VaR, ES)
};

// How values on an axis (and in tooltips) are written.
enum class ValueFormat {
  number,   // 1,234.5
  percent,  // fraction shown as 12.3%
  money,    // major units, 1,234 (the unit goes in the axis title)
  integer,  // counts, months
};

struct Series {
  std::string name;            // legend entry, e.g. "PAR30"
  std::vector<double> values;  // one per category (or per bin for histograms);
                               // NaN = no value here (line charts only: the line breaks)
  std::string color;           // "#rrggbb"; empty = the house palette in order
};

// A vertical line at x (in x-axis units) on a histogram: "VaR 99%".
struct Marker {
  std::string label;
  double x = 0.0;
};

struct Chart {
  std::string title;                     // e.g. "Portfolio at risk by month"
  ChartKind kind = ChartKind::line;
  std::vector<std::string> categories;   // x labels (line, bar, stacked_bar)
  std::vector<double> bin_edges;         // histogram only: values.size() + 1 edges, increasing
  std::vector<Series> series;
  std::string x_title;                   // with its unit: "Claims (USD)"
  std::string y_title;                   // with its unit: "% of outstanding"
  ValueFormat x_format = ValueFormat::number;  // histogram x axis
  ValueFormat y_format = ValueFormat::number;
  std::vector<Marker> markers;           // histogram only
  std::string note;                      // one line under the chart (source, seed)
  bool wide = false;                     // spans the dashboard's full width (long time series)

  // True when there is nothing to draw (no categories/bins or every series empty).
  bool empty() const;
};

// Checks the shape: every series has one value per category (or per bin),
// bin edges increase, values are finite. Throws gfund::Error(internal) naming
// the chart: a malformed chart is a bug in the view that built it.
void validate(const Chart& chart);

}  // namespace gfund::reports
