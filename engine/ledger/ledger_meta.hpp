#pragma once
// What a ledger records about itself besides its events (schema v7's meta
// table, outside the event chain, so writing it leaves the seal unchanged):
// the model file `gfund calibrate` last wrote for this ledger, so the risk
// verbs default to the fund's own model rather than the shipped one.
#include <optional>
#include <string>

#include "models/date.hpp"

namespace gfund::ledger {

// The meta table's keys (one room: nothing else spells them).
inline constexpr const char* kMetaCalibratedModelPath = "calibrated_model_path";  // absolute path of the model file
inline constexpr const char* kMetaCalibratedModelDate = "calibrated_model_date";  // YYYY-MM-DD, the day it was written

// A model file written by `gfund calibrate` for this ledger.
struct CalibratedModel {
  std::string path;  // absolute, as written (the file may since have been moved or removed)
  Date written;      // the day calibrate wrote it (UTC)
};

// The model `gfund calibrate` last recorded in the ledger at db_path, or
// nullopt when none was (a ledger never calibrated, or older than schema
// v7). Opens the ledger read-only (errors as read_ledger_book); DataError
// naming the key when a stored value is not what it should be.
std::optional<CalibratedModel> calibrated_model(const std::string& db_path);

// Records `model` as the ledger's calibrated model, replacing any earlier
// one: both keys in one write transaction (both or neither). Call it only
// once the model file is written. Opens the ledger read-write (migrating an
// older file forward); BusyError / IoError as any ledger write.
void record_calibrated_model(const std::string& db_path, const CalibratedModel& model);

}  // namespace gfund::ledger
