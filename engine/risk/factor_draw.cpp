#include "engine/risk/factor_draw.hpp"

#include "engine/risk/normal.hpp"

namespace gfund::risk {

double draw_factors(const PreparedBook& b, PhiloxStream& fs, std::span<const double> mu, std::span<double> eps,
                    std::span<double> z) {
  const std::size_t nf = b.factor_names.size(), nfixed = b.fixed_values.size();
  const auto& L = b.cholesky.lower;
  auto l = [&](std::size_t i, std::size_t j) { return L(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)); };
  double log_w = 0.0;
  for (std::size_t i = 0; i < nf; ++i) {
    const double u = fs.uniform53();  // drawn for every factor, so fixing one never shifts the others' draws
    if (i < nfixed) {
      double acc = 0.0;
      for (std::size_t j = 0; j < i; ++j) acc += l(i, j) * eps[j];
      eps[i] = (b.fixed_values[i] - acc) / l(i, i);
    } else if (mu.empty()) {
      eps[i] = norm_quantile(u);
    } else {
      eps[i] = norm_quantile(u) + mu[i];
      log_w += mu[i] * (0.5 * mu[i] - eps[i]);
    }
  }
  for (std::size_t i = 0; i < nf; ++i) {
    double acc = 0.0;
    for (std::size_t j = 0; j <= i; ++j) acc += l(i, j) * eps[j];
    z[i] = acc;
  }
  return log_w;
}

void systematic_values(const PreparedBook& b, std::span<const double> z, std::span<double> sys) {
  for (std::size_t g = 0; g < b.groups.size(); ++g) {
    double acc = 0.0;
    const auto& load = b.groups[g].loading;
    for (std::size_t k = 0; k < z.size(); ++k) acc += load[k] * z[k];
    sys[g] = acc;
  }
}

}  // namespace gfund::risk
