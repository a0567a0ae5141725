#include "engine/sizing/termsheet.hpp"

#include <fmt/format.h>

#include "engine/risk/risk_stats.hpp"

namespace gfund::sizing {

std::vector<TermOption> default_term_options(const GuaranteeTerms& current) {
  std::vector<TermOption> out;
  for (int pct : {30, 50, 70}) {
    GuaranteeTerms t = current;
    t.structure = Structure::pari_passu;
    t.coverage = Ratio::percent(pct);
    out.push_back({fmt::format("{}% pari passu", pct), t});
  }
  for (int cap : {10, 20}) {
    GuaranteeTerms t = current;
    t.structure = Structure::first_loss;
    t.coverage = Ratio::percent(100);
    t.portfolio_cap.reset();
    t.portfolio_cap_rate = Ratio::percent(cap);
    out.push_back({fmt::format("first loss, cap {}%", cap), t});
  }
  return out;
}

std::vector<TermOption> with_current_terms(const GuaranteeTerms& current, std::vector<TermOption> others) {
  others.insert(others.begin(), TermOption{"current terms", current});
  return others;
}

namespace {

std::string caps_text(const GuaranteeTerms& t) {
  std::string s;
  if (t.per_loan_cap) s += "per loan " + format_money(*t.per_loan_cap, false);
  if (t.portfolio_cap) s += (s.empty() ? "" : "; ") + std::string("portfolio ") + format_money(*t.portfolio_cap, false);
  if (t.portfolio_cap_rate) s += (s.empty() ? "" : "; ") + std::string("portfolio ") + format_percent(*t.portfolio_cap_rate);
  return s.empty() ? "none" : s;
}

Estimate scaled(Estimate e, double by) {
  e.value /= by;
  e.se /= by;
  e.lo /= by;
  e.hi /= by;
  return e;
}

// The chosen agreements' per-scenario sums (net claims, credit loss,
// loss the bank keeps) and their enrolled volume and fee base.
struct AgreementSums {
  std::vector<std::int64_t> net, loss, kept;
  std::int64_t enrolled_minor = 0;
  double years_minor = 0;
};

AgreementSums sum_agreements(const ClaimsRun& run, const std::vector<std::size_t>& mine) {
  const std::size_t S = static_cast<std::size_t>(run.scenarios), na = static_cast<std::size_t>(run.agreements);
  AgreementSums a{std::vector<std::int64_t>(S, 0), std::vector<std::int64_t>(S, 0), std::vector<std::int64_t>(S, 0)};
  for (auto ag : mine) {
    a.enrolled_minor += run.enrolled_minor[ag];
    a.years_minor += run.guaranteed_years_minor[ag];
    for (std::size_t s = 0; s < S; ++s) {
      a.net[s] += run.agreement_net[s * na + ag];
      a.loss[s] += run.agreement_loss[s * na + ag];
    }
  }
  for (std::size_t s = 0; s < S; ++s) a.kept[s] = a.loss[s] - a.net[s];
  return a;
}

risk::Distribution distribution_of(const std::vector<std::int64_t>& v, const Weights& w) {
  const std::vector<double> x(v.begin(), v.end());
  return w.empty() ? risk::summarize_distribution(x) : risk::summarize_weighted(x, w);
}

TermsheetRow value_option(const ClaimsRun& run, const std::vector<std::size_t>& mine, const TermOption& opt,
                          const TermsheetQuery& q) {
  const AgreementSums a = sum_agreements(run, mine);
  TermsheetRow row;
  row.label = opt.label;
  row.terms = opt.terms;
  row.coverage = opt.terms.coverage.to_double();
  row.structure = std::string(to_string(opt.terms.structure));
  row.caps = caps_text(opt.terms);
  row.fund_expected_claims_minor = mean_estimate(a.net, run.weights);
  row.fund_claims_99_minor = quantile(a.net, 0.99, run.weights);
  row.fund_total_expected_minor = mean_estimate(run.net, run.weights);
  row.fund_total_99_minor = quantile(run.net, 0.99, run.weights);
  if (a.enrolled_minor > 0) {
    const double en = static_cast<double>(a.enrolled_minor);
    row.bank_loss_rate_gross = scaled(mean_estimate(a.loss, run.weights), en);
    row.bank_loss_rate_net = scaled(mean_estimate(a.kept, run.weights), en);
  }
  row.exhaustion_probability = exceed_probability(run.peak, q.capital_minor, run.weights);
  row.break_even_fee = break_even_fee(row.fund_expected_claims_minor.value, row.fund_expected_claims_minor.se,
                                      a.years_minor, q.cost_loading);
  row.fee = opt.terms.annual_fee.to_double();
  row.expected_fee_minor = row.fee * a.years_minor;
  row.claims_distribution = distribution_of(a.net, run.weights);
  row.bank_volume = q.bank_volume;
  return row;
}

}  // namespace

Termsheet build_termsheet(const Portfolio& p, const DefaultDraws& d, const Candidate& base, const TermsheetQuery& q) {
  Termsheet ts;
  ts.bank = q.bank;
  ts.association = q.association;
  ts.capital_minor = q.capital_minor;
  ts.target = q.target;
  ts.cost_loading = q.cost_loading;
  ts.scenarios = d.scenarios;
  ts.seed = d.seed;
  ts.bank_volume = q.bank_volume;
  std::vector<std::size_t> mine;
  for (std::size_t a = 0; a < p.agreements.size(); ++a)
    if (p.agreements[a].bank == q.bank && (q.association.empty() || p.agreements[a].terms.association == q.association)) {
      mine.push_back(a);
      ts.agreements.push_back(p.agreements[a].id);
    }
  if (mine.empty())
    throw UsageError(fmt::format("no agreement for bank '{}'{}", q.bank,
                                 q.association.empty() ? "" : fmt::format(" and association '{}'", q.association)),
                     {"", 0, "--bank"});
  const int bank_ix = p.bank_index(q.bank);
  if (!(q.bank_volume >= 0 && q.bank_volume <= p.volume_multiplier_max))
    throw UsageError(fmt::format("must be within [0, {:g}] x the plan", p.volume_multiplier_max), {.field = "volume"});
  const bool has_plan = bank_ix >= 0 && p.planned_monthly_volume_minor(bank_ix, -1) > 0;
  for (const auto& opt : q.options) {
    Candidate c = base;
    for (auto a : mine) c.terms[a] = opt.terms;
    if (bank_ix >= 0) c.bank_volume[static_cast<std::size_t>(bank_ix)] = q.bank_volume;
    const ClaimsRun run = aggregate_claims(p, d, c);
    ts.rows.push_back(value_option(run, mine, opt, q));
    ts.enrolled_minor = 0;  // the options enrol the same loans; taken from the last
    for (auto a : mine) ts.enrolled_minor += run.enrolled_minor[a];
    if (has_plan && p.volume_multiplier_max > 1.0)
      ts.rows.back().most_lending = q.association.empty() || p.association_index(q.association) < 0
                                        ? size_volume(p, d, c, q.capital_minor, q.target, "bank", q.bank)
                                        : size_volume(p, d, c, q.capital_minor, q.target, "association", q.association);
  }
  return ts;
}

Termsheet termsheet_for(const Portfolio& p, const DefaultDraws& d, const Candidate& base, std::int64_t capital_minor,
                        const Target& target, const TermsheetAsk& ask) {
  const Agreement* current = nullptr;
  for (const auto& a : p.agreements)
    if (a.bank == ask.bank && (ask.association.empty() || a.terms.association == ask.association)) {
      current = &a;
      break;
    }
  TermsheetQuery q{.bank = ask.bank, .association = ask.association, .capital_minor = capital_minor,
                   .target = target, .cost_loading = ask.cost_loading, .bank_volume = ask.bank_volume};
  if (current && ask.changes.empty()) {
    q.options = with_current_terms(current->terms, default_term_options(current->terms));
  } else if (current) {
    // The proposal is built before the list: a refused term throws here,
    // never halfway through building it.
    TermOption proposed{"proposed", with_term_changes(current->terms, ask.changes, current->currency)};
    q.options = with_current_terms(current->terms, {std::move(proposed)});
  }
  return build_termsheet(p, d, base, q);  // refuses an unknown bank / association
}

}  // namespace gfund::sizing
