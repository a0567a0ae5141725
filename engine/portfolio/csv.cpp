#include "engine/portfolio/csv.hpp"

#include <algorithm>
#include <cctype>
#include <ostream>

#include <fmt/format.h>

#include "engine/portfolio/input_file.hpp"
#include "models/errors.hpp"
#include "models/text.hpp"

namespace gfund {
namespace {

std::string norm(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Splits the text into records. Bounded by the text length: each iteration
// consumes at least one character.
std::vector<CsvRow> split_records(std::string_view text, const std::string& file) {
  std::vector<CsvRow> rows;
  size_t i = 0;
  long line = 1;
  const size_t n = text.size();
  while (i < n) {
    CsvRow row;
    row.line = line;
    std::string field;
    bool in_quotes = false, was_quoted = false, end_of_record = false;
    while (i < n && !end_of_record) {
      char c = text[i];
      if (in_quotes) {
        if (c == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field += '"';
            i += 2;
          } else {
            in_quotes = false;
            ++i;
          }
        } else {
          if (c == '\n') ++line;
          field += c;
          ++i;
        }
        continue;
      }
      if (c == '"') {
        if (!trim(field).empty())
          throw DataError("a quote inside an unquoted field (quote the whole field)", ErrorSite{file, line, {}});
        field.clear();
        in_quotes = was_quoted = true;
        ++i;
      } else if (c == ',') {
        row.fields.push_back(std::move(field));
        field.clear();
        was_quoted = false;
        ++i;
      } else if (c == '\r' || c == '\n') {
        if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
        ++i;
        ++line;
        end_of_record = true;
      } else {
        if (was_quoted && !std::isspace(static_cast<unsigned char>(c)))
          throw DataError("text after a closing quote", ErrorSite{file, line, {}});
        field += c;
        ++i;
      }
    }
    if (in_quotes) throw DataError("a quoted field is never closed", ErrorSite{file, row.line, {}});
    row.fields.push_back(std::move(field));
    // Skip blank lines (a lone empty field).
    if (row.fields.size() == 1 && trim(row.fields[0]).empty()) continue;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

CsvTable CsvTable::parse(std::string_view text, std::string file, std::span<const std::string_view> required,
                         std::span<const std::string_view> optional) {
  CsvTable t;
  t.file_ = std::move(file);
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.find('\0') != std::string_view::npos)
    throw DataError("is not a CSV text file (it holds binary data)", ErrorSite{t.file_, 0, {}});
  auto records = split_records(text, t.file_);
  if (records.empty()) throw DataError("is empty (expected a header row)", ErrorSite{t.file_, 0, {}});
  const CsvRow& header = records.front();
  for (size_t k = 0; k < header.fields.size(); ++k) {
    std::string name = norm(header.fields[k]);
    if (name.empty()) throw DataError(fmt::format("header column {} has no name", k + 1), ErrorSite{t.file_, header.line, {}});
    bool known = std::any_of(required.begin(), required.end(), [&](auto r) { return r == name; }) ||
                 std::any_of(optional.begin(), optional.end(), [&](auto o) { return o == name; });
    if (!known) {
      std::string expected;
      for (auto r : required) expected += fmt::format("{}{}", expected.empty() ? "" : ", ", r);
      for (auto o : optional) expected += fmt::format("{}{}", expected.empty() ? "" : ", ", o);
      throw DataError(fmt::format("unknown column (expected: {})", expected), ErrorSite{t.file_, header.line, name});
    }
    if (!t.index_.emplace(name, k).second)
      throw DataError("column appears twice", ErrorSite{t.file_, header.line, name});
  }
  for (auto r : required)
    if (!t.index_.count(std::string(r))) throw DataError("required column is missing", ErrorSite{t.file_, header.line, std::string(r)});
  for (size_t k = 1; k < records.size(); ++k) {
    auto& row = records[k];
    if (row.fields.size() != header.fields.size())
      throw DataError(fmt::format("has {} fields, the header has {}", row.fields.size(), header.fields.size()),
                      ErrorSite{t.file_, row.line, {}});
    // Every text gfund reads from a CSV is UTF-8, checked once here for all
    // of them: what is stored goes on into JSON and HTML, which require it.
    for (size_t c = 0; c < row.fields.size(); ++c) {
      try {
        check_utf8(row.fields[c], "");
      } catch (Error& e) {
        e.locate(ErrorSite{t.file_, row.line, norm(header.fields[c])});
        throw;
      }
    }
    t.rows_.push_back(std::move(row));
  }
  return t;
}

CsvTable CsvTable::read(const std::string& path, std::span<const std::string_view> required,
                        std::span<const std::string_view> optional) {
  return parse(read_input_file(path, "CSV file"), path, required, optional);
}

bool CsvTable::has(std::string_view column) const { return index_.count(std::string(column)) != 0; }

std::string_view CsvTable::get(const CsvRow& row, std::string_view column) const {
  auto it = index_.find(std::string(column));
  if (it == index_.end()) return {};
  return trim(row.fields[it->second]);
}

std::string_view CsvTable::require(const CsvRow& row, std::string_view column) const {
  auto v = get(row, column);
  if (v.empty()) throw DataError("must not be empty", ErrorSite{file_, row.line, std::string(column)});
  return v;
}

namespace {
// True when `text` is zero or more apostrophes then a formula character.
bool runs_as_formula(std::string_view text) {
  const auto k = text.find_first_not_of('\'');
  if (k == std::string_view::npos) return false;
  const char c = text[k];
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}
}  // namespace

std::string escape_csv_formula(std::string_view text) {
  return runs_as_formula(text) ? "'" + std::string(text) : std::string(text);
}

std::string_view unescape_csv_formula(std::string_view cell) {
  if (!cell.empty() && cell.front() == '\'' && runs_as_formula(cell.substr(1))) cell.remove_prefix(1);
  return cell;
}

void write_csv_field(std::ostream& out, std::string_view v) {
  bool quote = v.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!v.empty() && (std::isspace(static_cast<unsigned char>(v.front())) ||
                               std::isspace(static_cast<unsigned char>(v.back()))));
  if (!quote) {
    out << v;
    return;
  }
  out << '"';
  for (char c : v) {
    if (c == '"') out << '"';
    out << c;
  }
  out << '"';
}

void write_csv_row(std::ostream& out, std::span<const std::string> fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out << ',';
    write_csv_field(out, fields[i]);
  }
  out << '\n';
}

}  // namespace gfund
