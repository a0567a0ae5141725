#pragma once
// The terms of one guarantee agreement between the fund and a bank (optionally
// narrowed to one association's members), and the pure rules that turn a
// loss into a claim and a recovery into the fund's share. Both the ledger
// (real claims) and the risk engine (simulated claims) use these rules, so a
// simulated claim is paid exactly as a real one would be.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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
};

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
ClaimSplit split_claim(std::int64_t loss_minor, Ratio coverage, std::int64_t per_loan_cap_minor,
                       std::int64_t portfolio_room_minor, std::int64_t fund_available_minor);

// Money recovered from a defaulted loan after a claim: the part owed back to
// the fund. `fund_paid` and `loss` are the claim and the loss it covered;
// `recovered_before` is what was already recovered on this loan.
// Pari passu: pro rata, fund share = fund_paid / loss (largest remainder on
// the cumulative total, so successive recoveries never drift by a unit).
// First loss: the bank's own share (loss - fund_paid) is made whole first.
// Result is within [0, recovered] and cumulative fund share <= fund_paid.
std::int64_t recovery_to_fund(Structure s, std::int64_t recovered_minor, std::int64_t recovered_before_minor,
                              std::int64_t fund_paid_minor, std::int64_t loss_minor);

}  // namespace gfund
