#pragma once
// Standard normal and Student-t distribution functions for the copula.
// Hand-written where speed matters (the conditional default probability is
// evaluated once per segment, month and scenario).
namespace gfund::risk {

// Phi(x): standard normal CDF, via erfc (relative accuracy ~1e-15).
double norm_cdf(double x);
// Phi^-1(p) for p in (0, 1): Wichura's AS241 (PPND16), |error| < 1e-15.
// p <= 0 gives -inf, p >= 1 gives +inf.
double norm_quantile(double p);
// Student-t quantile with dof > 0 degrees of freedom (boost::math).
double student_t_quantile(double p, double dof);

}  // namespace gfund::risk
