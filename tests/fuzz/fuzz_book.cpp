// The book reader (engine/portfolio/book.cpp over csv.cpp): the risk engine's
// only input, written by `gfund snapshot` or by hand. What it accepts must
// survive being written back and read again with the same loans and numbers
// (free text is left out: a CSV writer may escape a formula-leading cell).
#include <cstddef>
#include <cstdint>
#include <sstream>

#include "engine/portfolio/book.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace gfund;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Book book;
  if (!fuzz::refused_or_ran([&] { book = parse_book_csv(fuzz::as_text(data, size), "fuzz_book.csv"); })) return 0;
  std::ostringstream out;
  write_book_csv(book, out);
  Book again = parse_book_csv(out.str(), "rewritten.csv");
  fuzz::require(again.loans.size() == book.loans.size(), "write_book_csv -> parse_book_csv keeps every loan");
  for (std::size_t i = 0; i < book.loans.size(); ++i) {
    const BookLoan& a = book.loans[i];
    const BookLoan& b = again.loans[i];
    fuzz::require(a.loan == b.loan && a.bank == b.bank && a.currency == b.currency &&
                      a.outstanding_minor == b.outstanding_minor && a.annual_rate == b.annual_rate &&
                      a.remaining_months == b.remaining_months && a.days_past_due == b.days_past_due,
                  "write_book_csv -> parse_book_csv keeps ids and numbers");
  }
  return 0;
}
