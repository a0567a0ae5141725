#pragma once
// The book: the as-of snapshot of every live guaranteed loan, one row a loan.
// It is the contract between the ledger (which writes it: `gfund snapshot`)
// and the risk engine (which reads it, never SQLite), so a generated book of
// a million loans runs through the engine exactly like the real ledger's.
//
// CSV columns (header required; pd and lgd optional, empty = model default):
//   loan,bank,association,agreement,sector,province,registration,currency,
//   outstanding,annual_rate,remaining_months,schedule,days_past_due[,pd,lgd]
// outstanding is in major units as written ("1,234.56"); annual_rate and pd
// as fractions or percents ("0.15" / "15%"); lgd as a fraction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/currency.hpp"
#include "models/date.hpp"
#include "models/entities.hpp"
#include "models/ratio.hpp"
#include "models/schedule_type.hpp"

namespace gfund {

struct BookLoan {
  std::string loan;          // bank's loan reference
  std::string bank;          // bank id
  std::string association;   // association id; empty = none
  std::string agreement;     // guarantee agreement id; empty = not guaranteed
  std::string sector;
  std::string province;
  Registration registration = Registration::informal;
  Currency currency;
  std::int64_t outstanding_minor = 0;  // principal outstanding at as_of, minor units, >= 0
  Ratio annual_rate;                   // nominal per year
  int remaining_months = 0;            // scheduled installments left, 1..kTermMonthsMax
  ScheduleType schedule = ScheduleType::annuity;
  int days_past_due = 0;               // >= 0 at as_of
  std::optional<double> pd_annual;     // overrides the model's segment PD, (0, 1)
  std::optional<double> lgd;           // overrides the model's LGD, [0, 1]
};

struct Book {
  Date as_of{};
  std::vector<BookLoan> loans;
};

// Reads a book CSV; every row is validated (DataError naming file:line:field).
// as_of is not in the file; the caller sets it.
Book read_book_csv(const std::string& path);
Book parse_book_csv(std::string_view text, const std::string& file_name);
void write_book_csv(const Book& book, std::ostream& out);

}  // namespace gfund
