#include "engine/risk/correlation.hpp"

#include <fmt/format.h>

#include "models/errors.hpp"

namespace gfund::risk {

Eigen::MatrixXd nearest_correlation(const Eigen::MatrixXd& given, double eigen_floor) {
  const Eigen::Index n = given.rows();
  Eigen::MatrixXd y = given, ds = Eigen::MatrixXd::Zero(n, n);
  // Higham's alternating projections: onto the PSD cone (eigenvalues floored,
  // with Dykstra's correction ds) and onto unit-diagonal matrices. Bounded.
  for (int iter = 0; iter < 1000; ++iter) {
    Eigen::MatrixXd r = y - ds;
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(r);
    Eigen::VectorXd ev = es.eigenvalues().cwiseMax(eigen_floor);
    Eigen::MatrixXd x = es.eigenvectors() * ev.asDiagonal() * es.eigenvectors().transpose();
    ds = x - r;
    Eigen::MatrixXd y_next = x;
    y_next.diagonal().setOnes();
    const double change = (y_next - y).norm();
    y = y_next;
    if (change < 1e-12) break;
  }
  // The last projection was onto unit diagonal; make sure the result is
  // positive definite by a final shrink toward the identity if needed.
  for (int k = 0; k < 60; ++k) {
    Eigen::LLT<Eigen::MatrixXd> llt(y);
    if (llt.info() == Eigen::Success) break;
    y = 0.999 * y + 0.001 * Eigen::MatrixXd::Identity(n, n);
  }
  return y;
}

FactorCholesky factor_cholesky(const Eigen::MatrixXd& given) {
  GFUND_ASSERT(given.rows() == given.cols());
  FactorCholesky out;
  out.correlation = given;
  if (given.rows() == 0) return out;
  Eigen::LLT<Eigen::MatrixXd> llt(given);
  // Accept only a comfortably positive definite matrix; a near-singular one
  // is repaired like a non-PD one so L stays well conditioned.
  bool ok = llt.info() == Eigen::Success;
  if (ok) {
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(given, Eigen::EigenvaluesOnly);
    ok = es.eigenvalues().minCoeff() > 1e-10;
  }
  if (!ok) {
    out.correlation = nearest_correlation(given);
    out.repair_distance = (out.correlation - given).norm();
    out.warning = fmt::format(
        "factor correlation matrix is not positive definite; repaired to the nearest correlation matrix "
        "(Frobenius distance {:.4g}, largest entry change {:.4g})",
        out.repair_distance, (out.correlation - given).cwiseAbs().maxCoeff());
    llt.compute(out.correlation);
    GFUND_ASSERT(llt.info() == Eigen::Success);
  }
  out.lower = llt.matrixL();
  return out;
}

}  // namespace gfund::risk
