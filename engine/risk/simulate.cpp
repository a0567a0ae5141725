#include "engine/risk/simulate.hpp"

#include <algorithm>
#include <cmath>

#include <omp.h>

#include "engine/risk/risk_stats.hpp"
#include "models/errors.hpp"

namespace gfund::risk {

namespace {
int thread_count(int requested) { return requested > 0 ? requested : omp_get_max_threads(); }

void check(const SimulationOptions& o) {
  if (o.scenarios < 1) throw UsageError("scenarios must be >= 1", {.field = "--scenarios"});
  if (o.threads < 0) throw UsageError("threads must be >= 0", {.field = "--threads"});
}
}  // namespace

OutcomeMatrix run_scenarios(const PreparedBook& book, const ClaimsSetup& setup, const SimulationOptions& options) {
  check(options);
  OutcomeMatrix m;
  m.layout = layout_of(book);
  m.scenarios = options.scenarios;
  m.cells.assign(static_cast<std::size_t>(options.scenarios) * m.layout.width(), 0);
  const auto n = static_cast<std::int64_t>(options.scenarios);
#pragma omp parallel num_threads(thread_count(options.threads))
  {
    ScenarioDrawer drawer(book);
    std::vector<Default> defaults;
#pragma omp for schedule(dynamic, 16)
    for (std::int64_t s = 0; s < n; ++s) {
      drawer.draw(options.seed, static_cast<std::uint32_t>(s), defaults);
      aggregate_scenario(book, setup, defaults, m.row(static_cast<std::size_t>(s)));
      if (options.on_scenario_done) options.on_scenario_done(1);
    }
  }
  return m;
}

DefaultSet record_defaults(const PreparedBook& book, const SimulationOptions& options) {
  check(options);
  const auto n = static_cast<std::int64_t>(options.scenarios);
  std::vector<std::vector<Default>> per(static_cast<std::size_t>(n));
  const std::size_t nf = book.factor_names.size();
  DefaultSet set;
  set.factors.assign(static_cast<std::size_t>(n) * nf, 0.0);
#pragma omp parallel num_threads(thread_count(options.threads))
  {
    ScenarioDrawer drawer(book);
#pragma omp for schedule(dynamic, 16)
    for (std::int64_t s = 0; s < n; ++s) {
      drawer.draw(options.seed, static_cast<std::uint32_t>(s), per[static_cast<std::size_t>(s)]);
      std::copy(drawer.factors().begin(), drawer.factors().end(), set.factors.begin() + s * static_cast<std::int64_t>(nf));
    }
  }
  set.seed = options.seed;
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
  const auto n = static_cast<std::int64_t>(m.scenarios);
#pragma omp parallel for schedule(dynamic, 64) num_threads(thread_count(threads))
  for (std::int64_t s = 0; s < n; ++s)
    aggregate_scenario(book, setup, defaults.scenario(static_cast<std::size_t>(s)), m.row(static_cast<std::size_t>(s)));
  return m;
}

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
  const std::size_t n = out.scenarios;
  const OutcomeLayout& lay = out.layout;
  auto column = [&](std::size_t col) {
    std::vector<double> v(n);
    for (std::size_t s = 0; s < n; ++s) v[s] = static_cast<double>(out.at(s, col));
    return v;
  };
  auto difference = [&](const std::vector<double>& a, const std::vector<double>& b) {
    std::vector<double> v(n);
    for (std::size_t s = 0; s < n; ++s) v[s] = a[s] - b[s];
    return v;
  };

  // Exhaustion.
  r.exhaustion_month_probability.assign(static_cast<std::size_t>(book.horizon_months), 0.0);
  std::size_t exhausted = 0;
  for (std::size_t s = 0; s < n; ++s) {
    const auto m = out.at(s, OutcomeLayout::kExhaustMonth);
    if (m > 0) {
      ++exhausted;
      r.exhaustion_month_probability[static_cast<std::size_t>(m - 1)] += 1.0 / static_cast<double>(n);
    }
  }
  const double pe = static_cast<double>(exhausted) / static_cast<double>(n);
  r.exhaustion_probability = {pe, std::sqrt(pe * (1 - pe) / static_cast<double>(n))};
  const auto defaults = column(OutcomeLayout::kDefaults);
  r.defaults_mean = summarize_distribution(defaults).mean;
  {
    long double g = 0;
    for (std::size_t s = 0; s < n; ++s) g += out.at(s, OutcomeLayout::kClaimsGross);
    r.claims_gross_mean_minor = static_cast<double>(g / n);
  }

  // Exposure and loan counts per entity.
  std::vector<double> bank_exp(lay.banks), assoc_exp(lay.associations), agr_exp(lay.agreements);
  std::vector<std::int64_t> bank_n(lay.banks), assoc_n(lay.associations), agr_n(lay.agreements);
  double fund_exp = 0;
  for (const auto& l : book.loans) {
    const double e = std::nearbyint(l.balance_minor);
    fund_exp += e;
    bank_exp[l.bank] += e;
    ++bank_n[l.bank];
    assoc_exp[l.association] += e;
    ++assoc_n[l.association];
    if (l.agreement != kNoIndex) {
      agr_exp[l.agreement] += e;
      ++agr_n[l.agreement];
    }
  }

  const auto fund_claims = column(OutcomeLayout::kClaimsNet);
  const auto tail = tail_scenarios(fund_claims, book.euler_level);
  auto entity = [&](EntityKind kind, const std::string& id, std::int64_t loans, double exposure, std::size_t loss_col,
                    std::size_t claims_col) {
    EntityResult e;
    e.kind = kind;
    e.id = id;
    e.loans = loans;
    e.exposure_minor = exposure;
    const auto loss = column(loss_col);
    const auto claims = column(claims_col);
    e.loss = summarize_distribution(loss);
    e.claims = summarize_distribution(claims);
    e.bank_net = summarize_distribution(difference(loss, claims));
    e.es_contribution = mean_over(claims, tail);
    r.entities.push_back(std::move(e));
  };
  entity(EntityKind::fund, "", static_cast<std::int64_t>(book.loans.size()), fund_exp, OutcomeLayout::kLoss,
         OutcomeLayout::kClaimsNet);
  for (std::size_t b = 0; b < lay.banks; ++b)
    entity(EntityKind::bank, book.bank_ids[b], bank_n[b], bank_exp[b], lay.bank_loss(b), lay.bank_claims(b));
  for (std::size_t a = 0; a < lay.associations; ++a)
    entity(EntityKind::association, book.association_ids[a], assoc_n[a], assoc_exp[a], lay.assoc_loss(a),
           lay.assoc_claims(a));
  for (std::size_t g = 0; g < lay.agreements; ++g)
    entity(EntityKind::agreement, book.agreement_ids[g], agr_n[g], agr_exp[g], lay.agr_loss(g), lay.agr_claims(g));
  return r;
}

SimulationResult simulate(const Book& book, const std::vector<Agreement>& agreements, const RiskModel& model,
                          const FundInputs& fund, const SimulationOptions& options) {
  const PreparedBook pb = prepare_book(book, agreements, model, fund.currency);
  const ClaimsSetup setup = make_claims_setup(pb, agreements, model, fund);
  const OutcomeMatrix out = run_scenarios(pb, setup, options);
  SimulationResult r = summarize(pb, setup, out, options.seed);
  r.model_name = model.name;
  return r;
}

}  // namespace gfund::risk
