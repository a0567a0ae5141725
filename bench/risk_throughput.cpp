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
// Each size twice: "one PD", the generated book on the model's segment PDs
// and LGD; "per loan", the same loans each with its own PD and mean LGD (a
// scheme's scorecard), which the engine puts in PD buckets.
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
#include "bench/bench_support.hpp"
#include "fixtures/generator/book_generator.hpp"

using namespace gfund;
using namespace gfund::risk;
using gfund::bench::bench_model;
using gfund::bench::process_cpu_seconds;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

long peak_rss_mb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

struct Naive {
  double el = 0, se = 0, rate = 0;
};

// The naive baseline on the same prepared loans (so the same PDs, EADs, LGD
// means): per loan its own threshold at its last month at risk (8 bytes a
// loan: a per-loan copy of the whole curve would make it stream 96 bytes a
// loan from memory, artificially slow on the 1,000,000-loan book), and for
// a default its month from its own curve, evaluated then.
Naive naive_run(const PreparedBook& pb, int scenarios) {
  const std::size_t n = pb.loans.size(), nf = pb.factor_names.size();
  std::vector<std::uint32_t> group(n);
  std::vector<double> last(n);
  for (const Run& r : pb.runs)
    for (std::uint32_t i = r.begin; i < r.end; ++i) {
      group[i] = pb.segments[r.segment].group;
      last[i] = default_threshold(pb.loans[i].pd_annual, r.age_end, pb.copula, pb.t_dof);
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
      const LoadingGroup& g = pb.groups[group[i]];
      double x = g.idio_sd * normal(eng);
      for (std::size_t k = 0; k < nf; ++k) x += g.loading[k] * z[k];
      if (x < last[i]) {
        const LoanRecord& l = pb.loans[i];
        int a = 1;
        while (x >= default_threshold(l.pd_annual, a, pb.copula, pb.t_dof)) ++a;
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

// The same book as a scheme's data: each loan its own PD (its segment's
// times a factor in [0.5, 1.5)) and its own mean LGD (in [0.45, 0.85)),
// from a fixed hash of its position, so every run sees the same book.
Book with_own_parameters(Book book, const RiskModel& model) {
  for (std::size_t i = 0; i < book.loans.size(); ++i) {
    BookLoan& l = book.loans[i];
    const auto h = static_cast<double>((i * 0x9E3779B97F4A7C15ull) >> 11) * 0x1p-53;
    l.pd_annual = segment_pd_annual(model, l.bank, l.association, l.sector, l.currency.code_view()) * (0.5 + h);
    l.lgd = 0.45 + 0.4 * std::fmod(h * 7.0, 1.0);
  }
  return book;
}

struct Size {
  std::size_t loans;
  int naive_scen;
  std::uint32_t engine_scen;
};

// One book: the naive loop, then the engine on all cores, on the same prepared loans.
void measure(const char* label, const Book& book, const std::vector<Agreement>& agreements, const RiskModel& model,
             const Size& sz) {
  const double prep0 = process_cpu_seconds();
  const PreparedBook pb = prepare_book(book, agreements, model, usd());
  const double prep = process_cpu_seconds() - prep0;
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
  std::printf("%-9s %10zu %10u %14.3g %14.3g %8.1fx %16.0f ±%8.0f %16.0f ±%8.0f %9ld %9.2f%%\n", label, sz.loans, sz.engine_scen,
              nv.rate, rate, rate / nv.rate, nv.el / 100, nv.se / 100, el / 100, se / 100, peak_rss_mb(),
              100.0 * defaults / out.scenarios / static_cast<double>(sz.loans));
  std::printf("%10s structure: %zu segments, %zu runs, %zu LGD tables, outcome row of %zu cells; prepare %.2f s CPU;"
              " engine CPU %.2f ns per loan-scenario, %.1f ns per default\n", "", pb.segments.size(), pb.runs.size(),
              pb.lgd_tables.size() / (kLgdTableSize + 1), layout_of(pb).width(), prep,
              1e9 * cpu / (static_cast<double>(sz.loans) * sz.engine_scen), 1e9 * cpu / defaults);
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const auto agreements = read_agreements_csv(GFUND_FIXTURES_DIR "/demo/agreements.csv");
  const RiskModel model = bench_model();
  std::printf("risk engine throughput: 3 factors, 12-month horizon, %d threads (engine), naive single thread\n",
              omp_get_max_threads());
  std::printf("%-9s %10s %10s %14s %14s %9s %26s %26s %9s %10s\n", "book", "loans", "scenarios", "naive ls/s", "engine ls/s",
              "speed-up", "naive EL (USD) ±se", "engine EL (USD) ±se", "peak MB", "defaults");
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
    measure("one PD", book, agreements, model, sz);
    measure("per loan", with_own_parameters(book, model), agreements, model, sz);
    std::fflush(stdout);
  }
  std::printf("ls/s = loan-scenarios per second; engine time includes claims, caps, capital and per-entity rows.\n"
              "peak MB = process peak resident set so far (getrusage); defaults = share of loans defaulting per scenario\n"
              "(each default costs EAD, LGD, claim and recovery work; the rest of the loans cost ~nothing).\n");
  return 0;
}
