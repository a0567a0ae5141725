#pragma once
// CSV as banks send it: RFC 4180 quoting ("a ""quoted"" field", embedded
// commas and newlines), CRLF or LF line ends, an optional UTF-8 BOM, a
// header row. Lives in the lowest engine layer because both the ledger's
// import and the risk engine's book files read it.
//
// CsvTable checks the header against the columns a file must and may have:
// a missing required column, an unknown column, a duplicate column, a row
// with the wrong number of fields, a field that is not UTF-8, an empty file
// and a file that is not text are DataErrors naming the file, the line and
// the field.
#include <cstddef>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gfund {

struct CsvRow {
  long line = 0;                    // 1-based physical line where the record starts
  std::vector<std::string> fields;  // unquoted field values
};

class CsvTable {
 public:
  // Parses `text` (the whole file). `file` is the name used in messages.
  // `required` columns must all be present; `optional` columns may be; any
  // other header is an error. Header names are compared case-insensitively
  // after trimming spaces.
  static CsvTable parse(std::string_view text, std::string file, std::span<const std::string_view> required,
                        std::span<const std::string_view> optional = {});
  // Reads a file (NoInputError if missing) then parses it.
  static CsvTable read(const std::string& path, std::span<const std::string_view> required,
                       std::span<const std::string_view> optional = {});

  const std::string& file() const { return file_; }
  const std::vector<CsvRow>& rows() const { return rows_; }
  bool has(std::string_view column) const;
  // Field of `row` in `column` (trimmed). Empty string if the column is absent.
  std::string_view get(const CsvRow& row, std::string_view column) const;
  // As get, but a missing/empty value is a DataError naming file:line:column.
  std::string_view require(const CsvRow& row, std::string_view column) const;

 private:
  std::string file_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<CsvRow> rows_;
};

// A text cell a spreadsheet would run as a formula (first character = + - @,
// tab or CR, e.g. a sector "=1+2" or "-2+3") gets a leading apostrophe, so
// Excel shows it as text. Every CSV gfund writes passes its text cells (never
// its numbers: -12.50 stays a number) through here. Text that is apostrophes
// then such a character gains one more, so unescape_csv_formula gives back
// exactly what was escaped when gfund reads its own file again.
std::string escape_csv_formula(std::string_view text);
std::string_view unescape_csv_formula(std::string_view cell);

// Writes one CSV field, quoting when needed (comma, quote, CR/LF, leading or
// trailing space).
void write_csv_field(std::ostream& out, std::string_view value);
// Writes a row of fields separated by commas and ended by "\n".
void write_csv_row(std::ostream& out, std::span<const std::string> fields);

}  // namespace gfund
