#pragma once
// Monotone solvers on functions evaluated with common random numbers: the
// same drawn defaults for every candidate make "does this candidate meet the
// target?" a monotone step function of the candidate, so bisection finds the
// boundary exactly (to the tolerance), with no noise between steps.
#include <functional>

namespace gfund::sizing {

struct BisectionResult {
  double x = 0;           // the largest x in [lo, hi] found to satisfy pred (lo if none)
  bool at_upper = false;  // pred(hi) holds: the answer is hi or more
  bool none = false;      // even pred(lo) fails
  int evaluations = 0;
};

// `pred` must hold on [lo, x*] and fail on (x*, hi] (monotone). Bisection to
// `tolerance` in x, at most `max_evaluations` calls (bounded loop).
BisectionResult largest_satisfying(const std::function<bool(double)>& pred, double lo, double hi, double tolerance,
                                   int max_evaluations = 64);

}  // namespace gfund::sizing
