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

// The four rate tables (bank, association, sector, vintage), then the
// logistic regression's coefficients.
std::vector<Table> calibration_tables(const calibrate::CalibrationResult& result);
// Everything above as fields (shares, not percents), with the model file written.
nlohmann::json calibration_json(const calibrate::CalibrationResult& result, const std::string& model_file);

}  // namespace gfund::reports
