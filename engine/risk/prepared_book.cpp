// Compiling a book: per-loan parameters resolved once (PD, LGD, FX, terms,
// factor loadings) and loans sorted into runs, so the scenario loop touches
// only runs and defaulted loans.
#include "engine/risk/prepared_book.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>

#include <boost/math/special_functions/beta.hpp>
#include <fmt/format.h>

#include "models/errors.hpp"
#include "models/fx.hpp"
#include "models/schedule.hpp"

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


namespace {

void copy_model_settings(PreparedBook& pb, const Book& book, const RiskModel& model, const Currency& fund_currency) {
  pb.as_of = book.as_of;
  pb.horizon_months = model.horizon_months;
  pb.fund_currency = fund_currency;
  pb.copula = model.copula;
  pb.t_dof = model.t_dof;
  pb.lgd_kind = model.lgd_kind;
  pb.lgd_sd = model.lgd_sd;
  pb.recovery_lag_months = model.recovery_lag_months;
  pb.moratorium = model.moratorium;
  pb.euler_level = model.euler_level;
}

// Banks, associations and agreements as sorted id lists; returns each
// agreement's index.
std::map<std::string, std::uint16_t> index_entities(PreparedBook& pb, const Book& book,
                                                    const std::vector<Agreement>& agreements) {
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
  return agreement_index;
}

// Factors in internal order: fixed ones first, so that fixing them and
// drawing the rest from L gives the conditional distribution (see
// scenario_defaults.cpp). Returns internal index by model index.
std::vector<std::size_t> order_factors(PreparedBook& pb, const RiskModel& model) {
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
  return internal_of;
}

// Annual PD: the loan's own, else its segment's (risk_model.hpp); stressed,
// raised for a loan past due, 1 for one already claimable.
double loan_pd(const BookLoan& l, const RiskModel& model, int trigger_dpd) {
  double pd = l.pd_annual ? *l.pd_annual
                          : segment_pd_annual(model, l.bank, l.association, l.sector, l.currency.code_view());
  for (const auto& m : model.pd_multipliers)
    if (m.filter.matches(l)) pd *= m.multiplier;
  pd = std::min(past_due_pd_annual(model, pd, l.days_past_due, trigger_dpd), 0.999);
  if (l.days_past_due >= trigger_dpd) pd = 1.0;  // already claimable: recognised in month 1
  return pd;
}

// Mean LGD: the loan's own, else its segment's (risk_model.hpp); shifted and
// kept in [0, 1].
double loan_lgd_mean(const BookLoan& l, const RiskModel& model) {
  const double lgd =
      l.lgd ? *l.lgd : segment_lgd_mean(model, l.bank, l.association, l.sector, l.currency.code_view());
  return std::clamp(lgd + model.lgd_shift, 0.0, 1.0);
}

// Beta(a, b) quantiles with mean mu and the model's sd (shrunk if the mean
// cannot carry that much spread), into `table` (kLgdTableSize + 1 points).
// mu 0 and 1 are the degenerate LGDs (grid ends).
void fill_beta_table(float* table, double mu, double model_sd) {
  if (mu <= 0.0 || mu >= 1.0) {
    std::fill(table, table + kLgdTableSize + 1, static_cast<float>(mu >= 1.0));
    return;
  }
  const double sd = std::min(model_sd, 0.999 * std::sqrt(mu * (1.0 - mu)));
  const double k = mu * (1.0 - mu) / (sd * sd) - 1.0;
  const double a = mu * k, bb = (1.0 - mu) * k;
  for (int q = 0; q <= kLgdTableSize; ++q) {
    const double u = static_cast<double>(q) / kLgdTableSize;
    table[q] = q == 0 ? 0.0f : q == kLgdTableSize ? 1.0f : static_cast<float>(boost::math::ibeta_inv(a, bb, u));
  }
}

// A loan compiled, before sorting into runs.
struct Pending {
  LoanRecord rec;
  std::uint32_t book_index;
  std::uint32_t segment;
  std::int16_t age_end;
};

// Beta LGD tables for the loans whose LGD is drawn (0 < mean < 1). Up to
// kLgdTablesMax distinct means: one table each, at the loan's mean. More (a
// book whose every loan has its own LGD): tables at the kLgdGridSteps + 1
// grid means i / kLgdGridSteps that the loans fall between, and each loan
// draws the comonotone mix of its two neighbours (one uniform, both tables),
// weighted so that its mean LGD is its own to 4e-8; the spread is its
// neighbours', within 1 / kLgdGridSteps of the mean. Tables are filled in
// parallel (each a pure function of its mean): a table is ~4,000 inverse
// beta CDFs, the prepare's one long step.
void assign_lgd_tables(PreparedBook& pb, std::vector<Pending>& pending, double model_sd) {
  if (pb.lgd_kind != LgdKind::beta) return;
  const auto drawn = [](const LoanRecord& r) { return r.lgd_ppm > 0 && r.lgd_ppm < 1'000'000; };
  std::map<std::uint32_t, std::uint16_t> table_of;  // by LGD mean, ppm
  for (const Pending& p : pending)
    if (drawn(p.rec)) table_of.emplace(p.rec.lgd_ppm, 0);
  std::vector<double> means;
  if (table_of.size() <= static_cast<std::size_t>(kLgdTablesMax)) {
    for (auto& [ppm, id] : table_of) {
      id = static_cast<std::uint16_t>(means.size());
      means.push_back(static_cast<double>(ppm) / 1e6);
    }
    for (Pending& p : pending)
      if (drawn(p.rec)) p.rec.lgd_table = table_of.at(p.rec.lgd_ppm);
  } else {
    std::vector<unsigned char> needed(kLgdGridSteps + 1, 0);
    for (Pending& p : pending) {
      if (!drawn(p.rec)) continue;
      // ppm x steps / 1e6 exactly in integers: the grid index below, and the weight of the one above.
      const std::uint64_t scaled = static_cast<std::uint64_t>(p.rec.lgd_ppm) * kLgdGridSteps;
      auto i = static_cast<std::uint16_t>(scaled / 1'000'000);
      auto w = static_cast<std::uint32_t>(((scaled % 1'000'000) * 65536 + 500'000) / 1'000'000);
      if (w == 65536) ++i, w = 0;
      p.rec.lgd_table = i;
      p.rec.lgd_weight = static_cast<std::uint16_t>(w);
      needed[i] = 1;
      if (w) needed[i + 1u] = 1;
    }
    for (int i = 0; i <= kLgdGridSteps; ++i) means.push_back(needed[static_cast<std::size_t>(i)] ? static_cast<double>(i) / kLgdGridSteps : -1.0);
  }
  pb.lgd_tables.assign(means.size() * (kLgdTableSize + 1), 0.0f);
  const auto n = static_cast<std::int64_t>(means.size());
#pragma omp parallel for schedule(dynamic)
  for (std::int64_t t = 0; t < n; ++t)
    if (means[static_cast<std::size_t>(t)] >= 0.0)  // a grid point no loan needs stays empty
      fill_beta_table(pb.lgd_tables.data() + t * (kLgdTableSize + 1), means[static_cast<std::size_t>(t)], model_sd);
}

// One pass over the book: each loan's record, with the tables (rates, LGD
// quantiles, loading groups, segments) it shares with others built as met.
class BookCompiler {
 public:
  BookCompiler(PreparedBook& pb, const std::vector<Agreement>& agreements, const RiskModel& model,
               std::map<std::string, std::uint16_t> agreement_index, std::vector<std::size_t> internal_of)
      : pb_(pb), agreements_(agreements), model_(model), agreement_index_(std::move(agreement_index)),
        internal_of_(std::move(internal_of)), fx_{pb.fund_currency, model.fx_per_fund_unit} {}

  void add(const BookLoan& l, std::size_t i, int start);
  std::vector<Pending>& pending() { return pending_; }
  bool clamped_loading() const { return clamped_loading_; }

 private:
  void set_money(LoanRecord& r, const BookLoan& l);
  int set_agreement(LoanRecord& r, const BookLoan& l);
  void set_lgd(LoanRecord& r, const BookLoan& l);
  std::uint32_t segment(const BookLoan& l, double pd);
  int months_at_risk(const LoanRecord& r) const;

  PreparedBook& pb_;
  const std::vector<Agreement>& agreements_;
  const RiskModel& model_;
  const std::map<std::string, std::uint16_t> agreement_index_;
  const std::vector<std::size_t> internal_of_;
  const FxRates fx_;
  // Balances already tabled, by the terms that decide them (currency,
  // outstanding, rate ppm, installments left, schedule type, last entry).
  using Terms = std::tuple<std::string, std::int64_t, std::int64_t, int, int, int>;
  std::map<Terms, std::uint32_t> balances_of_;
  std::map<std::vector<double>, std::uint32_t> group_of_;
  std::map<std::pair<std::uint32_t, double>, std::uint32_t> segment_of_;
  std::vector<Pending> pending_;
  bool clamped_loading_ = false;
};

// The loan's scheduled balances within the horizon, in fund currency minor
// units (models/schedule.hpp's rule, converted once by models/fx.hpp's), and
// its schedule type. Loans with the same terms share one table.
void BookCompiler::set_money(LoanRecord& r, const BookLoan& l) {
  const int last = std::min<int>(r.remaining_months, pb_.horizon_months - r.start_month);
  r.balance_last = static_cast<std::uint16_t>(last);
  r.schedule_code = static_cast<std::uint8_t>(l.schedule);
  Terms key{std::string(l.currency.code_view()), l.outstanding_minor, l.annual_rate.ppm, r.remaining_months,
            static_cast<int>(l.schedule), last};
  if (auto it = balances_of_.find(key); it != balances_of_.end()) {
    r.balance_offset = it->second;
    return;
  }
  if (pb_.balances.size() + static_cast<std::size_t>(last) + 1 > static_cast<std::size_t>(kBalanceEntriesMax))
    bad_loan(l, "loan", "the book's scheduled balances pass kBalanceEntriesMax entries");
  const auto offset = static_cast<std::uint32_t>(pb_.balances.size());
  try {
    for (const Money& m : position_balances(Money(l.currency, l.outstanding_minor), l.annual_rate, r.remaining_months,
                                            l.schedule, last))
      pb_.balances.push_back(convert_minor(m.minor(), l.currency, pb_.fund_currency, fx_));
  } catch (const DataError& e) {
    pb_.balances.resize(offset);
    bad_loan(l, e.site().field, e.rule());
  }
  balances_of_.emplace(std::move(key), offset);
  r.balance_offset = offset;
}

// The loan's agreement and claim trigger; returns the trigger in days.
int BookCompiler::set_agreement(LoanRecord& r, const BookLoan& l) {
  int trigger_dpd = 90;
  if (!l.agreement.empty()) {
    auto it = agreement_index_.find(l.agreement);
    if (it == agreement_index_.end()) bad_loan(l, "agreement", "agreement '" + l.agreement + "' is not in the agreements");
    r.agreement = it->second;
    trigger_dpd = agreements_[it->second].terms.claim_trigger_dpd;
  }
  r.trigger_months = static_cast<std::uint8_t>(claim_trigger_months(trigger_dpd));  // <= kClaimTriggerMonthsMax
  return trigger_dpd;
}

// The LGD mean in ppm, as every share gfund applies to money: the loss is
// EAD x LGD rounded once. Beta tables are assigned once all loans are in
// (assign_lgd_tables).
void BookCompiler::set_lgd(LoanRecord& r, const BookLoan& l) {
  r.lgd_ppm = static_cast<std::uint32_t>(std::lround(loan_lgd_mean(l, model_) * 1e6));
}

// The loan's (loading group, PD) segment: loadings in internal factor
// order, each group's idiosyncratic weight checked once.
std::uint32_t BookCompiler::segment(const BookLoan& l, double pd) {
  const std::size_t nf = model_.factors.size();
  std::vector<double> b(nf, 0.0);
  for (std::size_t k = 0; k < nf; ++k)
    if (model_.factors[k].applies_to.matches(l)) {
      const double v = model_.factors[k].loading + model_.loading_shift;
      if (v < 0.0 || v > 0.99) clamped_loading_ = true;
      b[internal_of_[k]] = std::clamp(v, 0.0, 0.99);
    }
  auto [git, gnew] = group_of_.emplace(b, static_cast<std::uint32_t>(pb_.groups.size()));
  if (gnew) {
    Eigen::Map<const Eigen::VectorXd> bv(b.data(), static_cast<Eigen::Index>(nf));
    const double sys_var = nf ? bv.dot(pb_.cholesky.correlation * bv) : 0.0;
    if (!(sys_var < 0.9999))
      bad_loan(l, "factors",
               fmt::format("its factor loadings explain {:.4f} of the latent variance (must be < 1)", sys_var));
    pb_.groups.push_back({b, std::sqrt(1.0 - sys_var)});
  }
  auto [sit, snew] = segment_of_.emplace(std::make_pair(git->second, pd), static_cast<std::uint32_t>(pb_.segments.size()));
  if (snew) pb_.segments.push_back({git->second, pd});
  return sit->second;
}

// Months at risk: the loan's life (extended by a moratorium it lives
// through) cut at the horizon, counted from its start.
int BookCompiler::months_at_risk(const LoanRecord& r) const {
  int life_end = r.start_month, paid = 0;
  while (paid < r.remaining_months && life_end < pb_.horizon_months) {
    ++life_end;
    if (moratorium_overlap(model_.moratorium, life_end - 1, life_end) == 0) ++paid;
  }
  return std::min(life_end, pb_.horizon_months) - r.start_month;
}

void BookCompiler::add(const BookLoan& l, std::size_t i, int start) {
  if (start < 0) bad_loan(l, "start_month", "must be >= 0");
  if (start >= pb_.horizon_months) return;  // starts after the horizon: no risk within it
  LoanRecord r;
  r.start_month = static_cast<std::uint8_t>(start);
  if (l.remaining_months < 1) bad_loan(l, "remaining_months", "must be >= 1");
  r.remaining_months = static_cast<std::int16_t>(std::min(l.remaining_months, 32000));
  set_money(r, l);
  r.bank = index_of(pb_.bank_ids, l.bank);
  r.association = index_of(pb_.association_ids, l.association);
  const int trigger_dpd = set_agreement(r, l);
  const double pd = loan_pd(l, model_, trigger_dpd);
  set_lgd(r, l);
  r.pd_annual = pd;
  const std::uint32_t seg = segment(l, pd);
  const int age_end = months_at_risk(r);
  if (age_end <= 0) return;  // starts after the horizon: no risk within it
  pending_.push_back({r, static_cast<std::uint32_t>(i), seg, static_cast<std::int16_t>(age_end)});
}

// Per-loan PDs (prepared_book.hpp): in each loading group with more than
// kExactPdsPerGroup distinct PDs, the segments at or below kPdBucketMax
// become grid buckets, each bounded below by the segment at its lower grid
// point (a segment of its own, holding the next bucket's loans or none).
// The segments are renumbered and every loan moved to its new one.
void bucket_pds(PreparedBook& pb, std::vector<Pending>& pending) {
  std::vector<std::size_t> distinct(pb.groups.size(), 0);
  for (const Segment& s : pb.segments) distinct[s.group] += s.pd_annual <= kPdBucketMax;
  const auto bucketed = [&](const Segment& s) {
    return distinct[s.group] > kExactPdsPerGroup && s.pd_annual <= kPdBucketMax;
  };
  if (std::none_of(pb.segments.begin(), pb.segments.end(), bucketed)) return;
  std::vector<Segment> segments;
  std::map<std::pair<std::uint32_t, double>, std::uint32_t> id_of;
  const auto at = [&](std::uint32_t group, double pd) {
    auto [it, fresh] = id_of.emplace(std::make_pair(group, pd), static_cast<std::uint32_t>(segments.size()));
    if (fresh) segments.push_back({group, pd});
    return it->second;
  };
  std::vector<std::uint32_t> renumbered(pb.segments.size());
  for (std::size_t s = 0; s < pb.segments.size(); ++s) {
    const Segment& old = pb.segments[s];
    if (!bucketed(old)) {
      renumbered[s] = at(old.group, old.pd_annual);
      continue;
    }
    const PdBucket b = pd_bucket(old.pd_annual);
    const std::uint32_t lower = at(old.group, b.lo);
    renumbered[s] = at(old.group, b.hi);
    segments[renumbered[s]].lower = lower;
  }
  pb.segments = std::move(segments);
  for (Pending& p : pending) p.segment = renumbered[p.segment];
}

// Loans sorted by (segment, start month, months at risk), book order within,
// and cut into runs of equal keys.
void sort_into_runs(PreparedBook& pb, const std::vector<Pending>& pending) {
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
}

}  // namespace

PreparedBook prepare_book(const Book& book, const std::vector<Agreement>& agreements, const RiskModel& model,
                          const Currency& fund_currency, std::span<const int> start_months) {
  validate(model);
  if (!start_months.empty() && start_months.size() != book.loans.size())
    throw UsageError("start_months must be empty or one per loan");
  if (book.loans.size() >= 0xFFFFFFFFu) throw DataError("book too large (2^32 loans)");
  PreparedBook pb;
  copy_model_settings(pb, book, model, fund_currency);
  auto agreement_index = index_entities(pb, book, agreements);
  auto internal_of = order_factors(pb, model);
  BookCompiler compiler(pb, agreements, model, std::move(agreement_index), std::move(internal_of));
  compiler.pending().reserve(book.loans.size());
  for (std::size_t i = 0; i < book.loans.size(); ++i)
    compiler.add(book.loans[i], i, start_months.empty() ? 0 : start_months[i]);
  if (compiler.clamped_loading()) pb.warnings.push_back("some factor loadings were clamped to [0, 0.99] after loading_shift");
  assign_lgd_tables(pb, compiler.pending(), model.lgd_sd);
  bucket_pds(pb, compiler.pending());
  sort_into_runs(pb, compiler.pending());
  return pb;
}

PdBucket pd_bucket(double pd) {
  const auto grid = [](int k) { return std::exp2(static_cast<double>(k) / kPdGridSteps); };
  // The rounding of log2 and exp2 is settled by stepping: grid(k - 1) < pd <= grid(k).
  auto k = static_cast<int>(std::ceil(kPdGridSteps * std::log2(pd)));
  while (grid(k) < pd) ++k;
  while (grid(k - 1) >= pd) --k;
  return {grid(k - 1), grid(k)};
}

}  // namespace gfund::risk
