#include "engine/sizing/portfolio.hpp"

#include "models/limits.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string_view>

#include <fmt/format.h>

namespace gfund::sizing {

double balance_fraction(ScheduleType s, double annual_rate, int term_months, int month) {
  if (month <= 1) return 1.0;
  if (month > term_months) return 0.0;
  const int paid = month - 1;  // installments paid before this one
  switch (s) {
    case ScheduleType::balloon: return 1.0;
    case ScheduleType::equal_principal:
    case ScheduleType::flat: return 1.0 - static_cast<double>(paid) / term_months;
    case ScheduleType::annuity: {
      const double r = annual_rate / 12.0;
      if (r <= 0) return 1.0 - static_cast<double>(paid) / term_months;
      const double gn = std::pow(1 + r, term_months), gk = std::pow(1 + r, paid);
      return (gn - gk) / (gn - 1);
    }
  }
  return 1.0;
}

int Portfolio::bank_index(const std::string& id) const {
  auto it = std::find(banks.begin(), banks.end(), id);
  return it == banks.end() ? -1 : static_cast<int>(it - banks.begin());
}
int Portfolio::association_index(const std::string& id) const {
  auto it = std::find(associations.begin(), associations.end(), id);
  return it == associations.end() ? -1 : static_cast<int>(it - associations.begin());
}
std::int64_t Portfolio::planned_monthly_volume_minor(int bank, int association) const {
  std::int64_t v = 0;
  for (const auto& l : plan_lines)
    if ((bank < 0 || l.bank == bank) && (association < 0 || l.association == association)) v += l.monthly_volume_minor;
  return v;
}

namespace {

int intern(std::vector<std::string>& names, std::map<std::string, int>& index, const std::string& id) {
  auto [it, added] = index.emplace(id, static_cast<int>(names.size()));
  if (added) names.push_back(id);
  return it->second;
}

// Months from a default to its claim: the agreement's trigger.
int delay_months(const Agreement& a) { return claim_trigger_months(a.terms.claim_trigger_dpd); }

// Ids as they first appear (banks, associations, sectors) and agreements by id.
struct Index {
  std::map<std::string, int> bank, association, sector, agreement;
};

// The loan's PD and LGD for the fee base, by the risk engine's rule (its own,
// else its segment's), so sizing prices the PD the engine simulates.
void set_risk(Exposure& e, const risk::RiskModel& model, std::optional<double> pd, std::optional<double> lgd,
              const std::string& bank, const std::string& association, const std::string& sector,
              const Currency& currency) {
  const std::string_view code = currency.code_view();
  e.pd_annual = pd ? *pd : risk::segment_pd_annual(model, bank, association, sector, code);
  e.lgd = lgd ? *lgd : risk::segment_lgd_mean(model, bank, association, sector, code);
}

void add_book_loans(Portfolio& p, Index& ix, const Book& book, const risk::RiskModel& model) {
  p.as_of = book.as_of;
  p.loans.as_of = book.as_of;
  long row = 1;
  for (const auto& l : book.loans) {
    ++row;
    if (l.agreement.empty() || l.outstanding_minor <= 0) continue;
    auto it = ix.agreement.find(l.agreement);
    if (it == ix.agreement.end())
      throw DataError(fmt::format("loan {} names agreement '{}', which is not among the agreements", l.loan, l.agreement),
                      {"book", row, "agreement"});
    const auto& ag = p.agreements[static_cast<std::size_t>(it->second)];
    Exposure e;
    e.agreement = it->second;
    e.bank = intern(p.banks, ix.bank, l.bank);
    e.association = l.association.empty() ? -1 : intern(p.associations, ix.association, l.association);
    e.sector = intern(p.sectors, ix.sector, l.sector.empty() ? "unknown" : l.sector);
    e.start_month = 0;
    e.term_months = std::max(1, l.remaining_months);
    e.claim_delay_months = delay_months(ag);
    e.schedule = l.schedule;
    e.annual_rate = l.annual_rate.to_double();
    set_risk(e, model, l.pd_annual, l.lgd, l.bank, l.association, l.sector, l.currency);
    // A loan already behind (but not yet claimable) is likelier to default.
    const int trigger_dpd = ag.terms.claim_trigger_dpd;
    e.pd_annual = std::min(0.9999, risk::past_due_pd_annual(model, e.pd_annual, l.days_past_due, trigger_dpd));
    e.already_due = l.days_past_due >= trigger_dpd;
    e.principal_minor = convert_minor(l.outstanding_minor, l.currency, p.currency, p.fx);
    if (e.principal_minor > 0) {
      p.exposures.push_back(e);
      p.loans.loans.push_back(l);
      p.start_months.push_back(0);
    }
  }
}

// Each plan line's agreement (named, or the bank's and association's), with
// its 1x monthly volume recorded in p.plan_lines.
std::vector<int> match_plan_lines(Portfolio& p, Index& ix, const Plan& plan, int horizon_months) {
  std::vector<int> line_agreement;
  for (const auto& l : plan.lines) {
    auto covers = [&](const Agreement& a) {
      return l.agreement.empty() ? (a.bank == l.bank && a.terms.association == l.association) : a.id == l.agreement;
    };
    const auto found = std::find_if(p.agreements.begin(), p.agreements.end(), covers);
    if (found == p.agreements.end())
      throw DataError(l.agreement.empty()
                          ? fmt::format("no agreement covers bank '{}'{} (add one, or name it with 'agreement')", l.bank,
                                        l.association.empty() ? "" : fmt::format(" and association '{}'", l.association))
                          : fmt::format("agreement '{}' is not among the agreements", l.agreement),
                      {plan.file, l.line, l.agreement.empty() ? "bank" : "agreement"});
    if (found->bank != l.bank)
      throw DataError(fmt::format("agreement '{}' belongs to bank '{}', not '{}'", l.agreement, found->bank, l.bank),
                      {plan.file, l.line, "agreement"});
    line_agreement.push_back(static_cast<int>(found - p.agreements.begin()));
    Portfolio::PlanLineInfo info;
    info.bank = intern(p.banks, ix.bank, l.bank);
    info.association = l.association.empty() ? -1 : intern(p.associations, ix.association, l.association);
    const std::int64_t v =
        l.volume_per_month_minor ? *l.volume_per_month_minor : std::int64_t{*l.loans_per_month} * l.size_mean_minor;
    info.monthly_volume_minor = convert_minor(v, l.currency, p.currency, p.fx);
    info.months = std::max(0, std::min(l.months, horizon_months - l.first_month + 1));
    p.plan_lines.push_back(info);
  }
  return line_agreement;
}

// The planned loan as a book loan for the risk engine (its start month kept
// beside it in Portfolio::start_months).
BookLoan planned_book_loan(const PlanLine& l, const PlannedLoan& pl, const Agreement& ag, std::size_t n) {
  BookLoan b;
  b.loan = fmt::format("PLAN-{}-{}-{}", pl.line + 1, pl.start_month, n);
  b.bank = l.bank;
  b.association = l.association;
  b.agreement = ag.id;
  b.sector = l.sector;
  b.province = "planned";
  b.currency = l.currency;
  b.outstanding_minor = pl.principal_minor;
  b.annual_rate = Ratio{std::llround(l.annual_rate * Ratio::kOne)};
  b.remaining_months = l.term_months;
  b.schedule = l.schedule;
  b.pd_annual = l.pd_annual;
  b.lgd = l.lgd;
  return b;
}

void add_planned_loans(Portfolio& p, Index& ix, const Plan& plan, const risk::RiskModel& model,
                       double volume_multiplier_max) {
  const std::vector<int> line_agreement = match_plan_lines(p, ix, plan, model.horizon_months);
  for (const auto& pl : expand_plan(plan, model.horizon_months, volume_multiplier_max)) {
    const auto line = static_cast<std::size_t>(pl.line);
    const auto& l = plan.lines[line];
    const auto& ag = p.agreements[static_cast<std::size_t>(line_agreement[line])];
    Exposure e;
    e.agreement = line_agreement[line];
    e.bank = p.plan_lines[line].bank;
    e.association = p.plan_lines[line].association;
    e.sector = intern(p.sectors, ix.sector, l.sector);
    e.start_month = pl.start_month;
    e.term_months = l.term_months;
    e.claim_delay_months = delay_months(ag);
    e.schedule = l.schedule;
    e.planned = true;
    e.annual_rate = l.annual_rate;
    set_risk(e, model, l.pd_annual, l.lgd, l.bank, l.association, l.sector, l.currency);
    e.principal_minor = convert_minor(pl.principal_minor, l.currency, p.currency, p.fx);
    e.volume_before_minor = pl.volume_before_minor;
    e.cell_volume_minor = pl.cell_volume_minor;
    if (e.principal_minor <= 0) continue;
    p.exposures.push_back(e);
    p.loans.loans.push_back(planned_book_loan(l, pl, ag, p.exposures.size()));
    p.start_months.push_back(pl.start_month);
  }
}

}  // namespace

Portfolio build_portfolio(const PortfolioInput& in, const risk::RiskModel& model) {
  Portfolio p;
  p.currency = in.currency;
  p.agreements = in.agreements;
  p.claimed_to_date_minor = in.claimed_to_date_minor;
  p.claimed_to_date_minor.resize(p.agreements.size(), 0);
  p.enrolled_to_date_minor = in.enrolled_to_date_minor;
  p.enrolled_to_date_minor.resize(p.agreements.size(), -1);
  p.fx = FxRates{p.currency, model.fx_per_fund_unit};
  p.volume_multiplier_max = in.volume_multiplier_max;
  Index ix;
  for (std::size_t i = 0; i < p.agreements.size(); ++i) {
    ix.agreement.emplace(p.agreements[i].id, static_cast<int>(i));
    intern(p.banks, ix.bank, p.agreements[i].bank);
    if (!p.agreements[i].terms.association.empty())
      intern(p.associations, ix.association, p.agreements[i].terms.association);
  }
  if (in.book) add_book_loans(p, ix, *in.book, model);
  if (in.plan) add_planned_loans(p, ix, *in.plan, model, in.volume_multiplier_max);
  if (p.sectors.empty()) p.sectors.push_back("unknown");
  return p;
}

}  // namespace gfund::sizing
