// Text in the CSV files gfund reads and writes: formula-leading cells are
// defused on the way out and restored on the way back in, numbers are never
// touched, and text that is not UTF-8 is refused where it stands.
#include <gtest/gtest.h>

#include <sstream>

#include "engine/portfolio/book.hpp"
#include "engine/portfolio/csv.hpp"
#include "models/errors.hpp"
#include "models/text.hpp"

namespace gfund {
namespace {

TEST(CsvText, FormulaEscapeIsReversedExactly) {
  for (const char* s : {"=1+2", "+855", "-L9", "@SUM(A1)", "\tx", "\rx", "'=x", "''-x", "'x", "'", "Wing", "", "a=b"}) {
    const std::string escaped = escape_csv_formula(s);
    EXPECT_EQ(unescape_csv_formula(escaped), s) << s;
  }
  EXPECT_EQ(escape_csv_formula("=1+2"), "'=1+2");
  EXPECT_EQ(escape_csv_formula("'=1+2"), "''=1+2");  // so it reads back with its own apostrophe
  EXPECT_EQ(escape_csv_formula("'x"), "'x");         // nothing a spreadsheet would run
}

TEST(CsvText, BookRoundTripKeepsFormulaTextAndDefusesIt) {
  Book book;
  BookLoan b;
  b.loan = "-L9";
  b.bank = "WING";
  b.sector = "=1+2";
  b.province = "@SUM(A1)";
  b.currency = usd();
  b.outstanding_minor = 12'345;
  b.annual_rate = parse_ratio("12%");
  b.remaining_months = 6;
  book.loans.push_back(b);
  std::ostringstream out;
  write_book_csv(book, out);
  EXPECT_NE(out.str().find("'-L9,WING,,,'=1+2,'@SUM(A1),"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find(",123.45,"), std::string::npos) << out.str();
  const Book back = parse_book_csv(out.str(), "book.csv");
  ASSERT_EQ(back.loans.size(), 1u);
  EXPECT_EQ(back.loans[0].loan, "-L9");
  EXPECT_EQ(back.loans[0].sector, "=1+2");
  EXPECT_EQ(back.loans[0].province, "@SUM(A1)");
}

TEST(CsvText, InvalidUtf8IsRefusedNamingLineAndColumn) {
  const std::string_view cols[] = {"id", "name"};
  try {
    CsvTable::parse("id,name\nA,ok\nB,caf\xE9\n", "banks.csv", cols);
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::data);
    EXPECT_STREQ(e.what(), "banks.csv:3: field 'name': is not valid UTF-8 text (byte 4); save the file as UTF-8");
  }
}

TEST(CsvText, Utf8RulesOfRfc3629) {
  EXPECT_EQ(utf8_error_offset("Phnom Penh \xE1\x9E\x97\xE1\x9F\x92"), std::string_view::npos);  // Khmer
  EXPECT_EQ(utf8_error_offset("\xF0\x9F\x98\x80"), std::string_view::npos);                    // U+1F600
  EXPECT_EQ(utf8_error_offset("a\x80"), 1u);                    // a lone continuation byte
  EXPECT_EQ(utf8_error_offset("\xC0\xAF"), 0u);                 // overlong '/'
  EXPECT_EQ(utf8_error_offset("\xE0\x80\xAF"), 0u);             // overlong, three bytes
  EXPECT_EQ(utf8_error_offset("\xED\xA0\x80"), 0u);             // a UTF-16 surrogate
  EXPECT_EQ(utf8_error_offset("\xF4\x90\x80\x80"), 0u);         // above U+10FFFF
  EXPECT_EQ(utf8_error_offset("ab\xE1\x9E"), 2u);               // cut short at the end
}

}  // namespace
}  // namespace gfund
