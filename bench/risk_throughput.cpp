// Risk engine throughput against the naive baseline, in one run.
//
// Books of 1,000 / 100,000 / 1,000,000 generated loans (demo shape), a
// 3-factor Gaussian model (economy, bank WING, riel loans), 12-month horizon.
//   naive : what one writes first: per scenario 3 factor normals, then per loan
//           one std::normal_distribution draw from std::mt19937_64, the latent
//           variable against the loan's threshold curve, and for defaults the
//           month, EAD and loss; single thread, losses only (no claims).
//   engine: gfund::risk::run_scenarios on all cores: defaults, claims under the
//           demo agreements, capital, exhaustion, per-entity outcome rows.
// Both estimate the same expected loss; it is printed with its standard error
// so the speed-up is seen not to move the figure.
// Usage: bench_risk_throughput [--quick]   (--quick: smaller scenario counts)
// Environment: GFUND_BENCH_ENGINE_ONLY=1 skips the naive baseline; GFUND_BENCH_LOANS=N runs one size.
#include <sys/resource.h>

#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>

#include <omp.h>

#include "engine/portfolio/agreements_csv.hpp"
#include "engine/risk/normal.hpp"
#include "engine/risk/simulate.hpp"
#include "fixtures/generator/book_generator.hpp"

using namespace gfund;
using namespace gfund::risk;

namespace {

RiskModel bench_model() {
  RiskModel m;
  m.name = "bench-3-factor";
  m.horizon_months = 12;
  m.pd_annual_default = 0.06;
  m.pd_segments = {{{.bank = "WING"}, 0.05}, {{.bank = "BOOST"}, 0.07}, {{.bank = "SMEB"}, 0.04}, {{.bank = "CNB"}, 0.045}};
  m.lgd_kind = LgdKind::beta;
  m.lgd_mean = 0.65;
  m.lgd_sd = 0.2;
  m.factors = {{"economy", {}, 0.30}, {"bank:WING", {.bank = "WING"}, 0.20}, {"currency:KHR", {.currency = "KHR"}, 0.15}};
  m.correlations = {{"economy", "currency:KHR", 0.3}};
  return m;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// CPU seconds used by the whole process (all threads): steadier than wall
// time when other work shares the machine.
double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

long peak_rss_mb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

struct Naive {
  double el = 0, se = 0, rate = 0;
};

// The naive baseline on the same prepared loans (so the same PDs, EADs, LGD means).
Naive naive_run(const PreparedBook& pb, int scenarios) {
  const int h = pb.horizon_months;
  const std::size_t n = pb.loans.size(), nf = pb.factor_names.size();
  // Threshold curve per segment (a few KB), and per loan its segment and
  // months at risk, looked up from its run. (A per-loan copy of the curve
  // would make the baseline stream 96 bytes a loan from memory: artificially
  // slow on the 1,000,000-loan book.)
  std::vector<double> thr(pb.segments.size() * h);
  for (std::size_t s = 0; s < pb.segments.size(); ++s)
    for (int a = 1; a <= h; ++a) thr[s * h + a - 1] = norm_quantile(cumulative_pd(pb.segments[s].pd_annual, a));
  std::vector<std::uint32_t> seg(n);
  std::vector<int> age_end(n);
  for (const Run& r : pb.runs)
    for (std::uint32_t i = r.begin; i < r.end; ++i) {
      seg[i] = r.segment;
      age_end[i] = r.age_end;
    }
  std::mt19937_64 eng(12345);
  std::normal_distribution<double> normal;
  std::vector<double> eps(nf), z(nf);
  double sum = 0, sum2 = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int s = 0; s < scenarios; ++s) {
    for (std::size_t k = 0; k < nf; ++k) eps[k] = normal(eng);
    for (std::size_t i = 0; i < nf; ++i) {
      z[i] = 0;
      for (std::size_t j = 0; j <= i; ++j) z[i] += pb.cholesky.lower(i, j) * eps[j];
    }
    double loss = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const LoadingGroup& g = pb.groups[pb.segments[seg[i]].group];
      double x = g.idio_sd * normal(eng);
      for (std::size_t k = 0; k < nf; ++k) x += g.loading[k] * z[k];
      const double* t = &thr[seg[i] * h];
      if (x < t[age_end[i] - 1]) {
        int a = 1;
        while (x >= t[a - 1]) ++a;
        const LoanRecord& l = pb.loans[i];
        loss += std::nearbyint(static_cast<double>(exposure_at_default(pb, l, l.start_month + a)) * l.lgd_mean());
      }
    }
    sum += loss;
    sum2 += loss * loss;
  }
  const double secs = seconds_since(t0);
  Naive r;
  r.el = sum / scenarios;
  r.se = std::sqrt((sum2 / scenarios - r.el * r.el) / scenarios);
  r.rate = static_cast<double>(n) * scenarios / secs;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const auto agreements = read_agreements_csv(GFUND_FIXTURES_DIR "/demo/agreements.csv");
  const RiskModel model = bench_model();
  std::printf("risk engine throughput: 3 factors, 12-month horizon, %d threads (engine), naive single thread\n",
              omp_get_max_threads());
  std::printf("%10s %10s %14s %14s %9s %26s %26s %9s %10s\n", "loans", "scenarios", "naive ls/s", "engine ls/s",
              "speed-up", "naive EL (USD) ±se", "engine EL (USD) ±se", "peak MB", "defaults");
  struct Size {
    std::size_t loans;
    int naive_scen;
    std::uint32_t engine_scen;
  };
  const Size sizes[] = {{1'000, quick ? 3'000 : 20'000, quick ? 20'000u : 200'000u},
                        {100'000, quick ? 30 : 200, quick ? 2'000u : 20'000u},
                        {1'000'000, quick ? 3 : 20, quick ? 200u : 2'000u}};
  // GFUND_BENCH_LOANS=100000 runs one book size only (for profiling).
  const char* only = std::getenv("GFUND_BENCH_LOANS");
  for (const Size& sz : sizes) {
    if (only && std::strtoull(only, nullptr, 10) != sz.loans) continue;
    fixtures::BookGeneratorOptions go;
    go.loans = sz.loans;
    go.seed = 1;
    const Book book = fixtures::generate_book(go);
    const PreparedBook pb = prepare_book(book, agreements, model, usd());
    FundInputs fund{usd(), 0, {}, {}};
    double exposure = 0;
    for (const auto& l : pb.loans) exposure += static_cast<double>(risk::start_balance(pb, l));
    fund.capital_minor = static_cast<std::int64_t>(0.1 * exposure);
    const ClaimsSetup setup = make_claims_setup(pb, agreements, model, fund);

    const Naive nv = std::getenv("GFUND_BENCH_ENGINE_ONLY") ? Naive{0, 0, 1} : naive_run(pb, sz.naive_scen);
    const auto t0 = std::chrono::steady_clock::now();
    const double cpu0 = process_cpu_seconds();
    const OutcomeMatrix out = run_scenarios(pb, setup, {.seed = 7, .scenarios = sz.engine_scen, .threads = 0});
    const double secs = seconds_since(t0), cpu = process_cpu_seconds() - cpu0;
    const double rate = static_cast<double>(sz.loans) * sz.engine_scen / secs;
    double sum = 0, sum2 = 0, defaults = 0;
    for (std::size_t s = 0; s < out.scenarios; ++s) {
      defaults += static_cast<double>(out.at(s, OutcomeLayout::kDefaults));
      const double v = static_cast<double>(out.at(s, OutcomeLayout::kLoss));
      sum += v;
      sum2 += v * v;
    }
    const double el = sum / out.scenarios, se = std::sqrt((sum2 / out.scenarios - el * el) / out.scenarios);
    std::printf("%10zu %10u %14.3g %14.3g %8.1fx %16.0f ±%8.0f %16.0f ±%8.0f %9ld %9.2f%%\n", sz.loans, sz.engine_scen,
                nv.rate, rate, rate / nv.rate, nv.el / 100, nv.se / 100, el / 100, se / 100, peak_rss_mb(),
                100.0 * defaults / out.scenarios / static_cast<double>(sz.loans));
    std::printf("%10s structure: %zu segments, %zu runs, outcome row of %zu cells; engine CPU %.2f ns per loan-scenario,"
                " %.1f ns per default\n", "", pb.segments.size(), pb.runs.size(), layout_of(pb).width(),
                1e9 * cpu / (static_cast<double>(sz.loans) * sz.engine_scen), 1e9 * cpu / defaults);
    std::fflush(stdout);
  }
  std::printf("ls/s = loan-scenarios per second; engine time includes claims, caps, capital and per-entity rows.\n"
              "peak MB = process peak resident set so far (getrusage); defaults = share of loans defaulting per scenario\n"
              "(each default costs EAD, LGD, claim and recovery work; the rest of the loans cost ~nothing).\n");
  return 0;
}
