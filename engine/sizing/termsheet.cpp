#include "engine/sizing/termsheet.hpp"

#include <fmt/format.h>

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

namespace {
std::string caps_text(const GuaranteeTerms& t) {
  std::string s;
  if (t.per_loan_cap) s += "per loan " + format_money(*t.per_loan_cap, false);
  if (t.portfolio_cap) s += (s.empty() ? "" : "; ") + std::string("portfolio ") + format_money(*t.portfolio_cap, false);
  if (t.portfolio_cap_rate) s += (s.empty() ? "" : "; ") + std::string("portfolio ") + format_percent(*t.portfolio_cap_rate);
  return s.empty() ? "none" : s;
}
}  // namespace

Termsheet build_termsheet(const Portfolio& p, const DefaultDraws& d, const Candidate& base, const std::string& bank,
                          const std::string& association, const std::vector<TermOption>& options,
                          std::int64_t capital_minor, const Target& target, double cost_loading) {
  Termsheet ts;
  ts.bank = bank;
  ts.association = association;
  ts.capital_minor = capital_minor;
  ts.target = target;
  ts.cost_loading = cost_loading;
  ts.scenarios = d.scenarios;
  ts.seed = d.seed;
  std::vector<std::size_t> mine;
  for (std::size_t a = 0; a < p.agreements.size(); ++a)
    if (p.agreements[a].bank == bank && (association.empty() || p.agreements[a].terms.association == association)) {
      mine.push_back(a);
      ts.agreements.push_back(p.agreements[a].id);
    }
  if (mine.empty())
    throw UsageError(fmt::format("no agreement for bank '{}'{}", bank,
                                 association.empty() ? "" : fmt::format(" and association '{}'", association)),
                     {"", 0, "--bank"});
  const int bank_ix = p.bank_index(bank);
  const bool has_plan = bank_ix >= 0 && p.planned_monthly_volume_minor(bank_ix, -1) > 0;
  const std::size_t na = p.agreements.size();
  for (const auto& opt : options) {
    Candidate c = base;
    for (auto a : mine) c.terms[a] = opt.terms;
    const ClaimsRun run = aggregate_claims(p, d, c);
    TermsheetRow row;
    row.label = opt.label;
    row.coverage = opt.terms.coverage.to_double();
    row.structure = std::string(to_string(opt.terms.structure));
    row.caps = caps_text(opt.terms);
    std::vector<std::int64_t> net(static_cast<std::size_t>(run.scenarios), 0), loss(net.size(), 0);
    std::int64_t enrolled = 0;
    double years = 0;
    for (auto a : mine) {
      enrolled += run.enrolled_minor[a];
      years += run.guaranteed_years_minor[a];
      for (std::size_t s = 0; s < net.size(); ++s) {
        net[s] += run.agreement_net[s * na + a];
        loss[s] += run.agreement_loss[s * na + a];
      }
    }
    ts.enrolled_minor = enrolled;
    const double en = mean(net, run.weights), el = mean(loss, run.weights), se = standard_error(net, run.weights);
    row.fund_expected_claims_minor = en;
    row.fund_claims_99_minor = quantile(net, 0.99, run.weights).value;
    if (enrolled > 0) {
      row.bank_loss_rate_gross = el / static_cast<double>(enrolled);
      row.bank_loss_rate_net = (el - en) / static_cast<double>(enrolled);
    }
    row.exhaustion_probability = exceed_probability(run.peak, capital_minor, run.weights);
    if (years > 0) {
      row.break_even_fee = en * (1 + cost_loading) / years;
      row.break_even_low = std::max(0.0, (en - 1.96 * se) * (1 + cost_loading) / years);
      row.break_even_high = (en + 1.96 * se) * (1 + cost_loading) / years;
    }
    if (has_plan && p.volume_multiplier_max > 1.0)
      row.most_lending = association.empty() || p.association_index(association) < 0
                             ? size_volume(p, d, c, capital_minor, target, "bank", bank)
                             : size_volume(p, d, c, capital_minor, target, "association", association);
    ts.rows.push_back(std::move(row));
  }
  return ts;
}

}  // namespace gfund::sizing
