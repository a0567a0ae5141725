// Compiling a book: per-loan parameters resolved once (PD, LGD, FX, terms,
// factor loadings) and loans sorted into runs, so the scenario loop touches
// only runs and defaulted loans.
#include "engine/risk/prepared_book.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include <boost/math/special_functions/beta.hpp>
#include <fmt/format.h>

#include "models/errors.hpp"
#include "models/fx.hpp"

namespace gfund::risk {

namespace {

[[noreturn]] void bad_loan(const BookLoan& l, const std::string& field, const std::string& rule) {
  throw DataError(fmt::format("loan '{}': {}", l.loan, rule), {.field = field});
}

std::uint16_t index_of(const std::vector<std::string>& ids, const std::string& id) {
  auto it = std::lower_bound(ids.begin(), ids.end(), id);
  return static_cast<std::uint16_t>(it - ids.begin());
}

std::vector<std::string> sorted_unique(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

double growth_factor_slow(double r, int k) { return std::pow(1.0 + r, k); }

PreparedBook prepare_book(const Book& book, const std::vector<Agreement>& agreements, const RiskModel& model,
                          const Currency& fund_currency, std::span<const int> start_months) {
  validate(model);
  if (!start_months.empty() && start_months.size() != book.loans.size())
    throw UsageError("start_months must be empty or one per loan");
  if (book.loans.size() >= 0xFFFFFFFFu) throw DataError("book too large (2^32 loans)");
  PreparedBook pb;
  pb.as_of = book.as_of;
  pb.horizon_months = model.horizon_months;
  pb.fund_currency = fund_currency;
  const FxRates fx{fund_currency, model.fx_per_fund_unit};
  std::map<std::string, double, std::less<>> to_fund_by_currency;  // one exact rate per currency, not per loan
  pb.copula = model.copula;
  pb.t_dof = model.t_dof;
  pb.lgd_kind = model.lgd_kind;
  pb.lgd_sd = model.lgd_sd;
  pb.recovery_lag_months = model.recovery_lag_months;
  pb.moratorium = model.moratorium;
  pb.euler_level = model.euler_level;

  // Entities.
  std::vector<std::string> banks, assocs;
  for (const auto& l : book.loans) {
    banks.push_back(l.bank);
    assocs.push_back(l.association);
  }
  for (const auto& a : agreements) banks.push_back(a.bank);
  pb.bank_ids = sorted_unique(std::move(banks));
  pb.association_ids = sorted_unique(std::move(assocs));
  if (pb.bank_ids.size() >= kNoIndex || pb.association_ids.size() >= kNoIndex || agreements.size() >= kNoIndex)
    throw DataError("too many banks, associations or agreements (65,535 each)");
  std::map<std::string, std::uint16_t> agreement_index;
  for (const auto& a : agreements) {
    if (!agreement_index.emplace(a.id, static_cast<std::uint16_t>(pb.agreement_ids.size())).second)
      throw DataError("agreement '" + a.id + "' listed twice", {.field = "id"});
    pb.agreement_ids.push_back(a.id);
  }

  // Factors in internal order: fixed ones first, so that fixing them and
  // drawing the rest from L gives the conditional distribution (see
  // scenario_defaults.cpp).
  const std::size_t nf = model.factors.size();
  std::vector<std::size_t> order;  // internal -> model index
  for (const auto& ff : model.fixed_factors) {
    for (std::size_t k = 0; k < nf; ++k)
      if (model.factors[k].name == ff.name && std::find(order.begin(), order.end(), k) == order.end()) {
        order.push_back(k);
        pb.fixed_values.push_back(ff.value);
      }
  }
  for (std::size_t k = 0; k < nf; ++k)
    if (std::find(order.begin(), order.end(), k) == order.end()) order.push_back(k);
  std::vector<std::size_t> internal_of(nf);
  for (std::size_t i = 0; i < nf; ++i) internal_of[order[i]] = i;
  Eigen::MatrixXd corr = Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(nf), static_cast<Eigen::Index>(nf));
  for (const auto& c : model.correlations) {
    std::size_t a = 0, b = 0;
    for (std::size_t k = 0; k < nf; ++k) {
      if (model.factors[k].name == c.a) a = internal_of[k];
      if (model.factors[k].name == c.b) b = internal_of[k];
    }
    corr(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) = c.rho;
    corr(static_cast<Eigen::Index>(b), static_cast<Eigen::Index>(a)) = c.rho;
  }
  for (std::size_t i = 0; i < nf; ++i) pb.factor_names.push_back(model.factors[order[i]].name);
  pb.cholesky = factor_cholesky(corr);
  if (!pb.cholesky.warning.empty()) pb.warnings.push_back(pb.cholesky.warning);
  const Eigen::MatrixXd& C = pb.cholesky.correlation;

  std::map<float, std::uint16_t> lgd_table_of;
  std::map<double, std::uint16_t> rate_of;
  int remaining_max = 0;
  std::map<std::vector<double>, std::uint32_t> group_of;
  std::map<std::pair<std::uint32_t, double>, std::uint32_t> segment_of;
  struct Pending {
    LoanRecord rec;
    std::uint32_t book_index;
    std::uint32_t segment;
    std::int16_t age_end;
  };
  std::vector<Pending> pending;
  pending.reserve(book.loans.size());
  bool clamped_loading = false;

  for (std::size_t i = 0; i < book.loans.size(); ++i) {
    const BookLoan& l = book.loans[i];
    LoanRecord r;
    const int start = start_months.empty() ? 0 : start_months[i];
    if (start < 0) bad_loan(l, "start_month", "must be >= 0");
    if (start >= pb.horizon_months) continue;  // starts after the horizon: no risk within it
    r.start_month = static_cast<std::uint8_t>(start);
    if (l.remaining_months < 1) bad_loan(l, "remaining_months", "must be >= 1");
    r.remaining_months = static_cast<std::int16_t>(std::min(l.remaining_months, 32000));
    remaining_max = std::max(remaining_max, static_cast<int>(r.remaining_months));
    // Loan-currency minor unit -> fund-currency minor units, at the rule's rate.
    auto factor = to_fund_by_currency.find(l.currency.code_view());
    if (factor == to_fund_by_currency.end()) {
      try {
        factor = to_fund_by_currency.emplace(std::string(l.currency.code_view()),
                                             conversion_factor(l.currency, fund_currency, fx)).first;
      } catch (const DataError& e) {
        bad_loan(l, e.site().field, e.rule());
      }
    }
    const double to_fund = factor->second;
    r.balance_minor = static_cast<double>(l.outstanding_minor) * to_fund;
    const double rr = l.annual_rate.to_double() / 12.0;
    {
      auto [it, added] = rate_of.emplace(rr, static_cast<std::uint16_t>(pb.monthly_rates.size()));
      if (added) {
        if (pb.monthly_rates.size() >= static_cast<std::size_t>(kRatesMax))
          bad_loan(l, "annual_rate", "more than 65,535 distinct interest rates in one book");
        pb.monthly_rates.push_back(rr);
      }
      r.rate_index = it->second;
    }
    r.schedule_code = static_cast<std::uint8_t>(l.schedule);
    if (l.schedule == ScheduleType::annuity && rr > 0) {
      r.payment_minor = static_cast<float>(r.balance_minor * rr /
                                           (1.0 - std::pow(1.0 + rr, -static_cast<double>(r.remaining_months))));
    }
    r.bank = index_of(pb.bank_ids, l.bank);
    r.association = index_of(pb.association_ids, l.association);
    int trigger_dpd = 90;
    if (!l.agreement.empty()) {
      auto it = agreement_index.find(l.agreement);
      if (it == agreement_index.end())
        bad_loan(l, "agreement", "agreement '" + l.agreement + "' is not in the agreements");
      r.agreement = it->second;
      trigger_dpd = agreements[it->second].terms.claim_trigger_dpd;
    }
    r.trigger_months = static_cast<std::uint8_t>(claim_trigger_months(trigger_dpd));  // <= kClaimTriggerMonthsMax

    // PD: the loan's own, else the first matching segment, else the default.
    double pd = model.pd_annual_default;
    if (l.pd_annual) {
      pd = *l.pd_annual;
    } else {
      for (const auto& s : model.pd_segments)
        if (s.filter.matches(l)) {
          pd = s.pd_annual;
          break;
        }
    }
    for (const auto& m : model.pd_multipliers)
      if (m.filter.matches(l)) pd *= m.multiplier;
    if (l.days_past_due > 0 && l.days_past_due < trigger_dpd) pd *= model.past_due_pd_multiplier;
    pd = std::min(pd, 0.999);
    if (l.days_past_due >= trigger_dpd) pd = 1.0;  // already claimable: recognised in month 1

    double lgd = model.lgd_mean;
    if (l.lgd) {
      lgd = *l.lgd;
    } else {
      for (const auto& s : model.lgd_segments)
        if (s.filter.matches(l)) {
          lgd = s.mean;
          break;
        }
    }
    r.lgd_mean = static_cast<float>(std::clamp(lgd + model.lgd_shift, 0.0, 1.0));
    if (model.lgd_kind == LgdKind::beta && r.lgd_mean > 0.0f && r.lgd_mean < 1.0f) {
      auto it = lgd_table_of.find(r.lgd_mean);
      if (it == lgd_table_of.end() && lgd_table_of.size() < static_cast<std::size_t>(kLgdTablesMax)) {
        // Beta(a, b) with the loan's mean and the model's sd (shrunk if the
        // mean cannot carry that much spread).
        const double mu = r.lgd_mean;
        const double sd = std::min(model.lgd_sd, 0.999 * std::sqrt(mu * (1.0 - mu)));
        const double k = mu * (1.0 - mu) / (sd * sd) - 1.0;
        const double a = mu * k, bb = (1.0 - mu) * k;
        const auto id = static_cast<std::uint16_t>(lgd_table_of.size());
        for (int q = 0; q <= kLgdTableSize; ++q) {
          const double u = static_cast<double>(q) / kLgdTableSize;
          pb.lgd_tables.push_back(q == 0 ? 0.0f : q == kLgdTableSize ? 1.0f
                                                                     : static_cast<float>(boost::math::ibeta_inv(a, bb, u)));
        }
        it = lgd_table_of.emplace(r.lgd_mean, id).first;
      }
      if (it != lgd_table_of.end()) r.lgd_table = it->second;
    }

    // Loadings in internal factor order; the key of the loading group.
    std::vector<double> b(nf, 0.0);
    for (std::size_t k = 0; k < nf; ++k)
      if (model.factors[k].applies_to.matches(l)) {
        double v = model.factors[k].loading + model.loading_shift;
        if (v < 0.0 || v > 0.99) clamped_loading = true;
        b[internal_of[k]] = std::clamp(v, 0.0, 0.99);
      }
    auto [git, gnew] = group_of.emplace(b, static_cast<std::uint32_t>(pb.groups.size()));
    if (gnew) {
      Eigen::Map<const Eigen::VectorXd> bv(b.data(), static_cast<Eigen::Index>(nf));
      const double sys_var = nf ? bv.dot(C * bv) : 0.0;
      if (!(sys_var < 0.9999))
        bad_loan(l, "factors", fmt::format("its factor loadings explain {:.4f} of the latent variance (must be < 1)",
                                           sys_var));
      pb.groups.push_back({b, std::sqrt(1.0 - sys_var)});
    }
    auto [sit, snew] = segment_of.emplace(std::make_pair(git->second, pd), static_cast<std::uint32_t>(pb.segments.size()));
    if (snew) pb.segments.push_back({git->second, pd});

    // Months at risk: the loan's life (extended by a moratorium it lives
    // through) cut at the horizon.
    int life_end = r.start_month, paid = 0;
    while (paid < r.remaining_months && life_end < pb.horizon_months) {
      ++life_end;
      if (moratorium_overlap(model.moratorium, life_end - 1, life_end) == 0) ++paid;
    }
    const int age_end = std::min(life_end, pb.horizon_months) - r.start_month;
    if (age_end <= 0) continue;  // starts after the horizon: no risk within it
    pending.push_back({r, static_cast<std::uint32_t>(i), sit->second, static_cast<std::int16_t>(age_end)});
  }
  if (clamped_loading) pb.warnings.push_back("some factor loadings were clamped to [0, 0.99] after loading_shift");

  // Growth tables (1 + r)^k, k = 0..remaining_max.
  pb.growth_stride = std::min(remaining_max, 420) + 1;  // longer terms fall back to pow()
  const std::size_t tables = std::min<std::size_t>(pb.monthly_rates.size(), kGrowthTablesMax);
  pb.growth.resize(tables * static_cast<std::size_t>(pb.growth_stride));
  for (std::size_t t = 0; t < tables; ++t)
    for (int k = 0; k < pb.growth_stride; ++k)
      pb.growth[t * static_cast<std::size_t>(pb.growth_stride) + static_cast<std::size_t>(k)] =
          std::pow(1.0 + pb.monthly_rates[t], k);

  std::vector<std::uint32_t> idx(pending.size());
  std::iota(idx.begin(), idx.end(), 0u);
  std::sort(idx.begin(), idx.end(), [&](std::uint32_t a, std::uint32_t b) {
    const auto& x = pending[a];
    const auto& y = pending[b];
    if (x.segment != y.segment) return x.segment < y.segment;
    if (x.rec.start_month != y.rec.start_month) return x.rec.start_month < y.rec.start_month;
    if (x.age_end != y.age_end) return x.age_end < y.age_end;
    return a < b;
  });
  pb.loans.reserve(idx.size());
  pb.loan_book_index.reserve(idx.size());
  for (std::uint32_t k : idx) {
    const auto& p = pending[k];
    const auto pos = static_cast<std::uint32_t>(pb.loans.size());
    if (pb.runs.empty() || pb.runs.back().segment != p.segment || pb.runs.back().start_month != p.rec.start_month ||
        pb.runs.back().age_end != p.age_end)
      pb.runs.push_back({pos, pos, p.segment, static_cast<std::int16_t>(p.rec.start_month), p.age_end});
    pb.runs.back().end = pos + 1;
    pb.loans.push_back(p.rec);
    pb.loan_book_index.push_back(p.book_index);
  }
  return pb;
}

}  // namespace gfund::risk
