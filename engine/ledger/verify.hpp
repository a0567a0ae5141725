#pragma once
// `gfund verify`: re-derives every loan balance, every agreement's enrolled
// volume and claims total and the fund balance from the events, and compares
// them with the cached state stored in the file, to the unit. Also runs
// SQLite's integrity and foreign-key checks and replays every loan's events
// against the ledger's rules.
#include <cstdint>
#include <string>
#include <vector>

namespace gfund::ledger {

struct VerifyReport {
  std::int64_t loans_checked = 0;
  std::int64_t events_checked = 0;
  std::int64_t agreements_checked = 0;
  std::vector<std::string> differences;  // empty = everything agrees
  bool ok() const { return differences.empty(); }
};

VerifyReport verify_ledger(const std::string& db_path);

}  // namespace gfund::ledger
