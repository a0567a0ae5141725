#include "reports/table.hpp"

#include <algorithm>
#include <cstdlib>
#include <ostream>
#include <sys/ioctl.h>
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

namespace {

// A table's cells as text, with each column's width (header included).
struct TextCells {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> width;
};

TextCells text_cells(const Table& t) {
  const auto& cols = t.columns();
  TextCells c;
  for (const auto& col : cols) {
    c.headers.push_back(col.unit.empty() ? col.heading() : fmt::format("{} ({})", col.heading(), col.unit));
    c.width.push_back(c.headers.back().size());
  }
  for (const auto& r : t.rows()) {
    std::vector<std::string> line;
    for (std::size_t i = 0; i < cols.size(); ++i) {
      line.push_back(format_cell(r[i], cols[i]));
      c.width[i] = std::max(c.width[i], line.back().size());
    }
    c.rows.push_back(std::move(line));
  }
  return c;
}

// Column blocks that fit `max_width`: the key (the leading text columns, at
// most 3 and at most half the width), then as many of the rest as fit; every
// later block starts with the key again. One block of all columns when there
// is no limit or the table fits.
std::vector<std::vector<std::size_t>> column_blocks(const std::vector<Column>& cols, const std::vector<std::size_t>& width,
                                                    std::size_t max_width) {
  std::vector<std::size_t> key{0};
  std::size_t key_width = width[0];
  for (std::size_t i = 1; i < cols.size() && i < 3 && cols[i].type == ColumnType::text; ++i) {
    if (max_width && 2 * (key_width + 2 + width[i]) > max_width) break;
    key.push_back(i);
    key_width += 2 + width[i];
  }
  std::vector<std::vector<std::size_t>> blocks{key};
  std::size_t used = key_width;
  for (std::size_t i = key.size(); i < width.size(); ++i) {
    if (max_width && used + 2 + width[i] > max_width && blocks.back().size() > key.size()) {
      blocks.push_back(key);
      used = key_width;
    }
    blocks.back().push_back(i);
    used += 2 + width[i];
  }
  return blocks;
}

}  // namespace

std::string render_text(const Table& t, const TextOptions& opt) {
  const auto& cols = t.columns();
  if (cols.empty()) return t.title().empty() ? "" : t.title() + "\n";
  const TextCells c = text_cells(t);
  std::string out;
  if (!t.title().empty()) out += (opt.color ? "\x1b[1m" + t.title() + "\x1b[0m" : t.title()) + "\n";
  const auto blocks = column_blocks(cols, c.width, opt.max_width);
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const auto& block = blocks[b];
    auto emit = [&](const std::vector<std::string>& line, bool header) {
      std::string l;
      for (std::size_t k = 0; k < block.size(); ++k) {
        const std::size_t i = block[k];
        if (k) l += "  ";
        l += right_aligned(cols[i].type) ? fmt::format("{:>{}}", line[i], c.width[i])
                                         : fmt::format("{:<{}}", line[i], c.width[i]);
      }
      while (!l.empty() && l.back() == ' ') l.pop_back();
      if (header && opt.color) l = "\x1b[1m" + l + "\x1b[0m";
      out += l + "\n";
    };
    if (b) out += "\n";
    emit(c.headers, true);
    std::string rule;
    for (std::size_t k = 0; k < block.size(); ++k) rule += (k ? "  " : "") + std::string(c.width[block[k]], '-');
    out += rule + "\n";
    for (const auto& line : c.rows) emit(line, false);
  }
  if (!t.note().empty()) out += t.note() + "\n";
  return out;
}

TextOptions stdout_text_options() {
  TextOptions o;
  o.color = use_color_on_stdout();
  if (isatty(STDOUT_FILENO) == 0) return o;
  winsize ws{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
    o.max_width = ws.ws_col;
  } else if (const char* cols = std::getenv("COLUMNS"); cols && std::atoi(cols) > 0) {
    o.max_width = static_cast<std::size_t>(std::atoi(cols));
  } else {
    o.max_width = 100;
  }
  return o;
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
