#pragma once
// The fund's own account as double entries, for its accountant: every dated
// movement of fund money to as_of (the one sweep of fund_movements.hpp, so
// the books agree with the fund account to the cent) plus the guarantee fees
// earned to as_of accrued in one entry on as_of. Every entry has debits =
// credits; the trial balance (each account's debits - credits) sums to zero;
// cash equals the fund balance, claims payable the claims owed, fees
// receivable the fees earned less received. Minor units of the fund currency.
#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/ledger/ledger_data.hpp"

namespace gfund::ledger {

// Chart of accounts; debit-normal: cash, fees receivable, claims expense.
enum class GlAccount { cash, fees_receivable, claims_payable, fund_capital, fee_income, recoveries, claims_expense };
inline constexpr int kGlAccounts = 7;
std::string_view to_string(GlAccount a);  // "1000 Cash", "1100 Guarantee fees receivable", ...

struct GlLine {
  GlAccount account = GlAccount::cash;
  std::int64_t debit_minor = 0;   // >= 0; one of debit / credit is 0
  std::int64_t credit_minor = 0;  // >= 0
};

struct GlEntry {
  int number = 0;              // 1, 2, ... in date order
  Date date{};
  std::string memo;            // "capital in", "claim (WING-2019)", ...
  std::vector<GlLine> lines;   // debits = credits
};

struct TrialBalanceRow {
  GlAccount account = GlAccount::cash;
  std::int64_t debit_minor = 0, credit_minor = 0;     // totals over the journal
  std::int64_t balance_minor() const { return debit_minor - credit_minor; }  // > 0 debit balance
};

struct GeneralLedger {
  std::vector<GlEntry> journal;
  std::vector<TrialBalanceRow> trial_balance;  // one per account, in GlAccount order; balances sum to 0
};

// `fees_accrued_minor`: the guarantee fees earned to as_of (FundView's,
// the status's one accrual rule), booked on as_of.
GeneralLedger general_ledger(const LedgerData& data, const Date& as_of, std::int64_t fees_accrued_minor);

}  // namespace gfund::ledger
