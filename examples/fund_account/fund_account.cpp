// Opens a gfund ledger and prints the fund's own account at a date, derived
// from the ledger's events (what `gfund status` shows under "Fund").
//   fund_account LEDGER.db YYYY-MM-DD
#include <iostream>

#include <fmt/format.h>

#include "engine/ledger/fund_account.hpp"
#include "engine/ledger/ledger_data.hpp"
#include "models/errors.hpp"
#include "models/money.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: fund_account LEDGER.db YYYY-MM-DD\n";
    return 64;
  }
  try {
    const gfund::Date as_of = gfund::parse_date(argv[2]);
    const gfund::ledger::LedgerData data = gfund::ledger::read_ledger_file(argv[1]);
    const gfund::ledger::FundAccount a = gfund::ledger::fund_account(data, as_of);
    // Amounts are integer minor units of the fund currency (USD cents).
    auto line = [&](const char* what, std::int64_t minor) {
      std::cout << fmt::format("  {:<22}{:>20}\n", what, gfund::format_money(gfund::Money(data.fund_currency, minor)));
    };
    std::cout << fmt::format("Fund {} at {}\n", data.fund_id, gfund::format_date(as_of));
    line("capital in", a.capital_in_minor);
    line("capital out", a.capital_out_minor);
    line("guarantee fees in", a.fees_in_minor);
    line("claims paid", a.claims_paid_minor);
    line("recoveries", a.recoveries_minor);
    line("balance", a.balance_minor());
    line("claims due, not paid", a.claims_due_minor);
  } catch (const gfund::Error& e) {
    // Typed errors name the file, line, field and rule.
    std::cerr << "fund_account: " << e.what() << "\n";
    return 65;
  }
  return 0;
}
