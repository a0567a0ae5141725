#pragma once
// Writes a risk model as the risk engine's model file (TOML; schema in the
// risk engine's docs/model-file.md), so a calibrated model is read back by
// risk::read_model_file exactly like a hand-written one. Stress hooks are
// not written: a calibrated model is a base model.
#include <string>

#include "engine/risk/risk_model.hpp"

namespace gfund::calibrate {

// `header` is written first as '#' comment lines (provenance, counts).
std::string model_to_toml(const risk::RiskModel& model, const std::string& header = "");

}  // namespace gfund::calibrate
