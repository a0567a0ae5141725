// Terminal tables fit the window: a table wider than max_width is printed in
// column blocks, each repeating the key column; without a limit (files,
// pipes) every row stays on one line.
#include <gtest/gtest.h>

#include <sstream>

#include "reports/table.hpp"

namespace gfund::reports {
namespace {

Table wide_table() {
  std::vector<Column> cols{{"bank", ColumnType::text}};
  for (int i = 0; i < 12; ++i) cols.push_back({"measure_" + std::to_string(i), ColumnType::money, "USD"});
  Table t("Wide", cols);
  for (const char* bank : {"WING", "BOOST"}) {
    std::vector<Cell> row{std::string(bank)};
    for (int i = 0; i < 12; ++i) row.push_back(Money(usd(), 123'456'789 + i));
    t.add_row(row);
  }
  t.set_note("note");
  return t;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

TEST(TextWidth, AWideTableIsCutIntoBlocksThatFitEachWithTheKeyColumn) {
  const Table t = wide_table();
  const std::string whole = render_text(t);
  std::size_t widest = 0;
  for (const auto& l : lines_of(whole)) widest = std::max(widest, l.size());
  ASSERT_GT(widest, 100u);  // the table does not fit 100 columns as one block
  const std::string fitted = render_text(t, {.max_width = 100});
  for (const auto& l : lines_of(fitted)) EXPECT_LE(l.size(), 100u) << l;
  for (int i = 0; i < 12; ++i)
    EXPECT_NE(fitted.find("measure_" + std::to_string(i) + " (USD)"), std::string::npos) << i;
  std::size_t blocks = 0, wing_rows = 0;
  for (const auto& l : lines_of(fitted)) {
    blocks += l.rfind("bank", 0) == 0 ? 1 : 0;
    wing_rows += l.rfind("WING", 0) == 0 ? 1 : 0;
  }
  EXPECT_GE(blocks, 2u);
  EXPECT_EQ(wing_rows, blocks);  // every block repeats the key
  EXPECT_EQ(fitted.find("Wide"), 0u);
  EXPECT_EQ(fitted.substr(fitted.size() - 5), "note\n");
  EXPECT_NE(fitted.find("1,234,567.89"), std::string::npos);
}

TEST(TextWidth, ATableThatFitsIsOneBlockAsWithoutALimit) {
  Table t("Narrow", {{"a", ColumnType::text}, {"b", ColumnType::integer}});
  t.add_row({std::string("x"), std::int64_t{1}});
  EXPECT_EQ(render_text(t, {.max_width = 80}), render_text(t));
}

}  // namespace
}  // namespace gfund::reports
