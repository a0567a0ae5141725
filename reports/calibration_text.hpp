#pragma once
// What `gfund calibrate` found, as tables and JSON: observed and shrunk
// default rates by bank, association, sector and vintage, and the logistic
// regression of default on attributes. Reads results; estimates nothing.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/calibrate/calibrate.hpp"
#include "reports/table.hpp"

namespace gfund::reports {

// True when a group's weight on its own data is below
// calibrate::kOwnWeightThatMoves: its own data are too few to move its PD
// (the table flags it "too few to move its PD").
bool too_few_to_move(const calibrate::ShrunkRate& group);

// Loan-years of its own history a group needs before its weight reaches
// kOwnWeightThatMoves, under the table's prior strength.
double loan_years_to_move(const calibrate::ShrinkageResult& rates);

// When no group of a table (`what`: "bank", "association", ...) has the
// weight to move its PD, a plain sentence saying why and what it would take:
// "The banks' observed rates differ no more than chance would make them at
// these counts (prior strength 1,000,000 loan-years), so each bank gets the
// pooled 5.80%; a bank needs about 110,000 loan-years of its own history
// before its own rate moves its PD by a tenth (the most any has is 69.8)."
// Empty when some group's own data count.
std::string pooling_sentence(const std::string& what, const calibrate::ShrinkageResult& rates);

// The four rate tables (bank, association, sector, vintage: observed PD,
// prior PD = the pooled rate each is shrunk toward, weight on own data,
// shrunk PD, band, a flag when too few to move), each with the pooling
// sentence or the prior strength as its note; then the logistic
// regression's coefficients.
std::vector<Table> calibration_tables(const calibrate::CalibrationResult& result);
// Everything above as fields (shares, not percents; per table
// loan_years_to_move and the explanation sentence, empty when none), with the
// model file written.
nlohmann::json calibration_json(const calibrate::CalibrationResult& result, const std::string& model_file);

}  // namespace gfund::reports
