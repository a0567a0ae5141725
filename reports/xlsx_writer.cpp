#include "reports/xlsx_writer.hpp"

#include "reports/currency_columns.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "models/errors.hpp"
#include "reports/atomic_file.hpp"
#include "reports/number_format.hpp"
#include "reports/svg_chart.hpp"

namespace gfund::reports {
namespace {

constexpr lxw_row_t kMaxRows = 1'048'576;  // Excel's sheet limit
constexpr int kChartRows = 18;            // rows a chart takes, with a gap
constexpr int kChartCols = 11;            // columns a chart takes at the scale below
constexpr double kChartScaleX = 1.3, kChartScaleY = 1.15;

std::string sheet_name_from(const std::string& wanted, std::set<std::string>& used) {
  std::string s;
  for (char c : wanted) s += std::string("[]:*?/\\").find(c) == std::string::npos ? c : ' ';
  while (!s.empty() && (s.front() == ' ' || s.front() == '\'')) s.erase(0, 1);
  if (s.size() > 31) s.resize(31);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\'')) s.pop_back();
  if (s.empty()) s = "Sheet";
  std::string base = s;
  for (int k = 2; used.count(s); ++k) {
    std::string suffix = fmt::format(" {}", k);
    s = base.substr(0, 31 - suffix.size()) + suffix;
  }
  used.insert(s);
  return s;
}

lxw_color_t parse_color(const std::string& hex) {
  if (hex.size() == 7 && hex[0] == '#') return static_cast<lxw_color_t>(std::stoul(hex.substr(1), nullptr, 16));
  return 0x1f5c99;
}

std::string money_format(int minor_digits) {
  return minor_digits > 0 ? "#,##0." + std::string(static_cast<std::size_t>(minor_digits), '0') : "#,##0";
}

std::string value_format(ValueFormat f) {
  switch (f) {
    case ValueFormat::percent: return "0.0%";
    case ValueFormat::money:
    case ValueFormat::integer: return "#,##0";
    case ValueFormat::number: return "#,##0.00";
  }
  return "General";
}

class Writer {
 public:
  explicit Writer(const std::string& path) {
    lxw_workbook_options opt{};
    opt.constant_memory = LXW_FALSE;  // charts and frozen panes need the whole sheet
    wb_ = workbook_new_opt(path.c_str(), &opt);
    if (!wb_) throw IoError(fmt::format("cannot create workbook {}", path));
  }
  ~Writer() {
    if (wb_) workbook_close(wb_);  // only on an exception path: frees memory
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void close(const std::string& path) {
    lxw_error e = workbook_close(wb_);
    wb_ = nullptr;
    if (e != LXW_NO_ERROR) throw IoError(fmt::format("cannot write workbook {}: {}", path, lxw_strerror(e)));
  }

  // A format by number format and style flags; cached, as Excel limits them.
  lxw_format* fmt_of(const std::string& num, bool bold = false, bool header = false, bool total = false,
                     bool right = false, double size = 0, bool muted = false) {
    std::string key = fmt::format("{}|{}|{}|{}|{}|{}|{}", num, bold, header, total, right, size, muted);
    if (auto it = formats_.find(key); it != formats_.end()) return it->second;
    lxw_format* f = workbook_add_format(wb_);
    if (!num.empty()) format_set_num_format(f, num.c_str());
    if (bold || header || total) format_set_bold(f);
    if (header) {
      format_set_bottom(f, LXW_BORDER_MEDIUM);
      format_set_text_wrap(f);
      format_set_align(f, LXW_ALIGN_VERTICAL_BOTTOM);
      format_set_bg_color(f, 0xEEF1F4);
    }
    if (total) {
      format_set_top(f, LXW_BORDER_THIN);
      format_set_bg_color(f, 0xF4F6F8);
    }
    if (right) format_set_align(f, LXW_ALIGN_RIGHT);
    if (size > 0) format_set_font_size(f, size);
    if (muted) format_set_font_color(f, 0x5F6B7A);
    formats_[key] = f;
    return f;
  }

  void about_sheet(const Document& doc, const std::vector<std::string>& names) {
    lxw_worksheet* ws = add_sheet(names[0]);
    worksheet_set_column(ws, 0, 0, 24, nullptr);
    worksheet_set_column(ws, 1, 1, 60, nullptr);
    lxw_row_t r = 0;
    text(ws, r++, 0, doc.title, fmt_of("", true, false, false, false, 16));
    if (!doc.subtitle.empty()) text(ws, r++, 0, doc.subtitle, fmt_of("", false, false, false, false, 0, true));
    ++r;
    for (const auto& [k, v] : doc.facts) {
      text(ws, r, 0, k, fmt_of("", true));
      text(ws, r++, 1, v, nullptr);
    }
    ++r;
    text(ws, r++, 0, "Sheets", fmt_of("", true, false, false, false, 12));
    for (std::size_t i = 0; i < doc.sections.size(); ++i) {
      text(ws, r, 0, names[i + 1], nullptr);
      text(ws, r++, 1, doc.sections[i].intro, fmt_of("", false, false, false, false, 0, true));
    }
    if (!doc.footer.empty()) {
      ++r;
      text(ws, r, 0, doc.footer, fmt_of("", false, false, false, false, 0, true));
    }
  }

  void section_sheet(const Section& s, const std::string& name) {
    lxw_worksheet* ws = add_sheet(name);
    lxw_row_t r = 0;
    text(ws, r++, 0, s.heading, fmt_of("", true, false, false, false, 14));
    if (!s.intro.empty()) text(ws, r++, 0, s.intro, fmt_of("", false, false, false, false, 0, true));
    ++r;
    std::size_t max_cols = 1;
    std::map<lxw_col_t, std::size_t> widths;
    bool frozen = false;
    for (const auto& b : s.blocks) {
      if (const auto* t = std::get_if<Table>(&b)) {
        if (r + t->rows().size() + 4 >= kMaxRows)
          throw DataError(fmt::format("table '{}' has {} rows: more than an Excel sheet holds", t->title(), t->rows().size()));
        // Never two currencies in one column a spreadsheet would sum.
        const Table one_currency_columns = split_currency_columns(*t);
        r = table(ws, one_currency_columns, r, widths, frozen);
        max_cols = std::max(max_cols, one_currency_columns.columns().size());
      } else if (const auto* p = std::get_if<Paragraph>(&b)) {
        text(ws, r++, 0, p->text, nullptr);
        ++r;
      }
    }
    for (const auto& [c, w] : widths)
      worksheet_set_column(ws, c, c, std::clamp(static_cast<double>(w) + 2.0, 10.0, 42.0), nullptr);
    // Charts to the right of the tables; their data further right.
    lxw_col_t chart_col = static_cast<lxw_col_t>(max_cols + 1);
    lxw_col_t data_col = static_cast<lxw_col_t>(chart_col + kChartCols);
    lxw_row_t chart_row = 3, data_row = 3;
    for (const auto& b : s.blocks) {
      if (const auto* c = std::get_if<Chart>(&b)) {
        data_row = chart(ws, name, *c, chart_row, chart_col, data_row, data_col);
        chart_row += kChartRows;
      }
    }
  }

 private:
  lxw_worksheet* add_sheet(const std::string& name) {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
    if (!ws) throw Error(ErrorKind::internal, fmt::format("workbook: sheet name '{}' refused", name));
    // Print settings: A4 landscape, one page wide (as many tall as needed),
    // the sheet's name and page number in the footer.
    worksheet_set_paper(ws, 9);  // 9 = A4 in the Excel paper codes
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_footer(ws, "&L&A&RPage &P of &N");
    return ws;
  }

  static void text(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::string& s, lxw_format* f) {
    worksheet_write_string(ws, r, c, s.c_str(), f);
  }

  lxw_format* cell_format(const Column& col, const Cell& cell, bool total) {
    bool right = col.type != ColumnType::text && col.type != ColumnType::date;
    switch (col.type) {
      case ColumnType::money: {
        int d = std::holds_alternative<Money>(cell) ? std::get<Money>(cell).currency().minor_digits : 2;
        return fmt_of(money_format(d), false, false, total, right);
      }
      case ColumnType::integer: return fmt_of("#,##0", false, false, total, right);
      case ColumnType::ratio: return fmt_of("0.00%", false, false, total, right);
      case ColumnType::percent:
        return fmt_of(col.decimals > 0 ? "0." + std::string(static_cast<std::size_t>(col.decimals), '0') + "%" : "0%", false,
                      false, total, right);
      case ColumnType::number:
        return fmt_of(col.decimals > 0 ? "#,##0." + std::string(static_cast<std::size_t>(col.decimals), '0') : "#,##0",
                      false, false, total, right);
      case ColumnType::date: return fmt_of("yyyy-mm-dd", false, false, total);
      case ColumnType::text: return fmt_of("", false, false, total);
    }
    return nullptr;
  }

  void write_cell(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const Cell& cell, lxw_format* f) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            worksheet_write_blank(ws, r, c, f);
          } else if constexpr (std::is_same_v<T, std::string>) {
            worksheet_write_string(ws, r, c, v.c_str(), f);
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            worksheet_write_number(ws, r, c, static_cast<double>(v), f);
          } else if constexpr (std::is_same_v<T, Money>) {
            // minor / 10^d in one division: the nearest double to the exact amount.
            worksheet_write_number(ws, r, c, static_cast<double>(v.minor()) / static_cast<double>(v.currency().minor_per_major()), f);
          } else if constexpr (std::is_same_v<T, Ratio>) {
            worksheet_write_number(ws, r, c, v.to_double(), f);
          } else if constexpr (std::is_same_v<T, double>) {
            worksheet_write_number(ws, r, c, v, f);
          } else {
            lxw_datetime dt{static_cast<int>(v.year()), static_cast<int>(static_cast<unsigned>(v.month())),
                            static_cast<int>(static_cast<unsigned>(v.day())), 0, 0, 0.0};
            worksheet_write_datetime(ws, r, c, &dt, f);
          }
        },
        cell);
  }

  lxw_row_t table(lxw_worksheet* ws, const Table& t, lxw_row_t r, std::map<lxw_col_t, std::size_t>& widths, bool& frozen) {
    const auto& cols = t.columns();
    if (!t.title().empty()) text(ws, r++, 0, t.title(), fmt_of("", true, false, false, false, 12));
    for (std::size_t i = 0; i < cols.size(); ++i) {
      std::string h = cols[i].unit.empty() ? cols[i].heading() : cols[i].heading() + " (" + cols[i].unit + ")";
      bool right = cols[i].type != ColumnType::text && cols[i].type != ColumnType::date;
      text(ws, r, static_cast<lxw_col_t>(i), h, fmt_of("", true, true, false, right));
      auto& w = widths[static_cast<lxw_col_t>(i)];
      w = std::max(w, std::min<std::size_t>(h.size(), 18));  // headers wrap
    }
    worksheet_set_row(ws, r, 30, nullptr);
    ++r;
    if (!frozen) {
      worksheet_freeze_panes(ws, r, 0);
      worksheet_repeat_rows(ws, r - 1, r - 1);  // the first table's header on every printed page
      frozen = true;
    }
    const auto& rows = t.rows();
    std::size_t first_total = rows.size() - std::min(rows.size(), t.total_rows());
    // Widths from a sample: formatting every cell of a 100k-row table twice is waste.
    std::size_t sample_every = std::max<std::size_t>(1, rows.size() / 2000);
    for (std::size_t k = 0; k < rows.size(); ++k, ++r) {
      bool total = k >= first_total;
      for (std::size_t i = 0; i < cols.size(); ++i) {
        write_cell(ws, r, static_cast<lxw_col_t>(i), rows[k][i], cell_format(cols[i], rows[k][i], total));
        if (k % sample_every == 0 || total) {
          auto& w = widths[static_cast<lxw_col_t>(i)];
          w = std::max(w, format_cell(rows[k][i], cols[i]).size());
        }
      }
    }
    if (rows.empty()) text(ws, r++, 0, "Nothing to show", fmt_of("", false, false, false, false, 0, true));
    if (!t.note().empty()) text(ws, r++, 0, t.note(), fmt_of("", false, false, false, false, 0, true));
    return r + 1;
  }

  // Where a chart's data block was written.
  struct ChartData {
    lxw_row_t first = 0, last = 0, next = 0;  // data rows [first, last]; next free row
    std::string marker_text;                  // "VaR 99% 71,000; ..." for the x-axis name
  };

  // The chart's data block at (data_row, data_col): a header row, one row
  // per category or bin, then the markers.
  ChartData chart_data(lxw_worksheet* ws, const Chart& c, lxw_row_t data_row, lxw_col_t data_col) {
    lxw_row_t r = data_row;
    text(ws, r++, data_col, "Chart data: " + c.title, fmt_of("", true));
    const bool hist = c.kind == ChartKind::histogram;
    const std::size_t n = hist ? (c.bin_edges.empty() ? 0 : c.bin_edges.size() - 1) : c.categories.size();
    std::string xhead = c.x_title.empty() ? (hist ? "From" : "Category") : (hist ? "From: " + c.x_title : c.x_title);
    text(ws, r, data_col, xhead, fmt_of("", true, true));
    for (std::size_t k = 0; k < c.series.size(); ++k)
      text(ws, r, static_cast<lxw_col_t>(data_col + 1 + k), c.series[k].name.empty() ? c.y_title : c.series[k].name,
           fmt_of("", true, true, false, true));
    worksheet_set_column(ws, data_col, data_col, 16, nullptr);
    ChartData d;
    d.first = ++r;
    lxw_format* yf = fmt_of(value_format(c.y_format));
    for (std::size_t i = 0; i < n; ++i, ++r) {
      if (hist) worksheet_write_number(ws, r, data_col, c.bin_edges[i], fmt_of(value_format(c.x_format)));
      else text(ws, r, data_col, c.categories[i], nullptr);
      for (std::size_t k = 0; k < c.series.size(); ++k) {
        double v = c.series[k].values[i];
        if (std::isnan(v)) continue;  // a gap in the line
        worksheet_write_number(ws, r, static_cast<lxw_col_t>(data_col + 1 + k), v, yf);
      }
    }
    d.last = r - 1;
    for (const auto& m : c.markers) {
      text(ws, r, data_col, m.label, fmt_of("", true));
      worksheet_write_number(ws, r++, static_cast<lxw_col_t>(data_col + 1), m.x, fmt_of(value_format(c.x_format)));
      d.marker_text += fmt::format("{}{} {}", d.marker_text.empty() ? "" : "; ", m.label, format_value(m.x, c.x_format));
    }
    d.next = r + 1;
    return d;
  }

  // A series' line (with markers when there are few points) or fill.
  static void style_series(lxw_chart_series* s, ChartKind kind, lxw_color_t colour, std::size_t points) {
    if (kind != ChartKind::line) {
      lxw_chart_fill fill{};
      fill.color = colour;
      chart_series_set_fill(s, &fill);
      return;
    }
    lxw_chart_line line{};
    line.color = colour;
    line.width = 2.25;
    chart_series_set_line(s, &line);
    chart_series_set_marker_type(s, points <= 36 ? LXW_CHART_MARKER_CIRCLE : LXW_CHART_MARKER_NONE);
    if (points > 36) return;
    chart_series_set_marker_size(s, 4);
    lxw_chart_fill mf{};
    mf.color = colour;
    chart_series_set_marker_fill(s, &mf);
    lxw_chart_line ml{};
    ml.color = colour;
    chart_series_set_marker_line(s, &ml);
  }

  // Writes the chart's data block at (data_row, data_col) and the chart at
  // (chart_row, chart_col); returns the next free data row.
  lxw_row_t chart(lxw_worksheet* ws, const std::string& sheet, const Chart& c, lxw_row_t chart_row, lxw_col_t chart_col,
                  lxw_row_t data_row, lxw_col_t data_col) {
    validate(c);
    const ChartData d = chart_data(ws, c, data_row, data_col);
    if (c.empty()) {
      text(ws, chart_row, chart_col, c.title + ": no data", fmt_of("", false, false, false, false, 0, true));
      return d.next;
    }
    const bool hist = c.kind == ChartKind::histogram;
    uint8_t type = c.kind == ChartKind::line ? LXW_CHART_LINE
                   : c.kind == ChartKind::stacked_bar ? LXW_CHART_COLUMN_STACKED
                                                      : LXW_CHART_COLUMN;
    lxw_chart* ch = workbook_add_chart(wb_, type);
    chart_title_set_name(ch, c.title.c_str());
    lxw_chart_font title_font{};
    title_font.size = 12;
    title_font.bold = LXW_TRUE;
    chart_title_set_name_font(ch, &title_font);
    for (std::size_t k = 0; k < c.series.size(); ++k) {
      lxw_chart_series* s = chart_add_series(ch, nullptr, nullptr);
      chart_series_set_categories(s, sheet.c_str(), d.first, data_col, d.last, data_col);
      lxw_col_t vc = static_cast<lxw_col_t>(data_col + 1 + k);
      chart_series_set_values(s, sheet.c_str(), d.first, vc, d.last, vc);
      chart_series_set_name_range(s, sheet.c_str(), d.first - 1, vc);
      style_series(s, c.kind, parse_color(c.series[k].color.empty() ? palette()[k % palette().size()] : c.series[k].color),
                   d.last + 1 - d.first);
    }
    if (hist) chart_set_series_gap(ch, 3);
    if (c.kind == ChartKind::stacked_bar) chart_set_series_overlap(ch, 100);
    std::string xname = c.x_title;
    if (!d.marker_text.empty()) xname += (xname.empty() ? "" : "  |  ") + d.marker_text;
    if (!xname.empty()) chart_axis_set_name(ch->x_axis, xname.c_str());
    if (!c.y_title.empty()) chart_axis_set_name(ch->y_axis, c.y_title.c_str());
    chart_axis_set_num_format(ch->y_axis, c.y_format == ValueFormat::percent ? "0%" : value_format(c.y_format).c_str());
    if (hist) chart_axis_set_num_format(ch->x_axis, value_format(c.x_format).c_str());
    lxw_chart_line grid{};
    grid.color = 0xE3E7EC;
    chart_axis_major_gridlines_set_line(ch->y_axis, &grid);
    chart_legend_set_position(ch, c.series.size() > 1 ? LXW_CHART_LEGEND_TOP : LXW_CHART_LEGEND_NONE);
    lxw_chart_options opt{};
    opt.x_scale = kChartScaleX;
    opt.y_scale = kChartScaleY;
    std::string description = c.title;
    opt.description = description.data();
    worksheet_insert_chart_opt(ws, chart_row, chart_col, ch, &opt);
    return d.next;
  }

  lxw_workbook* wb_ = nullptr;
  std::map<std::string, lxw_format*> formats_;
};

}  // namespace

std::vector<std::string> workbook_sheet_names(const Document& doc) {
  std::set<std::string> used;
  std::vector<std::string> names{sheet_name_from("About", used)};
  for (const auto& s : doc.sections) names.push_back(sheet_name_from(s.sheet.empty() ? s.heading : s.sheet, used));
  return names;
}

void write_workbook_xlsx(const Document& doc, const std::string& path) {
  auto names = workbook_sheet_names(doc);
  produce_file_atomically(path, [&](const std::string& tmp) {
    Writer w(tmp);
    w.about_sheet(doc, names);
    for (std::size_t i = 0; i < doc.sections.size(); ++i) w.section_sheet(doc.sections[i], names[i + 1]);
    w.close(path);
  });
}

}  // namespace gfund::reports
