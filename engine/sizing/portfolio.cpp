#include "engine/sizing/portfolio.hpp"

#include "models/limits.hpp"

#include <algorithm>
#include <cmath>
#include <map>

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

namespace {

int intern(std::vector<std::string>& names, std::map<std::string, int>& index, const std::string& id) {
  auto [it, added] = index.emplace(id, static_cast<int>(names.size()));
  if (added) names.push_back(id);
  return it->second;
}

// Minor units of `from` expressed in the fund currency (USD cents per riel at
// the model's rate); same currency: unchanged.
int delay_months(const Agreement& a) { return claim_trigger_months(a.terms.claim_trigger_dpd); }

}  // namespace

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

Portfolio build_portfolio(const PortfolioInput& in, const ModelSpec& model) {
  Portfolio p;
  p.currency = in.currency;
  p.agreements = in.agreements;
  p.claimed_to_date_minor = in.claimed_to_date_minor;
  p.claimed_to_date_minor.resize(p.agreements.size(), 0);
  p.enrolled_to_date_minor = in.enrolled_to_date_minor;
  p.enrolled_to_date_minor.resize(p.agreements.size(), -1);
  p.fx = FxRates{p.currency, model.fx_per_fund_unit};
  p.volume_multiplier_max = in.volume_multiplier_max;
  std::map<std::string, int> bank_ix, assoc_ix, sector_ix, agreement_ix;
  for (std::size_t i = 0; i < p.agreements.size(); ++i) {
    agreement_ix.emplace(p.agreements[i].id, static_cast<int>(i));
    intern(p.banks, bank_ix, p.agreements[i].bank);
    if (!p.agreements[i].terms.association.empty()) intern(p.associations, assoc_ix, p.agreements[i].terms.association);
  }
  if (in.book) {
    p.as_of = in.book->as_of;
    p.loans.as_of = in.book->as_of;
    long row = 1;
    for (const auto& l : in.book->loans) {
      ++row;
      if (l.agreement.empty() || l.outstanding_minor <= 0) continue;
      auto it = agreement_ix.find(l.agreement);
      if (it == agreement_ix.end())
        throw DataError(fmt::format("loan {} names agreement '{}', which is not among the agreements", l.loan, l.agreement),
                        {"book", row, "agreement"});
      const auto& ag = p.agreements[static_cast<std::size_t>(it->second)];
      Exposure e;
      e.agreement = it->second;
      e.bank = intern(p.banks, bank_ix, l.bank);
      e.association = l.association.empty() ? -1 : intern(p.associations, assoc_ix, l.association);
      e.sector = intern(p.sectors, sector_ix, l.sector.empty() ? "unknown" : l.sector);
      e.start_month = 0;
      e.term_months = std::max(1, l.remaining_months);
      e.claim_delay_months = delay_months(ag);
      e.schedule = l.schedule;
      e.khr = l.currency == khr();
      e.annual_rate = l.annual_rate.to_double();
      const std::string code(l.currency.code_view());
      e.pd_annual = l.pd_annual.value_or(model.pd_for(l.bank, l.association, l.sector, code));
      // A loan already behind (but not yet claimable) is likelier to default.
      if (l.days_past_due > 0 && l.days_past_due < ag.terms.claim_trigger_dpd)
        e.pd_annual = std::min(0.9999, e.pd_annual * model.past_due_pd_multiplier);
      e.already_due = l.days_past_due >= ag.terms.claim_trigger_dpd;
      e.lgd = l.lgd.value_or(model.lgd_for(l.bank, l.association, l.sector, code));
      e.principal_minor = convert_minor(l.outstanding_minor, l.currency, p.currency, p.fx);
      if (e.principal_minor > 0) {
        p.exposures.push_back(e);
        p.loans.loans.push_back(l);
        p.start_months.push_back(0);
      }
    }
  }
  if (in.plan) {
    const auto& plan = *in.plan;
    std::vector<int> line_agreement;
    for (const auto& l : plan.lines) {
      int found = -1;
      for (std::size_t i = 0; i < p.agreements.size(); ++i) {
        const auto& a = p.agreements[i];
        bool match = l.agreement.empty() ? (a.bank == l.bank && a.terms.association == l.association) : a.id == l.agreement;
        if (match) {
          found = static_cast<int>(i);
          break;
        }
      }
      if (found < 0)
        throw DataError(l.agreement.empty()
                            ? fmt::format("no agreement covers bank '{}'{} (add one, or name it with 'agreement')", l.bank,
                                          l.association.empty() ? "" : fmt::format(" and association '{}'", l.association))
                            : fmt::format("agreement '{}' is not among the agreements", l.agreement),
                        {plan.file, l.line, l.agreement.empty() ? "bank" : "agreement"});
      if (p.agreements[static_cast<std::size_t>(found)].bank != l.bank)
        throw DataError(fmt::format("agreement '{}' belongs to bank '{}', not '{}'", l.agreement,
                                    p.agreements[static_cast<std::size_t>(found)].bank, l.bank),
                        {plan.file, l.line, "agreement"});
      line_agreement.push_back(found);
      Portfolio::PlanLineInfo info;
      info.bank = intern(p.banks, bank_ix, l.bank);
      info.association = l.association.empty() ? -1 : intern(p.associations, assoc_ix, l.association);
      const std::int64_t v =
          l.volume_per_month_minor ? *l.volume_per_month_minor : std::int64_t{*l.loans_per_month} * l.size_mean_minor;
      info.monthly_volume_minor = convert_minor(v, l.currency, p.currency, p.fx);
      info.months = std::max(0, std::min(l.months, model.horizon_months - l.first_month + 1));
      p.plan_lines.push_back(info);
    }
    for (const auto& pl : expand_plan(plan, model.horizon_months, in.volume_multiplier_max)) {
      const auto& l = plan.lines[static_cast<std::size_t>(pl.line)];
      const auto& ag = p.agreements[static_cast<std::size_t>(line_agreement[static_cast<std::size_t>(pl.line)])];
      Exposure e;
      e.agreement = line_agreement[static_cast<std::size_t>(pl.line)];
      e.bank = p.plan_lines[static_cast<std::size_t>(pl.line)].bank;
      e.association = p.plan_lines[static_cast<std::size_t>(pl.line)].association;
      e.sector = intern(p.sectors, sector_ix, l.sector);
      e.start_month = pl.start_month;
      e.term_months = l.term_months;
      e.claim_delay_months = delay_months(ag);
      e.schedule = l.schedule;
      e.khr = l.currency == khr();
      e.planned = true;
      e.annual_rate = l.annual_rate;
      const std::string code(l.currency.code_view());
      e.pd_annual = l.pd_annual.value_or(model.pd_for(l.bank, l.association, l.sector, code));
      e.lgd = l.lgd.value_or(model.lgd_for(l.bank, l.association, l.sector, code));
      e.principal_minor = convert_minor(pl.principal_minor, l.currency, p.currency, p.fx);
      e.volume_before_minor = pl.volume_before_minor;
      e.cell_volume_minor = pl.cell_volume_minor;
      if (e.principal_minor <= 0) continue;
      p.exposures.push_back(e);
      BookLoan b;
      b.loan = fmt::format("PLAN-{}-{}-{}", pl.line + 1, pl.start_month, p.exposures.size());
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
      p.loans.loans.push_back(std::move(b));
      p.start_months.push_back(pl.start_month);
    }
  }
  if (p.sectors.empty()) p.sectors.push_back("unknown");
  return p;
}

}  // namespace gfund::sizing
