#include "reports/table.hpp"

#include <algorithm>
#include <cstdlib>
#include <ostream>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/portfolio/csv.hpp"
#include "models/errors.hpp"
#include "reports/number_format.hpp"

namespace gfund::reports {
namespace {

bool type_ok(const Cell& c, ColumnType t) {
  if (std::holds_alternative<std::monostate>(c)) return true;
  switch (t) {
    case ColumnType::text: return std::holds_alternative<std::string>(c);
    case ColumnType::integer: return std::holds_alternative<std::int64_t>(c);
    case ColumnType::money: return std::holds_alternative<Money>(c);
    case ColumnType::ratio: return std::holds_alternative<Ratio>(c);
    case ColumnType::number:
    case ColumnType::percent: return std::holds_alternative<double>(c);
    case ColumnType::date: return std::holds_alternative<Date>(c);
  }
  return false;
}

std::string_view type_name(ColumnType t) {
  switch (t) {
    case ColumnType::text: return "text";
    case ColumnType::integer: return "integer";
    case ColumnType::money: return "money";
    case ColumnType::ratio: return "ratio";
    case ColumnType::number: return "number";
    case ColumnType::percent: return "percent";
    case ColumnType::date: return "date";
  }
  return "?";
}


bool right_aligned(ColumnType t) { return t != ColumnType::text && t != ColumnType::date; }

}  // namespace

void Table::add_row(std::vector<Cell> cells) {
  if (cells.size() != columns_.size())
    throw Error(ErrorKind::internal, fmt::format("table '{}': row has {} cells for {} columns", title_, cells.size(), columns_.size()));
  for (size_t i = 0; i < cells.size(); ++i)
    if (!type_ok(cells[i], columns_[i].type))
      throw Error(ErrorKind::internal, fmt::format("table '{}': column '{}' expects {}", title_, columns_[i].name, type_name(columns_[i].type)));
  rows_.push_back(std::move(cells));
}

std::size_t Table::column_index(const std::string& name) const {
  for (size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i].name == name) return i;
  throw Error(ErrorKind::internal, fmt::format("table '{}' has no column '{}'", title_, name));
}

const Cell& Table::at(std::size_t row, const std::string& column) const { return rows_.at(row).at(column_index(column)); }

std::string format_cell(const Cell& cell, const Column& col, bool thousands) {
  return std::visit(
      [&](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return "";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return thousands ? group_digits(std::to_string(v)) : std::to_string(v);
        } else if constexpr (std::is_same_v<T, Money>) {
          std::string s = format_plain(v);
          s = thousands ? group_digits(s) : s;
          if (col.unit.empty()) s += fmt::format(" {}", v.currency().code_view());
          return s;
        } else if constexpr (std::is_same_v<T, Ratio>) {
          return format_percent(v);
        } else if constexpr (std::is_same_v<T, double>) {
          if (col.type == ColumnType::percent) return fmt::format("{:.{}f}%", v * 100.0, col.decimals);
          std::string s = fmt::format("{:.{}f}", v, col.decimals);
          return thousands ? group_digits(s) : s;
        } else {
          return format_date(v);
        }
      },
      cell);
}

std::string render_text(const Table& t, const TextOptions& opt) {
  const auto& cols = t.columns();
  std::vector<std::string> headers;
  std::vector<size_t> width(cols.size());
  for (size_t i = 0; i < cols.size(); ++i) {
    headers.push_back(cols[i].unit.empty() ? cols[i].heading() : fmt::format("{} ({})", cols[i].heading(), cols[i].unit));
    width[i] = headers[i].size();
  }
  std::vector<std::vector<std::string>> cells;
  for (const auto& r : t.rows()) {
    std::vector<std::string> line;
    for (size_t i = 0; i < cols.size(); ++i) {
      line.push_back(format_cell(r[i], cols[i]));
      width[i] = std::max(width[i], line.back().size());
    }
    cells.push_back(std::move(line));
  }
  std::string out;
  if (!t.title().empty()) out += (opt.color ? "\x1b[1m" + t.title() + "\x1b[0m" : t.title()) + "\n";
  auto emit = [&](const std::vector<std::string>& line, bool header) {
    std::string l;
    for (size_t i = 0; i < cols.size(); ++i) {
      if (i) l += "  ";
      bool right = !header ? right_aligned(cols[i].type) : right_aligned(cols[i].type);
      l += right ? fmt::format("{:>{}}", line[i], width[i]) : fmt::format("{:<{}}", line[i], width[i]);
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    if (header && opt.color) l = "\x1b[1m" + l + "\x1b[0m";
    out += l + "\n";
  };
  emit(headers, true);
  std::string rule;
  for (size_t i = 0; i < cols.size(); ++i) rule += (i ? "  " : "") + std::string(width[i], '-');
  out += rule + "\n";
  for (const auto& line : cells) emit(line, false);
  if (!t.note().empty()) out += t.note() + "\n";
  return out;
}

void render_csv_header(const std::vector<Column>& columns, std::ostream& out) {
  std::vector<std::string> f;
  for (const auto& c : columns) f.push_back(c.unit.empty() ? c.name : fmt::format("{}_{}", c.name, c.unit));
  write_csv_row(out, f);
}

void render_csv_row(const std::vector<Column>& columns, const std::vector<Cell>& row, std::ostream& out) {
  GFUND_ASSERT(row.size() == columns.size());
  std::vector<std::string> f;
  f.reserve(row.size());
  for (size_t i = 0; i < row.size(); ++i) {
    GFUND_ASSERT(type_ok(row[i], columns[i].type));  // what add_row checks for a held table
    if (std::holds_alternative<std::string>(row[i])) {
      f.push_back(escape_csv_formula(std::get<std::string>(row[i])));
    } else if (std::holds_alternative<Money>(row[i])) {
      f.push_back(format_plain(std::get<Money>(row[i])));  // no code: the header or a currency column says it
    } else if (std::holds_alternative<Ratio>(row[i])) {
      f.push_back(to_string(std::get<Ratio>(row[i]).to_decimal(), 6));
    } else if (std::holds_alternative<double>(row[i])) {
      f.push_back(fmt::format("{:.10g}", std::get<double>(row[i])));
    } else {
      f.push_back(format_cell(row[i], columns[i], false));
    }
  }
  write_csv_row(out, f);
}

void render_csv(const Table& t, std::ostream& out) {
  render_csv_header(t.columns(), out);
  for (const auto& r : t.rows()) render_csv_row(t.columns(), r, out);
}

nlohmann::json to_json(const Table& t) {
  nlohmann::json j;
  j["title"] = t.title();
  auto& cols = j["columns"] = nlohmann::json::array();
  for (const auto& c : t.columns()) cols.push_back({{"name", c.name}, {"type", type_name(c.type)}, {"unit", c.unit}});
  auto& rows = j["rows"] = nlohmann::json::array();
  for (const auto& r : t.rows()) {
    nlohmann::json row = nlohmann::json::object();
    for (size_t i = 0; i < r.size(); ++i) {
      const auto& name = t.columns()[i].name;
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) row[name] = nullptr;
            else if constexpr (std::is_same_v<T, std::string>) row[name] = v;
            else if constexpr (std::is_same_v<T, std::int64_t>) row[name] = v;
            else if constexpr (std::is_same_v<T, Money>)
              row[name] = {{"minor", v.minor()}, {"currency", std::string(v.currency().code_view())}, {"text", format_plain(v)}};
            else if constexpr (std::is_same_v<T, Ratio>) row[name] = {{"ppm", v.ppm}, {"text", format_percent(v)}};
            else if constexpr (std::is_same_v<T, double>) row[name] = v;
            else row[name] = format_date(v);
          },
          r[i]);
    }
    rows.push_back(std::move(row));
  }
  if (!t.note().empty()) j["note"] = t.note();
  return j;
}

bool use_color_on_stdout() {
  const char* nc = std::getenv("NO_COLOR");
  if (nc && *nc) return false;
  return isatty(STDOUT_FILENO) != 0;
}

}  // namespace gfund::reports
