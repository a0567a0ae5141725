#pragma once
// The one typed table every result is rendered from (after OREData's
// Report): columns with a type and a unit, rows of typed cells. Tests assert
// on the in-memory table; terminal text, CSV, JSON, XLSX and HTML are
// renderings of it, so the numbers cannot differ between formats.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "models/date.hpp"
#include "models/money.hpp"
#include "models/ratio.hpp"

namespace gfund::reports {

enum class ColumnType {
  text,     // std::string
  integer,  // std::int64_t (counts, days, months)
  money,    // Money (exact minor units, currency shown in the cell or the unit)
  ratio,    // Ratio, shown as a percent
  number,   // double (statistics: probabilities, multipliers, standard errors)
  percent,  // double in [0, 1] shown as a percent (simulated probabilities)
  date,     // Date
};

struct Column {
  std::string name;             // header, e.g. "outstanding"
  ColumnType type = ColumnType::text;
  std::string unit;             // e.g. "USD", "%/yr", "days"; shown in headers
  int decimals = 2;             // for number / percent columns
  std::string label;            // header for people ("Outstanding"); empty = name.
                                // CSV/JSON keep `name`, so machines see stable keys.
  const std::string& heading() const { return label.empty() ? name : label; }
};

using Cell = std::variant<std::monostate, std::string, std::int64_t, Money, Ratio, double, Date>;

class Table {
 public:
  Table() = default;
  Table(std::string title, std::vector<Column> columns) : title_(std::move(title)), columns_(std::move(columns)) {}

  // Adds a row; the number of cells must match the columns, and each cell's
  // type must match its column (monostate = empty is allowed anywhere).
  void add_row(std::vector<Cell> cells);

  const std::string& title() const { return title_; }
  const std::vector<Column>& columns() const { return columns_; }
  const std::vector<std::vector<Cell>>& rows() const { return rows_; }
  std::size_t column_index(const std::string& name) const;  // throws if absent
  const Cell& at(std::size_t row, const std::string& column) const;
  void set_note(std::string note) { note_ = std::move(note); }
  const std::string& note() const { return note_; }
  // The last `n` rows are totals (drawn bold, below a rule); 0 = none.
  void set_total_rows(std::size_t n) { total_rows_ = n; }
  std::size_t total_rows() const { return total_rows_; }
  // A register too long for a board pack: the HTML page shows at most `n`
  // of the rows before the totals, the first ones or (a time series) the
  // latest ones; 0 = none, a line pointing to the workbook. The workbook,
  // CSV and JSON carry every row. Default: no limit of its own
  // (HtmlOptions::max_table_rows applies, first rows).
  enum class PageKeep { first, latest };
  void set_page_rows(std::size_t n, PageKeep keep = PageKeep::first) { page_rows_ = n, page_keep_ = keep; }
  std::size_t page_rows() const { return page_rows_; }
  PageKeep page_keep() const { return page_keep_; }

 private:
  std::string title_;
  std::vector<Column> columns_;
  std::vector<std::vector<Cell>> rows_;
  std::string note_;  // shown under the table (seed, as-of date, units)
  std::size_t total_rows_ = 0;
  std::size_t page_rows_ = SIZE_MAX;
  PageKeep page_keep_ = PageKeep::first;
};

// A cell as people read it: "1,234.56", "12.5%", "2025-03-31".
std::string format_cell(const Cell& cell, const Column& column, bool thousands = true);

struct TextOptions {
  bool color = false;         // ANSI bold headers; only on a TTY and when NO_COLOR is unset
  std::size_t max_width = 0;  // characters a line may take; 0 = no limit (files and pipes keep whole rows)
};
// Aligned plain-text table: text left, numbers right, thousands separators.
// A table wider than max_width is printed in column blocks that fit, each
// repeating the first (key) column, one block under the other.
std::string render_text(const Table& table, const TextOptions& options = {});
// What a table on stdout should use: colour as use_color_on_stdout(), and on
// a terminal its width (the window's, else $COLUMNS, else 100); no limit when
// stdout is a file or a pipe.
TextOptions stdout_text_options();

// CSV: header row then rows; money as plain decimal major units ("1234.56");
// text cells starting with = + - @ (or tab/CR) are prefixed with ' so a
// spreadsheet never runs them as formulas (escape_csv_formula,
// engine/portfolio/csv.hpp).
void render_csv(const Table& table, std::ostream& out);
// The same CSV in parts, for a table too long to hold as cells (one row per
// simulated scenario): the header row, then one row at a time. Each cell's
// type must match its column, as Table::add_row requires.
void render_csv_header(const std::vector<Column>& columns, std::ostream& out);
void render_csv_row(const std::vector<Column>& columns, const std::vector<Cell>& row, std::ostream& out);

// JSON: {"title", "columns":[{name,type,unit}], "rows":[{col: value}]}.
// Money is {"minor": 123456, "currency": "USD", "text": "1234.56"}: integer
// minor units and an exact string, never a float.
nlohmann::json to_json(const Table& table);

// Should terminal output use colour? isatty(stdout) and NO_COLOR unset.
bool use_color_on_stdout();

}  // namespace gfund::reports
