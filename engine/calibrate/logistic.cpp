#include "engine/calibrate/logistic.hpp"

#include <cmath>

#include <fmt/format.h>

#include "models/errors.hpp"

namespace gfund::calibrate {

LogisticFit fit_logistic(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, std::vector<std::string> names,
                         int max_iterations, double tolerance) {
  const Eigen::Index n = X.rows(), p = X.cols();
  if (n == 0 || p == 0) throw DataError("logistic regression needs at least one observation and one column");
  if (y.size() != n || static_cast<Eigen::Index>(names.size()) != p)
    throw DataError("logistic regression: X, y and names disagree in size");
  LogisticFit f;
  f.names = std::move(names);
  f.observations = static_cast<int>(n);
  f.events = static_cast<int>(y.sum());
  f.beta = Eigen::VectorXd::Zero(p);
  Eigen::MatrixXd info(p, p);
  for (f.iterations = 1; f.iterations <= max_iterations; ++f.iterations) {
    const Eigen::VectorXd eta = X * f.beta;
    Eigen::VectorXd mu(n), w(n), z(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      mu(i) = 1.0 / (1.0 + std::exp(-eta(i)));
      w(i) = std::max(mu(i) * (1 - mu(i)), 1e-10);  // floor: fitted 0 / 1 would make X'WX singular
      z(i) = eta(i) + (y(i) - mu(i)) / w(i);
    }
    info = X.transpose() * w.asDiagonal() * X;
    Eigen::LDLT<Eigen::MatrixXd> ldlt(info);
    if (ldlt.info() != Eigen::Success || !ldlt.isPositive()) {
      f.warnings.push_back("the information matrix is singular: some attributes are constant or collinear");
      break;
    }
    const Eigen::VectorXd next = ldlt.solve(X.transpose() * (w.asDiagonal() * z));
    const double step = (next - f.beta).cwiseAbs().maxCoeff();
    f.beta = next;
    if (step < tolerance) {
      f.converged = true;
      break;
    }
  }
  if (!f.converged) f.warnings.push_back(fmt::format("IRLS did not converge in {} iterations", max_iterations));
  // Standard errors and log-likelihood at the final beta.
  const Eigen::VectorXd eta = X * f.beta;
  Eigen::VectorXd w(n);
  f.log_likelihood = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double m = 1.0 / (1.0 + std::exp(-eta(i)));
    w(i) = std::max(m * (1 - m), 1e-10);
    f.log_likelihood += y(i) > 0.5 ? std::log(std::max(m, 1e-300)) : std::log(std::max(1 - m, 1e-300));
  }
  info = X.transpose() * w.asDiagonal() * X;
  Eigen::LDLT<Eigen::MatrixXd> ldlt(info);
  f.se = Eigen::VectorXd::Constant(p, std::numeric_limits<double>::infinity());
  if (ldlt.info() == Eigen::Success && ldlt.isPositive()) {
    const Eigen::MatrixXd cov = ldlt.solve(Eigen::MatrixXd::Identity(p, p));
    for (Eigen::Index j = 0; j < p; ++j) f.se(j) = std::sqrt(std::max(cov(j, j), 0.0));
  }
  for (Eigen::Index j = 0; j < p; ++j)
    if (std::abs(f.beta(j)) > 15)
      f.warnings.push_back(fmt::format("coefficient '{}' is {:.1f}: (quasi-)separation, the data cannot pin it down",
                                       f.names[static_cast<std::size_t>(j)], f.beta(j)));
  const int minority = std::min(f.events, f.observations - f.events);
  if (minority < kEventsPerVariableMin * static_cast<double>(p))
    f.warnings.push_back(fmt::format("too few data to trust: {} {} for {} coefficients (want at least {:g} per coefficient)",
                                     minority, f.events <= f.observations - f.events ? "defaults" : "non-defaults", p,
                                     kEventsPerVariableMin));
  return f;
}

}  // namespace gfund::calibrate
