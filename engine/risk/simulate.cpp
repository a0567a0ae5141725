#include "engine/risk/simulate.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <omp.h>

#include "engine/risk/importance.hpp"
#include "engine/risk/mpi_ranks.hpp"
#include "engine/risk/risk_stats.hpp"
#include "models/errors.hpp"
#include "models/limits.hpp"

namespace gfund::risk {

namespace {
int thread_count(int requested) { return requested > 0 ? requested : omp_get_max_threads(); }

void check(const SimulationOptions& o) {
  if (o.scenarios < 1) throw UsageError("scenarios must be >= 1", {.field = "--scenarios"});
  if (o.scenarios > kScenariosMax)
    throw UsageError(fmt::format("scenarios must be <= {} (models/limits.hpp)", kScenariosMax), {.field = "--scenarios"});
  if (o.threads < 0) throw UsageError("threads must be >= 0", {.field = "--threads"});
  if (o.method == Method::importance && !(o.tail_level >= 0.5 && o.tail_level < 1.0))
    throw UsageError("the importance-sampling level must be within [0.5, 1)", {.field = "--is-level"});
}

// The factor shift the options ask for: importance sampling's toward the tail, else none.
std::vector<double> shift_for(const PreparedBook& book, const SimulationOptions& o) {
  if (o.method != Method::importance) return {};
  return tail_shift(book, o.tail_level, o.seed).mu;
}
}  // namespace

// Each rank draws its own range of scenarios (mpi_ranks.hpp); one process
// draws them all. The rows are then shared, so every rank holds the matrix
// one process would.
OutcomeMatrix run_scenarios(const PreparedBook& book, const ClaimsSetup& setup, const SimulationOptions& options) {
  check(options);
  OutcomeMatrix m;
  m.layout = layout_of(book);
  m.scenarios = options.scenarios;
  const ranks::ScenarioRange mine = ranks::scenario_range(options.scenarios);
  m.first = mine.first;
  m.cells.assign(mine.count * m.layout.width(), 0);
  const auto first = static_cast<std::int64_t>(mine.first), end = first + static_cast<std::int64_t>(mine.count);
  const std::vector<double> shift = shift_for(book, options);
  if (!shift.empty()) {
    m.weights.assign(options.scenarios, 1.0);
    m.shift = shift;
    m.tail_level = options.tail_level;
  }
  const auto done = ranks::job_progress(options.on_scenario_done, mine.count, options.scenarios);
#pragma omp parallel num_threads(thread_count(options.threads))
  {
    ScenarioDrawer drawer(book);
    drawer.set_shift(shift);
    std::vector<Default> defaults;
#pragma omp for schedule(dynamic, 16)
    for (std::int64_t s = first; s < end; ++s) {
      drawer.draw(options.seed, static_cast<std::uint32_t>(s), defaults);
      if (!shift.empty()) m.weights[static_cast<std::size_t>(s)] = std::exp(drawer.log_weight());
      aggregate_scenario(book, setup, defaults, m.row(static_cast<std::size_t>(s)));
      if (done) done(1);
    }
  }
  if (!shift.empty()) ranks::share_rows(m.weights, 1, m.scenarios);
  return m;
}

// Each rank records its own range of scenarios (mpi_ranks.hpp) and keeps
// them; the factors and weights of every scenario are shared.
DefaultSet record_defaults(const PreparedBook& book, const SimulationOptions& options) {
  check(options);
  const ranks::ScenarioRange mine = ranks::scenario_range(options.scenarios);
  const auto n = static_cast<std::int64_t>(options.scenarios);
  const auto first = static_cast<std::int64_t>(mine.first);
  std::vector<std::vector<Default>> per(mine.count);
  const std::size_t nf = book.factor_names.size();
  DefaultSet set;
  set.factors.assign(static_cast<std::size_t>(n) * nf, 0.0);
  set.shift = shift_for(book, options);
  set.tail_level = set.shift.empty() ? 0.0 : options.tail_level;
  if (!set.shift.empty()) set.weights.assign(static_cast<std::size_t>(n), 1.0);
  const auto done = ranks::job_progress(options.on_scenario_done, mine.count, options.scenarios);
#pragma omp parallel num_threads(thread_count(options.threads))
  {
    ScenarioDrawer drawer(book);
    drawer.set_shift(set.shift);
#pragma omp for schedule(dynamic, 16)
    for (std::int64_t s = first; s < first + static_cast<std::int64_t>(mine.count); ++s) {
      drawer.draw(options.seed, static_cast<std::uint32_t>(s), per[static_cast<std::size_t>(s - first)]);
      if (!set.shift.empty()) set.weights[static_cast<std::size_t>(s)] = std::exp(drawer.log_weight());
      std::copy(drawer.factors().begin(), drawer.factors().end(), set.factors.begin() + s * static_cast<std::int64_t>(nf));
      if (done) done(1);
    }
  }
  set.seed = options.seed;
  set.total = static_cast<std::size_t>(n);
  set.first = mine.first;
  ranks::share_rows(set.factors, nf, options.scenarios);
  if (!set.shift.empty()) ranks::share_rows(set.weights, 1, options.scenarios);
  set.offsets.reserve(per.size() + 1);
  set.offsets.push_back(0);
  std::size_t total = 0;
  for (const auto& v : per) total += v.size();
  set.defaults.reserve(total);
  for (auto& v : per) {
    set.defaults.insert(set.defaults.end(), v.begin(), v.end());
    set.offsets.push_back(set.defaults.size());
    std::vector<Default>().swap(v);
  }
  return set;
}

OutcomeMatrix aggregate_claims(const PreparedBook& book, const DefaultSet& defaults, const ClaimsSetup& setup,
                               int threads) {
  OutcomeMatrix m;
  m.layout = layout_of(book);
  m.scenarios = defaults.scenarios();
  m.cells.assign(m.scenarios * m.layout.width(), 0);
  m.weights = defaults.weights;
  m.shift = defaults.shift;
  m.tail_level = defaults.tail_level;
  const auto first = static_cast<std::int64_t>(defaults.first);
  const auto end = first + static_cast<std::int64_t>(defaults.held());
#pragma omp parallel for schedule(dynamic, 64) num_threads(thread_count(threads))
  for (std::int64_t s = first; s < end; ++s)
    aggregate_scenario(book, setup, defaults.scenario(static_cast<std::size_t>(s)), m.row(static_cast<std::size_t>(s)));
  ranks::share_rows(m.cells, m.layout.width(), m.scenarios);
  return m;
}

namespace {

// The held rows' values in column `col`.
std::vector<std::int64_t> held_column(const OutcomeMatrix& out, std::size_t col) {
  std::vector<std::int64_t> v(out.held());
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = out.at(out.first + i, col);
  return v;
}

// Column `col` of every scenario, in scenario order: from the rows held, or
// gathered from the ranks holding them (mpi_ranks.hpp: rank 0 of a job).
std::vector<double> column(const OutcomeMatrix& out, std::size_t col) {
  const std::vector<std::int64_t> all =
      out.holds_all() ? held_column(out, col) : ranks::gather_column(col, held_column(out, col), out.scenarios);
  return std::vector<double>(all.begin(), all.end());
}

// The estimators the outcomes' sampling calls for: plain Monte Carlo's, or
// with likelihood-ratio weights (importance sampling) risk_stats.hpp's
// weighted ones. Weight w of scenario s: 1 when plain.
struct Estimators {
  std::span<const double> weights;  // empty = plain
  double w(std::size_t s) const { return weights.empty() ? 1.0 : weights[s]; }
  Distribution distribution(std::span<const double> v) const {
    return weights.empty() ? summarize_distribution(v) : summarize_weighted(v, weights);
  }
  Estimate share(const std::vector<unsigned char>& hits) const {
    if (!weights.empty()) return weighted_share(hits, weights);
    return probability_estimate(static_cast<std::size_t>(std::count(hits.begin(), hits.end(), 1)), hits.size());
  }
};

// The fund's tail scenarios the Euler contributions average over.
struct FundTail {
  std::vector<std::size_t> index;  // plain: tail_scenarios'
  std::vector<double> weight;      // weighted: weighted_tail's
  Estimate mean_over(std::span<const double> v) const {
    return weight.empty() ? risk::mean_over(v, index) : weighted_mean_over(v, weight);
  }
};

// The method, the factors' means under the sampling law (L mu, model names)
// and the weights' effective sample size.
void describe_sampling(const PreparedBook& book, const OutcomeMatrix& out, SimulationResult& r) {
  if (out.weights.empty()) {
    r.effective_scenarios = static_cast<double>(out.scenarios);
    return;
  }
  r.method = "importance";
  r.tail_level = out.tail_level;
  const auto& L = book.cholesky.lower;
  for (std::size_t i = book.fixed_values.size(); i < out.shift.size(); ++i) {  // fixed factors stay fixed
    double mean = 0;
    for (std::size_t j = 0; j <= i; ++j) mean += L(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) * out.shift[j];
    r.factor_shift.emplace_back(book.factor_names[i], mean);
  }
  long double w1 = 0, w2 = 0;
  for (double w : out.weights) {
    w1 += w;
    w2 += static_cast<long double>(w) * w;
  }
  r.effective_scenarios = static_cast<double>(w1 * w1 / w2);
}

// P(exhaustion), by month and in all, and the defaults and gross claims per scenario.
void summarize_fund(const PreparedBook& book, const OutcomeMatrix& out, const Estimators& est, SimulationResult& r) {
  const std::size_t n = out.scenarios;
  r.exhaustion_month_probability.assign(static_cast<std::size_t>(book.horizon_months), 0.0);
  std::vector<unsigned char> exhausted(n, 0);
  const std::vector<double> month = column(out, OutcomeLayout::kExhaustMonth);
  for (std::size_t s = 0; s < n; ++s) {
    const auto m = static_cast<std::int64_t>(month[s]);
    if (m > 0) {
      exhausted[s] = 1;
      r.exhaustion_month_probability[static_cast<std::size_t>(m - 1)] += est.w(s) / static_cast<double>(n);
    }
  }
  r.exhaustion_probability = est.share(exhausted);
  r.defaults_mean = est.distribution(column(out, OutcomeLayout::kDefaults)).mean;
  long double g = 0;
  const std::vector<double> gross = column(out, OutcomeLayout::kClaimsGross);
  for (std::size_t s = 0; s < n; ++s) g += est.w(s) * static_cast<long double>(gross[s]);
  r.claims_gross_mean_minor = static_cast<double>(g / n);
}

// Exposure at start and loan counts per entity (fund minor units).
struct EntityExposure {
  std::vector<double> bank, association, agreement;
  std::vector<std::int64_t> bank_n, association_n, agreement_n;
  double fund = 0;
};

EntityExposure entity_exposure(const PreparedBook& book, const OutcomeLayout& lay) {
  EntityExposure x{std::vector<double>(lay.banks), std::vector<double>(lay.associations),
                   std::vector<double>(lay.agreements), std::vector<std::int64_t>(lay.banks),
                   std::vector<std::int64_t>(lay.associations), std::vector<std::int64_t>(lay.agreements), 0};
  for (const auto& l : book.loans) {
    const auto e = static_cast<double>(start_balance(book, l));
    x.fund += e;
    x.bank[l.bank] += e;
    ++x.bank_n[l.bank];
    x.association[l.association] += e;
    ++x.association_n[l.association];
    if (l.agreement != kNoIndex) {
      x.agreement[l.agreement] += e;
      ++x.agreement_n[l.agreement];
    }
  }
  return x;
}

// One entity's loss, claims and the bank's net loss distributions, and its
// Euler contribution to the fund's claims over the fund's tail scenarios.
EntityResult entity_result(const OutcomeMatrix& out, const Estimators& est, const FundTail& tail, EntityKind kind,
                           const std::string& id, std::int64_t loans, double exposure, std::size_t loss_col,
                           std::size_t claims_col) {
  EntityResult e;
  e.kind = kind;
  e.id = id;
  e.loans = loans;
  e.exposure_minor = exposure;
  const auto loss = column(out, loss_col);
  const auto claims = column(out, claims_col);
  std::vector<double> net(loss.size());
  for (std::size_t s = 0; s < net.size(); ++s) net[s] = loss[s] - claims[s];
  e.loss = est.distribution(loss);
  e.claims = est.distribution(claims);
  e.bank_net = est.distribution(net);
  e.es_contribution = tail.mean_over(claims);
  return e;
}

}  // namespace

SimulationResult summarize(const PreparedBook& book, const ClaimsSetup& setup, const OutcomeMatrix& out,
                           std::uint64_t seed) {
  SimulationResult r;
  r.as_of = book.as_of;
  r.horizon_months = book.horizon_months;
  r.seed = seed;
  r.scenarios = static_cast<std::uint32_t>(out.scenarios);
  r.currency = book.fund_currency;
  r.capital_minor = setup.capital_minor;
  r.euler_level = book.euler_level;
  r.warnings = book.warnings;
  const Estimators est{out.weights};
  describe_sampling(book, out, r);
  summarize_fund(book, out, est, r);
  const OutcomeLayout& lay = out.layout;
  const EntityExposure x = entity_exposure(book, lay);
  const auto fund_claims = column(out, OutcomeLayout::kClaimsNet);
  FundTail tail;
  if (out.weights.empty()) tail.index = tail_scenarios(fund_claims, book.euler_level);
  else tail.weight = weighted_tail(fund_claims, out.weights, book.euler_level);
  auto add = [&](EntityKind kind, const std::string& id, std::int64_t loans, double exposure, std::size_t loss_col,
                 std::size_t claims_col) {
    r.entities.push_back(entity_result(out, est, tail, kind, id, loans, exposure, loss_col, claims_col));
  };
  add(EntityKind::fund, "", static_cast<std::int64_t>(book.loans.size()), x.fund, OutcomeLayout::kLoss,
      OutcomeLayout::kClaimsNet);
  for (std::size_t b = 0; b < lay.banks; ++b)
    add(EntityKind::bank, book.bank_ids[b], x.bank_n[b], x.bank[b], lay.bank_loss(b), lay.bank_claims(b));
  for (std::size_t a = 0; a < lay.associations; ++a)
    add(EntityKind::association, book.association_ids[a], x.association_n[a], x.association[a], lay.assoc_loss(a),
        lay.assoc_claims(a));
  for (std::size_t g = 0; g < lay.agreements; ++g)
    add(EntityKind::agreement, book.agreement_ids[g], x.agreement_n[g], x.agreement[g], lay.agr_loss(g),
        lay.agr_claims(g));
  return r;
}

SimulationRun simulate_with_outcomes(const Book& book, const std::vector<Agreement>& agreements,
                                     const RiskModel& model, const FundInputs& fund,
                                     const SimulationOptions& options) {
  const PreparedBook pb = prepare_book(book, agreements, model, fund.currency);
  const ClaimsSetup setup = make_claims_setup(pb, agreements, model, fund);
  SimulationRun run;
  run.scenarios.matrix = run_scenarios(pb, setup, options);
  run.scenarios.bank_ids = pb.bank_ids;
  run.scenarios.association_ids = pb.association_ids;
  OutcomeMatrix& m = run.scenarios.matrix;
  if (ranks::distributed() && options.keep_rows) {
    std::vector<std::int64_t> all(ranks::root() ? m.scenarios * m.layout.width() : 0);
    ranks::gather_rows_to_root(m.cells.data(), all.data(), m.layout.width() * sizeof(std::int64_t), m.scenarios);
    if (ranks::root()) m.cells = std::move(all), m.first = 0;
  }
  // Without every row on rank 0, rank 0 asks the other ranks for each column
  // (decided alike on every rank, from the options).
  const bool by_column = ranks::distributed() && !options.keep_rows;
  if (!ranks::root()) {
    if (by_column) ranks::serve_columns([&m](std::uint64_t col) { return held_column(m, col); });
    return run;
  }
  run.result = summarize(pb, setup, m, options.seed);
  run.result.model_name = model.name;
  if (by_column) ranks::end_columns();
  return run;
}

SimulationResult simulate(const Book& book, const std::vector<Agreement>& agreements, const RiskModel& model,
                          const FundInputs& fund, const SimulationOptions& options) {
  SimulationOptions o = options;
  o.keep_rows = false;  // the summary only: no rank gathers every row
  return simulate_with_outcomes(book, agreements, model, fund, o).result;
}

}  // namespace gfund::risk
