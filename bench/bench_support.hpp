#pragma once
// What the risk benchmarks share: their 3-factor model and the process CPU
// clock they time with (steadier than wall time when other work shares the
// machine).
#include <ctime>

#include "engine/risk/risk_model.hpp"

namespace gfund::bench {

// 3 factors (economy, bank WING, riel loans; economy and riel correlated
// 0.3), 12-month horizon, bank PD segments, beta LGD mean 65% sd 20%.
inline risk::RiskModel bench_model() {
  risk::RiskModel m;
  m.name = "bench-3-factor";
  m.horizon_months = 12;
  m.pd_annual_default = 0.06;
  m.pd_segments = {{{.bank = "WING"}, 0.05}, {{.bank = "BOOST"}, 0.07}, {{.bank = "SMEB"}, 0.04}, {{.bank = "CNB"}, 0.045}};
  m.lgd_kind = risk::LgdKind::beta;
  m.lgd_mean = 0.65;
  m.lgd_sd = 0.2;
  m.factors = {{"economy", {}, 0.30}, {"bank:WING", {.bank = "WING"}, 0.20}, {"currency:KHR", {.currency = "KHR"}, 0.15}};
  m.correlations = {{"economy", "currency:KHR", 0.3}};
  return m;
}

// CPU seconds used by the whole process (all threads).
inline double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

}  // namespace gfund::bench
