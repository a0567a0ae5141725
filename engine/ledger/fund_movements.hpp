#pragma once
// Every dated movement of the fund's money and of each agreement's totals,
// in one list, and one sweep over it. The fund account at a date, each
// agreement's totals, the "balance never negative" rule and the balance a
// new claim may use are all this sweep, so they cannot disagree.
#include <cstdint>
#include <functional>
#include <vector>

#include "engine/ledger/fund_account.hpp"
#include "engine/ledger/ledger_data.hpp"

namespace gfund::ledger {

enum class MovementKind { capital_in, capital_out, guarantee_fee, claim, claim_settlement, recovery, enrolment };

// One movement, minor units (the fund's currency; agreements pay claims in
// it). Invariant: amount_minor >= 0; owed_minor >= amount_minor for a claim.
struct Movement {
  Date date{};
  MovementKind kind = MovementKind::capital_in;
  std::int64_t amount_minor = 0;  // capital, fee, paid by the fund, recovered to the fund, or disbursed
  std::int64_t owed_minor = 0;    // claim only: the fund's full share (staged payout pays the rest later)
  std::size_t agreement = 0;      // index into LedgerData::agreements + 1; 0 = none
};

// The movements of `data`, in date order (stable: fund events, then loans
// in id order). `skip` leaves loan events out (the writer's staged claims,
// which it decides one by one as its sweep reaches their date).
std::vector<Movement> fund_movements(const LedgerData& data,
                                     const std::function<bool(const LoanEvent&)>& skip = nullptr);

// Running totals of a sweep over movements taken in date order.
class FundSweep {
 public:
  explicit FundSweep(std::size_t agreements) : agreements_(agreements + 1) {}
  void take(const Movement& m);
  // Takes movements[next...] dated on or before `date`; returns the new next.
  std::size_t take_until(const std::vector<Movement>& movements, std::size_t next, const Date& date);

  const FundAccount& account() const { return account_; }
  // What a new claim may use: the balance less what earlier claims still
  // owe (staged payout promised it), never below zero.
  std::int64_t available_minor() const { return account_.available_minor(); }
  // Agreement a's totals (a = index into LedgerData::agreements).
  const AgreementTotals& agreement(std::size_t a) const { return agreements_[a + 1]; }

 private:
  FundAccount account_;
  std::vector<AgreementTotals> agreements_;  // [0] = loans without an agreement
};

}  // namespace gfund::ledger
