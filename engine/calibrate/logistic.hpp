#pragma once
// Logistic regression of default on borrower and loan attributes, fitted by
// iteratively reweighted least squares (Newton's method) with Eigen:
//   P(default) = 1 / (1 + exp(-x'beta)).
// Reports coefficients with standard errors from the inverse Fisher
// information, and warns when the data are too few to trust: fewer than 10
// defaults (or non-defaults) per coefficient, no convergence, or separation
// (a coefficient running off to infinity).
#include <string>
#include <vector>

#include <Eigen/Dense>

namespace gfund::calibrate {

struct LogisticFit {
  std::vector<std::string> names;  // one per column of X
  Eigen::VectorXd beta;            // coefficients (log-odds)
  Eigen::VectorXd se;              // standard errors
  int observations = 0;
  int events = 0;                  // y == 1
  int iterations = 0;
  bool converged = false;
  double log_likelihood = 0;
  std::vector<std::string> warnings;
};

// X: n x p (include a column of ones for an intercept); y in {0, 1}.
// Throws DataError if the shapes disagree or X is empty.
LogisticFit fit_logistic(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, std::vector<std::string> names,
                         int max_iterations = 50, double tolerance = 1e-8);

// Events per coefficient below which the fit is flagged.
inline constexpr double kEventsPerVariableMin = 10.0;

}  // namespace gfund::calibrate
