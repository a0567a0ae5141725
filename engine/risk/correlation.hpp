#pragma once
// Factor correlation: the matrix C from the model's pairs, repaired to the
// nearest correlation matrix when it is not positive definite (Higham 2002,
// alternating projections with Dykstra's correction), then Cholesky C = L L'.
#include <string>

#include <Eigen/Dense>

namespace gfund::risk {

struct FactorCholesky {
  Eigen::MatrixXd correlation;  // the matrix used (repaired if needed), unit diagonal
  Eigen::MatrixXd lower;        // L, lower triangular, L L' = correlation
  double repair_distance = 0.0; // Frobenius norm of (used - given); 0 when no repair
  std::string warning;          // non-empty when repaired: says by how much
};

// `given` must be symmetric with a unit diagonal and entries in [-1, 1].
FactorCholesky factor_cholesky(const Eigen::MatrixXd& given);

// Nearest correlation matrix (Frobenius norm) whose eigenvalues are >= floor.
Eigen::MatrixXd nearest_correlation(const Eigen::MatrixXd& given, double eigen_floor = 1e-8);

}  // namespace gfund::risk
