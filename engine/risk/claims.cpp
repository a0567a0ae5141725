#include "engine/risk/claims.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/risk/claim_rules_fast.hpp"
#include "models/errors.hpp"

namespace gfund::risk {

OutcomeLayout layout_of(const PreparedBook& book) {
  return {book.bank_ids.size(), book.association_ids.size(), book.agreement_ids.size()};
}

namespace {
// Amount in `from` minor units -> fund minor units at the model's rate.
std::int64_t to_fund_minor(const Money& m, const Currency& fund, const RiskModel& model) {
  if (m.currency() == fund) return m.minor();
  auto it = model.fx_per_fund_unit.find(std::string(m.currency().code_view()));
  if (it == model.fx_per_fund_unit.end())
    throw DataError(fmt::format("no FX rate {} per {} in the model", m.currency().code_view(), fund.code_view()),
                    {.field = "fx"});
  const double f = static_cast<double>(fund.minor_per_major()) /
                   (it->second * static_cast<double>(m.currency().minor_per_major()));
  return static_cast<std::int64_t>(std::nearbyint(static_cast<double>(m.minor()) * f));
}
// Fund minor units -> an amount in `c` at the model's rate, rounded once.
Money from_fund_minor(double fund_minor, const Currency& c, const Currency& fund, const RiskModel& model) {
  if (c == fund) return Money(c, static_cast<std::int64_t>(std::nearbyint(fund_minor)));
  auto it = model.fx_per_fund_unit.find(std::string(c.code_view()));
  if (it == model.fx_per_fund_unit.end())
    throw DataError(fmt::format("no FX rate {} per {} in the model", c.code_view(), fund.code_view()),
                    {.field = "fx"});
  const double f = it->second * static_cast<double>(c.minor_per_major()) / static_cast<double>(fund.minor_per_major());
  return Money(c, static_cast<std::int64_t>(std::nearbyint(fund_minor * f)));
}
}  // namespace

ClaimsSetup make_claims_setup(const PreparedBook& book, const std::vector<Agreement>& agreements,
                              const RiskModel& model, const FundInputs& fund) {
  if (fund.capital_minor < 0) throw DataError("fund capital must be >= 0", {.field = "capital"});
  ClaimsSetup cs;
  cs.capital_minor = fund.capital_minor;
  cs.recovery_lag_months = model.recovery_lag_months;
  GFUND_ASSERT(agreements.size() == book.agreement_ids.size());
  for (const Agreement& a : agreements) {
    ClaimRule r;
    r.id = a.id;
    r.structure = a.terms.structure;
    r.coverage = a.terms.coverage;
    if (a.terms.per_loan_cap) r.per_loan_cap_minor = to_fund_minor(*a.terms.per_loan_cap, fund.currency, model);
    // Enrolled volume: the ledger's, else the book's outstanding (a file book
    // has no history; this understates a rate cap, so claims are not overstated).
    Money enrolled(a.currency, 0);
    if (auto it = fund.enrolled_minor.find(a.id); it != fund.enrolled_minor.end()) {
      enrolled = Money(a.currency, it->second);
    } else {
      // Book loans in other currencies count at the model's FX rates.
      double enrolled_fund = 0;
      for (const auto& l : book.loans)
        if (l.agreement != kNoIndex && book.agreement_ids[l.agreement] == a.id)
          enrolled_fund += l.balance_minor;
      enrolled = from_fund_minor(enrolled_fund, a.currency, fund.currency, model);
    }
    if (auto cap = a.terms.effective_portfolio_cap(enrolled)) {
      std::int64_t paid = 0;
      if (auto it = fund.claims_paid_minor.find(a.id); it != fund.claims_paid_minor.end()) paid = it->second;
      r.portfolio_room_minor = std::max<std::int64_t>(0, to_fund_minor(*cap, fund.currency, model) - paid);
    }
    if (a.terms.lock_in_months > 0 && a.terms.available_from.ok() && book.as_of.ok()) {
      const Date first = add_months(a.terms.available_from, a.terms.lock_in_months);
      r.first_claim_month = std::max(1, months_between(book.as_of, first) + 1);
      if (to_days(first) <= to_days(book.as_of)) r.first_claim_month = 1;
    }
    cs.rules.push_back(r);
  }
  return cs;
}

void aggregate_scenario(const PreparedBook& book, const ClaimsSetup& setup, std::span<const Default> defaults,
                        std::int64_t* row) {
  const OutcomeLayout lay = layout_of(book);
  std::fill(row, row + lay.width(), std::int64_t{0});
  std::int64_t available = setup.capital_minor;
  // Remaining room per agreement; small, so a stack-like vector per call.
  thread_local std::vector<std::int64_t> room;
  room.resize(setup.rules.size());
  for (std::size_t g = 0; g < setup.rules.size(); ++g) room[g] = setup.rules[g].portfolio_room_minor;
  // Recoveries owed to the fund, in month order (same lag for all, and
  // defaults arrive in month order, so a FIFO suffices).
  struct Pending {
    int month;
    std::int64_t amount;
  };
  thread_local std::vector<Pending> recoveries;
  recoveries.clear();
  std::size_t next_recovery = 0;
  std::int64_t paid_total = 0, recovered_total = 0;

  for (const Default& d : defaults) {
    while (next_recovery < recoveries.size() && recoveries[next_recovery].month <= d.month) {
      available += recoveries[next_recovery].amount;
      ++next_recovery;
    }
    row[OutcomeLayout::kLoss] += d.loss_minor;
    row[OutcomeLayout::kDefaults] += 1;
    row[lay.bank_loss(d.bank)] += d.loss_minor;
    row[lay.assoc_loss(d.association)] += d.loss_minor;
    if (d.agreement == kNoIndex) continue;
    const std::size_t g = d.agreement;
    row[lay.agr_loss(g)] += d.loss_minor;
    const ClaimRule& rule = setup.rules[g];
    if (d.month < rule.first_claim_month) continue;  // in lock-in: the bank bears it
    const ClaimSplit split = split_claim_fast(d.ead_minor, rule.coverage, rule.per_loan_cap_minor, room[g], available);
    const std::int64_t paid = split.fund_minor;
    if (split.limit == ClaimLimit::fund_balance && row[OutcomeLayout::kExhaustMonth] == 0)
      row[OutcomeLayout::kExhaustMonth] = d.month;
    if (room[g] >= 0) room[g] -= paid;
    available -= paid;
    GFUND_ASSERT(available >= 0 && (rule.portfolio_room_minor < 0 || room[g] >= 0));
    const std::int64_t recovered = d.ead_minor - d.loss_minor;
    const std::int64_t back = first_recovery_to_fund_fast(rule.structure, recovered, paid, d.ead_minor);
    // A recovery due after the horizon never funds a claim within it (no
    // default comes later): counted in the totals, not queued.
    if (back > 0 && d.month + setup.recovery_lag_months <= book.horizon_months)
      recoveries.push_back({d.month + setup.recovery_lag_months, back});
    const std::int64_t net = paid - back;
    // The fund's net share and the bank's net share add up to the loss.
    GFUND_ASSERT(net >= 0 && net <= d.loss_minor);
    paid_total += paid;
    recovered_total += back;
    row[OutcomeLayout::kClaimsGross] += paid;
    row[OutcomeLayout::kClaimsNet] += net;
    row[lay.bank_claims(d.bank)] += net;
    row[lay.assoc_claims(d.association)] += net;
    row[lay.agr_claims(g)] += net;
    row[lay.agr_gross(g)] += paid;
  }
  GFUND_ASSERT(paid_total - recovered_total == row[OutcomeLayout::kClaimsNet]);
}

}  // namespace gfund::risk
