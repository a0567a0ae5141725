#pragma once
// The terms of one guarantee agreement between the fund and a bank (optionally
// narrowed to one association's members), and the pure rules that turn a
// loss into a claim and a recovery into the fund's share. Both the ledger
// (real claims) and the risk engine (simulated claims) use these rules, so a
// simulated claim is paid exactly as a real one would be.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "models/claim_rules.hpp"
#include "models/date.hpp"
#include "models/money.hpp"
#include "models/ratio.hpp"

namespace gfund {

enum class Structure {
  // Fund and bank share every loss in the coverage ratio; recoveries are
  // shared in the same proportion as the loss was.
  pari_passu,
  // The fund pays `coverage` of each loss (usually 100%) until cumulative
  // claims reach the portfolio cap; recoveries go first to make the bank's
  // own share of that loss whole, then to the fund.
  first_loss,
};
Structure parse_structure(std::string_view text);  // "pari_passu" / "first_loss"
std::string_view to_string(Structure s);

enum class FeePayer { bank, borrower };
FeePayer parse_fee_payer(std::string_view text);
std::string_view to_string(FeePayer p);

struct GuaranteeTermsData {
  Ratio coverage = Ratio::percent(50);     // share of a covered loss the fund pays, (0, 100%]
  Structure structure = Structure::pari_passu;
  std::optional<Money> per_loan_cap;       // most paid on one loan; none = no cap
  std::optional<Money> portfolio_cap;      // most paid on all loans, cumulative (amount)
  std::optional<Ratio> portfolio_cap_rate; // ... or as a share of enrolled (disbursed) volume
  int claim_trigger_dpd = 90;              // days past due before a loan may be claimed, 1..720
  int lock_in_months = 0;                  // months after the agreement starts with no claims, 0..60
  Ratio payout_at_claim = Ratio::percent(100);  // share of the claim paid at claim; rest when recovery ends
  Ratio annual_fee = Ratio::percent(1);         // per year, on guaranteed outstanding
  Ratio fee_surcharge_informal{};               // per year, added for unregistered businesses
  FeePayer fee_payer = FeePayer::bank;
  Date available_from{};                   // loans disbursed in [from, to] are enrolled
  Date available_to{};
  std::string association;                 // only members of this association; empty = all
};

class GuaranteeTerms : public GuaranteeTermsData {
 public:
  GuaranteeTerms() : GuaranteeTerms(GuaranteeTermsData{}) {}
  explicit GuaranteeTerms(GuaranteeTermsData d);
  // Effective cumulative cap for an agreement that enrolled `enrolled` so far:
  // the smaller of the amount cap and rate x enrolled; nullopt = uncapped.
  std::optional<Money> effective_portfolio_cap(const Money& enrolled) const;
  // Annual fee rate for one loan (base + surcharge when informal).
  Ratio fee_rate(bool borrower_informal) const;
  bool enrols(const Date& disbursed) const;
  // The first day a claim may be made: available_from + lock_in_months
  // (none without a start date). The ledger refuses claims dated before it.
  std::optional<Date> claims_open_from() const;
  // The same lock-in on the simulation's monthly grid: the first month
  // (1 = the month after as_of) whose claims, dated claim_date(as_of, m),
  // the ledger accepts; 1 when there is no lock-in or it has ended by as_of.
  int first_claim_month(const Date& as_of) const;
  // Paid at claim under staged payout: payout_at_claim of the fund's share
  // `owed_minor`, rounded once, half-even; the rest is due when recovery ends.
  std::int64_t paid_at_claim(std::int64_t owed_minor) const;
};

// The day the simulation dates a claim of month m (1 = the month after
// as_of): as_of + m months, the month's end when as_of is one. The risk
// engine's lock-in and the claim replay test both use it.
Date claim_date(const Date& as_of, int month);

struct AgreementData {
  std::string id;         // "WING-2019"
  std::string bank;       // bank id
  Currency currency;      // claims are paid in this currency
  GuaranteeTerms terms;
};
class Agreement : public AgreementData {
 public:
  explicit Agreement(AgreementData d);
};

// The first field in which two agreements' terms differ, as stored and as
// given (for idempotency: the same id with other terms is an error that
// names the field, e.g. "portfolio_cap: 40,000.00 USD vs 45,000.00 USD").
// Compares typed values, field by field; none when the terms are equal.
struct TermsDifference {
  std::string field, stored, given;
};
std::optional<TermsDifference> first_difference(const Agreement& stored, const Agreement& given);

// --- claim and recovery rules (pure) -----------------------------------------

// Which limit decided a claim amount.
enum class ClaimLimit { none, per_loan_cap, portfolio_cap, fund_balance };
std::string_view to_string(ClaimLimit l);

struct ClaimSplit {
  std::int64_t fund_minor = 0;  // the fund pays this (>= 0)
  std::int64_t bank_minor = 0;  // the bank keeps this loss; fund + bank == loss
  ClaimLimit limit = ClaimLimit::none;
};

// Splits a defaulted loan's loss (EAD x LGD, or outstanding at claim, in
// minor units, >= 0) between fund and bank:
//   covered = round_half_even(loss x coverage), then capped by the per-loan
//   cap, by what is left under the portfolio cap (cap - claimed_to_date) and
//   by the fund's available balance. Caps and balance < 0 mean "none".
// Invariant: 0 <= fund <= loss, fund + bank == loss.
// Products in `Wide` (see models/claim_rules.hpp): split_claim is the
// __int128 form; the hot loop's int64 form is the same code.
template <class Wide>
ClaimSplit split_claim_in(std::int64_t loss_minor, Ratio coverage, std::int64_t per_loan_cap_minor,
                          std::int64_t portfolio_room_minor, std::int64_t fund_available_minor) {
  using namespace claim_rules;
  const auto limit_or_none = [](std::int64_t x) { return x < 0 ? kNoLimit : x; };
  const std::int64_t covered = apply_ppm<Wide>(loss_minor, coverage.ppm);
  const std::int64_t per_loan = limit_or_none(per_loan_cap_minor), room = limit_or_none(portfolio_room_minor);
  ClaimSplit out;
  std::int64_t pay = capped_claim(covered, per_loan, room);
  // The limit that decided is named: the portfolio cap only when it is
  // below both the covered share and the per-loan cap.
  if (pay < covered)
    out.limit = room < std::min(covered, per_loan) ? ClaimLimit::portfolio_cap : ClaimLimit::per_loan_cap;
  if (pay > limit_or_none(fund_available_minor)) {
    pay = fund_available_minor;
    out.limit = ClaimLimit::fund_balance;
  }
  out.fund_minor = std::max<std::int64_t>(pay, 0);
  out.bank_minor = loss_minor - out.fund_minor;
  return out;
}
ClaimSplit split_claim(std::int64_t loss_minor, Ratio coverage, std::int64_t per_loan_cap_minor,
                       std::int64_t portfolio_room_minor, std::int64_t fund_available_minor);

// Money recovered from a defaulted loan after a claim: the part owed back to
// the fund. `fund_paid` and `loss` are the claim and the loss it covered;
// `recovered_before` is what was already recovered on this loan.
// Pari passu: pro rata, fund share = fund_paid / loss (largest remainder on
// the cumulative total, so successive recoveries never drift by a unit).
// First loss: the bank's own share (loss - fund_paid) is made whole first.
// Result is within [0, recovered] and cumulative fund share <= fund_paid.
template <class Wide>
std::int64_t recovery_to_fund_in(Structure s, std::int64_t recovered_minor, std::int64_t recovered_before_minor,
                                 std::int64_t fund_paid_minor, std::int64_t loss_minor) {
  using namespace claim_rules;
  // Cumulative shares, so the sum over many recoveries equals the share of
  // their sum: no unit is lost or gained by splitting a recovery.
  const auto fund_share = [&](std::int64_t recovered) {
    return s == Structure::pari_passu ? pro_rata_recovery<Wide>(recovered, fund_paid_minor, loss_minor)
                                      : first_loss_recovery(recovered, fund_paid_minor, loss_minor);
  };
  return fund_share(recovered_before_minor + recovered_minor) - fund_share(recovered_before_minor);
}
std::int64_t recovery_to_fund(Structure s, std::int64_t recovered_minor, std::int64_t recovered_before_minor,
                              std::int64_t fund_paid_minor, std::int64_t loss_minor);

}  // namespace gfund
