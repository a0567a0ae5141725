#include "engine/risk/claims.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "engine/risk/claim_rules_fast.hpp"
#include "models/errors.hpp"
#include "models/fx.hpp"

namespace gfund::risk {

OutcomeLayout layout_of(const PreparedBook& book) {
  return {book.bank_ids.size(), book.association_ids.size(), book.agreement_ids.size()};
}


ClaimsSetup make_claims_setup(const PreparedBook& book, const std::vector<Agreement>& agreements,
                              const RiskModel& model, const FundInputs& fund) {
  if (fund.capital_minor < 0) throw DataError("fund capital must be >= 0", {.field = "capital"});
  ClaimsSetup cs;
  const FxRates fx{fund.currency, model.fx_per_fund_unit};
  cs.capital_minor = fund.capital_minor;
  cs.recovery_lag_months = model.recovery_lag_months;
  GFUND_ASSERT(agreements.size() == book.agreement_ids.size());
  for (const Agreement& a : agreements) {
    ClaimRule r;
    r.id = a.id;
    r.structure = a.terms.structure;
    r.coverage = a.terms.coverage;
    if (a.terms.per_loan_cap) r.per_loan_cap_minor = convert(*a.terms.per_loan_cap, fund.currency, fx).minor();
    // Enrolled volume: the ledger's, else the book's outstanding (a file book
    // has no history; this understates a rate cap, so claims are not overstated).
    Money enrolled(a.currency, 0);
    if (auto it = fund.enrolled_minor.find(a.id); it != fund.enrolled_minor.end()) {
      enrolled = Money(a.currency, it->second);
    } else {
      // Book loans in other currencies count at the model's FX rates (the
      // engine's balances are in fund minor units).
      std::int64_t enrolled_fund = 0;
      for (const auto& l : book.loans)
        if (l.agreement != kNoIndex && book.agreement_ids[l.agreement] == a.id)
          enrolled_fund += start_balance(book, l);
      enrolled = convert(Money(fund.currency, enrolled_fund), a.currency, fx);
    }
    if (auto cap = a.terms.effective_portfolio_cap(enrolled)) {
      std::int64_t paid = 0;
      if (auto it = fund.claims_paid_minor.find(a.id); it != fund.claims_paid_minor.end()) paid = it->second;
      r.portfolio_room_minor = std::max<std::int64_t>(0, convert(*cap, fund.currency, fx).minor() - paid);
    }
    r.first_claim_month = a.terms.first_claim_month(book.as_of);
    cs.rules.push_back(r);
  }
  return cs;
}

namespace {

using claim_rules::kNoLimit;

// What the claim loop reads and sums of one agreement, in one cache line:
// compact (ClaimRule holds a std::string), with "none" folded into the
// arithmetic: no cap is the largest int64 (min() leaves the claim alone),
// lock-in is a month compare. One extra slot stands for "not guaranteed": no
// default reaches its first claim month, so every claim on it is 0.
struct alignas(64) RuleState {
  std::int64_t coverage_ppm = 0;
  std::int64_t per_loan_cap = kNoLimit;  // kNoLimit: none
  std::int64_t room = kNoLimit;          // cumulative room left; kNoLimit: none
  std::int64_t room_mask = 0;            // ~0 when `room` is a cap (claims use it up), else 0
  std::int32_t first_claim_month = std::numeric_limits<std::int32_t>::max();
  std::int32_t first_loss = 0;           // Structure::first_loss (else pari passu)
  std::int64_t loss = 0, net = 0, gross = 0;  // this scenario's sums: the agreement's row cells
  Structure structure() const { return first_loss ? Structure::first_loss : Structure::pari_passu; }
};

// A recovery owed to the fund, from a default in `default_month`.
struct Pending {
  int default_month;
  std::int64_t amount;
};

// Per-thread buffers, so that a scenario allocates nothing once they have grown.
struct Scratch {
  std::vector<RuleState> rules;     // setup.rules, then the "not guaranteed" slot
  std::vector<Pending> recoveries;  // FIFO, at most one per default
};

// Fills `out` from the setup (sums at 0). Returns false when a coverage is
// outside [0, 100%]: the fast path's bounds do not hold for its claims.
bool load_rules(const ClaimsSetup& setup, std::vector<RuleState>& out) {
  out.resize(setup.rules.size() + 1);
  bool coverage_in_range = true;
  for (std::size_t g = 0; g < setup.rules.size(); ++g) {
    const ClaimRule& r = setup.rules[g];
    RuleState s;
    s.coverage_ppm = r.coverage.ppm;
    if (r.per_loan_cap_minor >= 0) s.per_loan_cap = r.per_loan_cap_minor;
    if (r.portfolio_room_minor >= 0) {
      s.room = r.portfolio_room_minor;
      s.room_mask = ~std::int64_t{0};
    }
    s.first_claim_month = r.first_claim_month;
    s.first_loss = r.structure == Structure::first_loss;
    out[g] = s;
    coverage_in_range &= r.coverage.ppm >= 0 && r.coverage.ppm <= Ratio::kOne;
  }
  out.back() = RuleState{};
  return coverage_in_range;
}

// The fast path's domain: EAD below 2^31 minor units (21 million in a
// 2-decimal currency), loss within [0, EAD] (and coverage within [0, 100%]).
// Then EAD x coverage ppm < 2^51, the claim is within [0, EAD] and the
// recovery (EAD - loss) times the claim < 2^62: no product overflows and no
// check of the reference rules can fail, so they reduce to int64 operations.
inline bool in_fast_domain(const Default& d) {
  const auto ead = static_cast<std::uint64_t>(d.ead_minor);
  return (ead >> 31) == 0 && static_cast<std::uint64_t>(d.loss_minor) <= ead;
}

// One default's claim.
struct Claim {
  std::int64_t paid = 0;  // gross, by the fund
  std::int64_t back = 0;  // the fund's share of the recovery
  bool cut = false;       // the fund's capital cut the claim
};

// A default outside the fast path's domain: split_claim_fast and
// first_recovery_to_fund_fast, which hand what int64 cannot hold to the
// reference rules, exactly as the claim loop was first written.
[[gnu::noinline]] Claim reference_claim(const Default& d, const RuleState& rule, bool claimable,
                                        std::int64_t available) {
  if (!claimable) return {};  // lock-in or no agreement: the bank bears it, nothing is checked
  const ClaimSplit split = split_claim_fast(d.ead_minor, Ratio::from_ppm(rule.coverage_ppm),
                                            rule.per_loan_cap == kNoLimit ? -1 : rule.per_loan_cap,
                                            rule.room_mask ? rule.room : -1, available);
  Claim c;
  c.paid = split.fund_minor;
  c.cut = split.limit == ClaimLimit::fund_balance;
  c.back = first_recovery_to_fund_fast(rule.structure(), d.ead_minor - d.loss_minor, c.paid, d.ead_minor);
  const std::int64_t net = c.paid - c.back;
  // The fund's net share and the bank's net share add up to the loss.
  GFUND_ASSERT(net >= 0 && net <= d.loss_minor);
  return c;
}

// Where the claim loop is between defaults.
struct LoopState {
  std::size_t next = 0;    // the next default to take
  std::int64_t available;  // the fund's capital left (see claims_loop)
  Pending *head, *tail;    // recoveries queued and not yet returned: [head, tail)
  std::int32_t exhaust_month = 0;
  std::int64_t negative = 0;  // sign bits of what the invariants want >= 0, checked once at the end
};

// The claim loop over defaults[state.next...] into `row` and the rule states.
// kCapital = false, the cheap phase: capital cuts nothing and recoveries are
// only queued, `available` being the capital less the claims paid. That is
// exact while each claim fits in it: the fund has at least that much, even
// with no recovery. The phase stops (returns false, state.next at it) at the
// first claim that does not fit, before touching anything for it.
// kCapital = true: the full rules from state.next on (recoveries return to
// the capital in their month, the capital cuts claims).
// kFast = false: every default through the reference rules.
// A documented hot kernel (every default of every scenario and candidate
// passes here), kept in one body so the loop's state stays in registers;
// tests/risk/aggregate_equivalence_test.cpp holds it to the plain reference
// loop, cell for cell.
template <bool kCapital, bool kFast>
bool claims_loop(const OutcomeLayout& lay, RuleState* rules, const ClaimsSetup& setup, int horizon,
                 std::span<const Default> defaults, std::int64_t* row, LoopState& state) {
  // Bank b's cells at bank[2b] (loss) and bank[2b + 1] (claims net); associations alike.
  std::int64_t* const bank = row + lay.bank_loss(0);
  std::int64_t* const assoc = row + lay.assoc_loss(0);
  const std::size_t na = lay.agreements;
  // A recovery comes back `lag` months after its default; one due after the
  // horizon never funds a claim within it (no default comes later): counted
  // in the totals, not queued.
  const int lag = setup.recovery_lag_months;
  const int last_queued_month = horizon - lag;
  // Locals, so that the loop keeps them in registers.
  std::int64_t available = state.available, negative = state.negative;
  Pending *head = state.head, *tail = state.tail;
  std::int32_t exhaust_month = state.exhaust_month;
  const Default* const begin = defaults.data();
  const Default* const end = begin + defaults.size();
  const auto save = [&](const Default* next) {
    state = {static_cast<std::size_t>(next - begin), available, head, tail, exhaust_month, negative};
  };

  for (const Default* p = begin + state.next; p != end; ++p) {
    const Default& d = *p;
    if constexpr (kCapital) {
      while (head != tail && head->default_month <= d.month - lag) available += (head++)->amount;
    }
    const std::int64_t ead = d.ead_minor, loss = d.loss_minor;
    const std::size_t g = std::min<std::size_t>(d.agreement, na);  // kNoIndex -> the extra slot
    RuleState& rule = rules[g];
    const bool claimable = d.month >= rule.first_claim_month;

    Claim c;
    if (kFast && in_fast_domain(d)) [[likely]] {
      // In the lock-in, on no agreement, or with the agreement's cap used up,
      // the fund pays nothing and gets nothing back: the loss is the bank's.
      // (Often most defaults: caps run out early in a bad scenario.)
      if (!claimable || rule.room == 0) {
        bank[2 * std::size_t{d.bank}] += loss;
        assoc[2 * std::size_t{d.association}] += loss;
        rule.loss += loss;
        continue;
      }
      // The rules' own int64 form (models/claim_rules.hpp): within the
      // domain EAD x coverage < 2^51, so the product cannot overflow.
      c.paid = claim_rules::capped_claim(claim_rules::apply_ppm<std::int64_t>(ead, rule.coverage_ppm),
                                         rule.per_loan_cap, rule.room);
      if constexpr (kCapital) {
        c.cut = c.paid > available;
        c.paid = std::min(c.paid, available);
      } else if (c.paid > available) [[unlikely]] {
        save(p);
        return false;
      }
      // first_recovery_to_fund_fast within the domain. First loss: what is
      // left of the recovery once the bank's share (EAD - paid) is whole.
      // Pari passu: recovery x paid / EAD (no division when that is 0); the
      // quotient is at most the recovery (paid <= EAD), below 2^31.
      const std::int64_t share = (ead - loss) * c.paid;
      if (rule.first_loss)
        c.back = claim_rules::first_loss_recovery(ead - loss, c.paid, ead);
      else if (share != 0)
        c.back = div_half_even_small_quotient(share, ead);  // pro_rata_recovery, without idiv (tested equal)
      // The fund's net share and the bank's net share add up to the loss.
      const std::int64_t net = c.paid - c.back;
      negative |= net | (loss - net);
    } else [[unlikely]] {
      c = reference_claim(d, rule, claimable && g < na, kCapital ? available : -1);
      if constexpr (!kCapital) {
        if (c.paid > available) {
          save(p);
          return false;
        }
      }
    }
    const std::int64_t net = c.paid - c.back;
    bank[2 * std::size_t{d.bank}] += loss;
    bank[2 * std::size_t{d.bank} + 1] += net;
    assoc[2 * std::size_t{d.association}] += loss;
    assoc[2 * std::size_t{d.association} + 1] += net;
    rule.loss += loss;
    rule.net += net;
    rule.gross += c.paid;
    rule.room -= c.paid & rule.room_mask;
    available -= c.paid;
    if constexpr (kCapital) {
      exhaust_month = (exhaust_month == 0 && c.cut) ? d.month : exhaust_month;
      negative |= available;  // the fund never pays more than it has
    }
    *tail = {d.month, c.back};
    tail += c.back > 0 && d.month <= last_queued_month;
  }
  save(end);
  return true;
}

// Writes the row's fund and agreement cells from the parts, and checks.
void finish_row(const OutcomeLayout& lay, const RuleState* rules, const LoopState& state, std::size_t defaults,
                std::int64_t* row) {
  GFUND_ASSERT(state.negative >= 0);
  // Fund totals from the parts: every default's loss is in one bank's cell,
  // every claim in one agreement's (a default with no agreement claims 0).
  std::int64_t loss_total = 0, net_total = 0, gross_total = 0;
  for (std::size_t b = 0; b < lay.banks; ++b) loss_total += row[lay.bank_loss(b)];
  for (std::size_t g = 0; g < lay.agreements; ++g) {
    const RuleState& r = rules[g];
    GFUND_ASSERT(r.room >= 0);  // claims never go past an agreement's cumulative cap
    row[lay.agr_loss(g)] = r.loss;
    row[lay.agr_claims(g)] = r.net;
    row[lay.agr_gross(g)] = r.gross;
    net_total += r.net;
    gross_total += r.gross;
  }
  row[OutcomeLayout::kLoss] = loss_total;
  row[OutcomeLayout::kClaimsNet] = net_total;
  row[OutcomeLayout::kClaimsGross] = gross_total;
  row[OutcomeLayout::kExhaustMonth] = state.exhaust_month;
  row[OutcomeLayout::kDefaults] = static_cast<std::int64_t>(defaults);
}

// The cheap phase, then the full rules from where it stops.
template <bool kFast>
void aggregate(const PreparedBook& book, const ClaimsSetup& setup, std::span<const Default> defaults,
               std::int64_t* row, Scratch& scratch) {
  const OutcomeLayout lay = layout_of(book);
  std::fill(row, row + lay.width(), std::int64_t{0});
  scratch.recoveries.resize(std::max(scratch.recoveries.size(), defaults.size()));
  RuleState* const rules = scratch.rules.data();
  const int h = book.horizon_months;
  LoopState state;
  state.head = state.tail = scratch.recoveries.data();
  if (setup.capital_minor < 0) {
    // "No limit" to split_claim, but then the fund pays out what it does not
    // have: the first claim breaks the invariant the full rules check.
    for (const Default& d : defaults)
      GFUND_ASSERT(d.agreement >= lay.agreements || d.month < rules[d.agreement].first_claim_month);
    state.available = kNoLimit;
    claims_loop<false, kFast>(lay, rules, setup, h, defaults, row, state);
  } else {
    // Most scenarios claim less than the capital, and never leave the cheap phase.
    state.available = setup.capital_minor;
    if (!claims_loop<false, kFast>(lay, rules, setup, h, defaults, row, state))
      claims_loop<true, kFast>(lay, rules, setup, h, defaults, row, state);
  }
  finish_row(lay, rules, state, defaults.size(), row);
}

}  // namespace

void aggregate_scenario(const PreparedBook& book, const ClaimsSetup& setup, std::span<const Default> defaults,
                        std::int64_t* row) {
  GFUND_ASSERT(setup.rules.size() == book.agreement_ids.size());
  thread_local Scratch scratch;
  if (load_rules(setup, scratch.rules))
    aggregate<true>(book, setup, defaults, row, scratch);
  else
    aggregate<false>(book, setup, defaults, row, scratch);
}

}  // namespace gfund::risk
