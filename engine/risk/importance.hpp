#pragma once
// Importance sampling for the tail (Glasserman & Li 2005, "Importance
// sampling for portfolio credit risk", Management Science 51(11)): the
// scenarios' independent factor normals are drawn from N(mu, I) instead of
// N(0, I), mu pointing at the factor values that make large losses, and each
// scenario carries its likelihood ratio w = exp(-mu'eps + mu'mu/2)
// (factor_draw.hpp), so the weighted estimators of risk_stats.hpp stay
// unbiased while most scenarios land in the tail.
//
// Defaults given the factors are drawn as in plain Monte Carlo (no
// conditional twisting): on a large book the loss given the factors is
// nearly its conditional mean, so the factor shift alone carries the tail;
// on a small book (the demo's 152 loans) idiosyncratic luck matters too and
// the gain is smaller (bench/importance_tail.cpp measures both). With the
// Student-t copula only the normal factors are shifted, not the mixing
// variable W: valid, and it pays where the tail comes from the factors.
//
// mu comes from the cross-entropy method (Rubinstein & Kroese 2004) on a
// proxy of the loss given the factors, the conditional expected loss at the
// horizon: sum over segments of exposure x mean LGD x P(default within the
// horizon | factors). Each stage draws kPilotScenarios factor vectors under
// the current mu (StreamKind::pilot: never a scenario's numbers), takes the
// top kPilotEliteShare of the proxy, or the proxy's own level-VaR once the
// stage reaches it, and moves mu to their weighted mean. A pure function of
// (book, level, seed): the same seed gives the same shift, and so the same
// bytes on any thread count.
#include <cstdint>
#include <vector>

#include "engine/risk/prepared_book.hpp"

namespace gfund::risk {

inline constexpr std::uint32_t kPilotScenarios = 2000;  // proxy evaluations a stage (no defaults drawn)
inline constexpr int kPilotStagesMax = 10;
inline constexpr double kPilotEliteShare = 0.1;

struct TailShift {
  std::vector<double> mu;  // per internal factor (PreparedBook::factor_names); 0 for fixed factors
  int stages = 0;          // cross-entropy stages run
  bool reached = false;    // the last stage's elite was the proxy's tail at the level itself
};

// The shift toward the tail at `level` (in (0, 1), e.g. 0.999) of the book's
// loss. A book without free factors, or whose proxy never varies, gets mu = 0
// (plain Monte Carlo with unit weights).
TailShift tail_shift(const PreparedBook& book, double level, std::uint64_t seed);

}  // namespace gfund::risk
