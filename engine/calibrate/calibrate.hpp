#pragma once
// Calibration of a risk model from the ledger's own history: observed
// default rates by bank, association, sector and vintage (disbursement year)
// shrunk toward the pooled rate, a logistic regression of default on
// borrower and loan attributes, and a model file the risk engine reads.
//
// What the data decide: annual PDs (default, by association, by bank). What
// they cannot (152 loans, a handful of defaults): factor loadings,
// correlations, LGD, FX. Those are taken from a prior model and said so.
#include <string>
#include <vector>

#include "engine/calibrate/logistic.hpp"
#include "engine/calibrate/shrinkage.hpp"
#include "engine/ledger/loan_outcomes.hpp"
#include "engine/risk/risk_model.hpp"

namespace gfund::calibrate {

struct CalibrationOptions {
  risk::RiskModel prior;         // loadings, correlations, LGD, FX, horizon kept from here
  Currency fund = usd();         // the ledger's fund currency: loan sizes are compared in it, at the prior's FX
  double min_loan_years = 1.0;   // a group with less exposure is not written as a segment (it would only echo the pool)
};

struct CalibrationResult {
  int loans = 0, defaults = 0;
  double loan_years = 0;
  ShrinkageResult by_bank, by_association, by_sector, by_vintage;
  LogisticFit fit;
  risk::RiskModel model;         // the prior with calibrated PDs
  std::vector<std::string> warnings;
};

// Throws DataError when there is no loan to learn from.
CalibrationResult calibrate(const std::vector<ledger::LoanOutcome>& outcomes, const CalibrationOptions& options);

// The model file text with a header of provenance and counts.
std::string calibrated_model_file(const CalibrationResult& r, const std::string& source);

}  // namespace gfund::calibrate
