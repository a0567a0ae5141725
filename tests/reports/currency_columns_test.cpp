// A money column mixing currencies is split per currency for the workbook;
// a one-currency column is left alone.
#include <gtest/gtest.h>

#include "reports/currency_columns.hpp"

namespace gfund::reports {
namespace {

TEST(CurrencyColumns, AMixedColumnBecomesOneColumnPerCurrency) {
  Table t("Banks", {{"bank", ColumnType::text}, {"outstanding", ColumnType::money, "", 2, "Outstanding"},
                    {"fees", ColumnType::money, "USD"}});
  t.add_row({std::string("WING"), Money(usd(), 12345), Money(usd(), 10)});
  t.add_row({std::string("BOOST"), Money(khr(), 4'100'000), Money(usd(), 20)});
  t.add_row({std::string("Total"), std::monostate{}, Money(usd(), 30)});
  t.set_total_rows(1);
  t.set_note("n");
  const Table s = split_currency_columns(t);
  ASSERT_EQ(s.columns().size(), 4u);
  EXPECT_EQ(s.columns()[1].name, "outstanding_USD");
  EXPECT_EQ(s.columns()[1].unit, "USD");
  EXPECT_EQ(s.columns()[2].name, "outstanding_KHR");
  EXPECT_EQ(s.columns()[2].heading(), "Outstanding");
  EXPECT_EQ(std::get<Money>(s.at(0, "outstanding_USD")).minor(), 12345);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(s.at(0, "outstanding_KHR")));
  EXPECT_EQ(std::get<Money>(s.at(1, "outstanding_KHR")).minor(), 4'100'000);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(s.at(1, "outstanding_USD")));
  EXPECT_EQ(std::get<Money>(s.at(2, "fees")).minor(), 30);  // one currency: kept as it was
  EXPECT_EQ(s.total_rows(), 1u);
  EXPECT_EQ(s.note(), "n");
}

TEST(CurrencyColumns, OneCurrencyTablesAreUnchanged) {
  Table t("x", {{"a", ColumnType::money}});
  t.add_row({Money(khr(), 1)});
  t.add_row({Money(khr(), 2)});
  const Table s = split_currency_columns(t);
  ASSERT_EQ(s.columns().size(), 1u);
  EXPECT_EQ(s.columns()[0].name, "a");
}

}  // namespace
}  // namespace gfund::reports
