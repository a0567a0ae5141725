#pragma once
// Reads an .xlsx back for tests, with `unzip` (no network, no spreadsheet
// library): the parts list, sheet names in order, and cell values.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gfund::testing {

class XlsxReader {
 public:
  explicit XlsxReader(std::string path);
  std::vector<std::string> parts() const;                 // every entry in the zip
  std::string part(const std::string& name) const;        // one entry's text
  const std::vector<std::string>& sheet_names() const { return sheet_names_; }
  std::string sheet_xml(const std::string& sheet) const;  // the worksheet part of a sheet by name
  // Raw <v> text of a cell ("12345678.9"), a shared string resolved, or
  // nullopt for an absent or blank cell. `is_string` tells which.
  std::optional<std::string> cell(const std::string& sheet, const std::string& ref, bool* is_string = nullptr) const;

 private:
  std::string path_;
  std::vector<std::string> sheet_names_;
  std::map<std::string, std::string> sheet_part_;  // name -> xl/worksheets/sheetN.xml
  std::vector<std::string> shared_;
};

}  // namespace gfund::testing
