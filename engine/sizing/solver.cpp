#include "engine/sizing/solver.hpp"

#include "models/errors.hpp"

namespace gfund::sizing {

BisectionResult largest_satisfying(const std::function<bool(double)>& pred, double lo, double hi, double tolerance,
                                   int max_evaluations) {
  GFUND_ASSERT(lo <= hi && tolerance > 0 && max_evaluations >= 2);
  BisectionResult r;
  r.evaluations = 2;
  if (pred(hi)) {
    r.x = hi;
    r.at_upper = true;
    r.evaluations = 1;
    return r;
  }
  if (!pred(lo)) {
    r.x = lo;
    r.none = true;
    return r;
  }
  // Invariant: pred(lo) holds, pred(hi) fails.
  while (hi - lo > tolerance && r.evaluations < max_evaluations) {
    const double mid = lo + (hi - lo) / 2;
    ++r.evaluations;
    (pred(mid) ? lo : hi) = mid;
  }
  r.x = lo;
  return r;
}

}  // namespace gfund::sizing
