#include "reports/document.hpp"

namespace gfund::reports {

std::vector<std::pair<const Section*, const Table*>> all_tables(const Document& doc) {
  std::vector<std::pair<const Section*, const Table*>> out;
  for (const auto& s : doc.sections)
    for (const auto& b : s.blocks)
      if (const auto* t = std::get_if<Table>(&b)) out.emplace_back(&s, t);
  return out;
}

}  // namespace gfund::reports
