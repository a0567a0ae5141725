#pragma once
// Machine exports of a Document: every table as its own CSV file, or the
// whole document as one JSON value. Column meanings are documented in the
// table JSON ("columns": name, type, unit) and in the CSV header
// (name_unit); money is never a float (see table.hpp).
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "reports/document.hpp"

namespace gfund::reports {

// Writes one CSV per table into `dir` (created if missing), named
// "<nn>-<section>-<table>.csv" in document order, each written atomically.
// Returns the paths written. Throws IoError naming the path.
std::vector<std::string> write_csv_tables(const Document& doc, const std::string& dir);

// {"title", "subtitle", "facts": {k: v}, "sections": [{"heading", "intro",
//   "tables": [table JSON as to_json(Table)], "charts": [{"title", "kind",
//   "categories"|"bin_edges", "series": [{"name", "values"}], "markers",
//   "x_title", "y_title"}], "kpis": [{"label", "value"(as a table cell), "detail"}]}]}
nlohmann::json to_json(const Document& doc);
nlohmann::json to_json(const Chart& chart);

// What `gfund report --json` prints once the files are written:
// {"format": "html"|"xlsx"|"csv"|"json", "as_of": "YYYY-MM-DD", "files": [paths]}.
nlohmann::json written_files_json(const std::string& format, const std::string& as_of,
                                  const std::vector<std::string>& files);

}  // namespace gfund::reports
