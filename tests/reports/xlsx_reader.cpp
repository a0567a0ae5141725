#include "xlsx_reader.hpp"

#include <regex>
#include <sstream>
#include <stdexcept>

#include "support/test_support.hpp"

namespace gfund::testing {
namespace {
std::string unescape(std::string s) {
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}}) {
    for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  }
  return s;
}
}  // namespace

XlsxReader::XlsxReader(std::string path) : path_(std::move(path)) {
  std::string wb = part("xl/workbook.xml"), rels = part("xl/_rels/workbook.xml.rels");
  std::map<std::string, std::string> target;
  std::regex rel(R"re(<Relationship Id="([^"]+)"[^>]*Target="([^"]+)")re");
  for (std::sregex_iterator it(rels.begin(), rels.end(), rel), end; it != end; ++it) target[(*it)[1]] = (*it)[2];
  std::regex sheet(R"re(<sheet name="([^"]+)" sheetId="\d+" r:id="([^"]+)")re");
  for (std::sregex_iterator it(wb.begin(), wb.end(), sheet), end; it != end; ++it) {
    std::string name = unescape((*it)[1]);
    sheet_names_.push_back(name);
    sheet_part_[name] = "xl/" + target.at((*it)[2]);
  }
  std::string ss = part("xl/sharedStrings.xml");
  std::regex si(R"re(<si><t(?: [^>]*)?>([^<]*)</t></si>)re");
  for (std::sregex_iterator it(ss.begin(), ss.end(), si), end; it != end; ++it) shared_.push_back(unescape((*it)[1]));
}

std::vector<std::string> XlsxReader::parts() const {
  auto r = run_shell("unzip -Z1 '" + path_ + "'");
  if (r.exit_code != 0) throw std::runtime_error("not a zip: " + path_ + ": " + r.err);
  std::vector<std::string> out;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string XlsxReader::part(const std::string& name) const {
  auto r = run_shell("unzip -p '" + path_ + "' '" + name + "'");
  if (r.exit_code != 0) throw std::runtime_error("no part " + name + " in " + path_);
  return r.out;
}

std::string XlsxReader::sheet_xml(const std::string& sheet) const { return part(sheet_part_.at(sheet)); }

std::optional<std::string> XlsxReader::cell(const std::string& sheet, const std::string& ref, bool* is_string) const {
  std::string xml = sheet_xml(sheet);
  std::regex c("<c r=\"" + ref + "\"([^>]*?)(/>|>(?:<f>[^<]*</f>)?<v>([^<]*)</v></c>)");
  std::smatch m;
  if (!std::regex_search(xml, m, c) || !m[3].matched) return std::nullopt;
  bool str = m[1].str().find("t=\"s\"") != std::string::npos;
  if (is_string) *is_string = str;
  return str ? shared_.at(std::stoul(m[3])) : m[3].str();
}

}  // namespace gfund::testing
