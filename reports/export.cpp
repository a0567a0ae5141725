#include "reports/export.hpp"

#include <filesystem>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/errors.hpp"
#include "reports/atomic_file.hpp"
#include "reports/escape.hpp"

namespace gfund::reports {

std::vector<std::string> write_csv_tables(const Document& doc, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) throw IoError(fmt::format("cannot create folder {}: {}", dir, ec.message()));
  std::vector<std::string> paths;
  int n = 0;
  for (const auto& [section, table] : all_tables(doc)) {
    std::string name = fmt::format("{:02}-{}-{}.csv", ++n, slug(section->heading), slug(table->title()));
    std::string path = (std::filesystem::path(dir) / name).string();
    std::ostringstream out;
    render_csv(*table, out);
    write_file_atomically(path, out.str());
    paths.push_back(path);
  }
  return paths;
}

nlohmann::json written_files_json(const std::string& format, const std::string& as_of,
                                  const std::vector<std::string>& files) {
  return {{"format", format}, {"as_of", as_of}, {"files", files}};
}

nlohmann::json to_json(const Chart& c) {
  static const char* kinds[] = {"line", "bar", "stacked_bar", "histogram"};
  nlohmann::json j{{"title", c.title}, {"kind", kinds[static_cast<int>(c.kind)]}, {"x_title", c.x_title}, {"y_title", c.y_title}};
  if (c.kind == ChartKind::histogram) j["bin_edges"] = c.bin_edges;
  else j["categories"] = c.categories;
  auto& series = j["series"] = nlohmann::json::array();
  for (const auto& s : c.series) series.push_back({{"name", s.name}, {"values", s.values}});
  if (!c.markers.empty()) {
    auto& m = j["markers"] = nlohmann::json::array();
    for (const auto& mk : c.markers) m.push_back({{"label", mk.label}, {"x", mk.x}});
  }
  if (!c.note.empty()) j["note"] = c.note;
  return j;
}

nlohmann::json to_json(const Document& doc) {
  nlohmann::json j{{"title", doc.title}, {"subtitle", doc.subtitle}};
  auto& facts = j["facts"] = nlohmann::json::object();
  for (const auto& [k, v] : doc.facts) facts[k] = v;
  auto& sections = j["sections"] = nlohmann::json::array();
  for (const auto& s : doc.sections) {
    nlohmann::json js{{"heading", s.heading}, {"intro", s.intro}, {"tables", nlohmann::json::array()},
                      {"charts", nlohmann::json::array()}, {"kpis", nlohmann::json::array()}};
    for (const auto& b : s.blocks) {
      if (const auto* t = std::get_if<Table>(&b)) {
        js["tables"].push_back(to_json(*t));
      } else if (const auto* c = std::get_if<Chart>(&b)) {
        js["charts"].push_back(to_json(*c));
      } else if (const auto* ks = std::get_if<std::vector<Kpi>>(&b)) {
        for (const auto& k : *ks) {
          // A one-row table gives the KPI value the same typed JSON as a cell.
          Column col = k.column;
          col.name = "value";
          Table one("", {col});
          one.add_row({k.value});
          js["kpis"].push_back({{"label", k.label}, {"value", to_json(one)["rows"][0]["value"]}, {"detail", k.detail}});
        }
      }
    }
    sections.push_back(std::move(js));
  }
  if (!doc.footer.empty()) j["footer"] = doc.footer;
  return j;
}

}  // namespace gfund::reports
