#pragma once
// `gfund verify`: re-derives every loan balance, every agreement's enrolled
// volume and claims total and the fund balance from the events, and compares
// them with the cached state stored in the file, to the unit. Also runs
// SQLite's integrity and foreign-key checks, replays every loan's events
// against the ledger's rules, and recomputes the events' SHA-256 chain
// (chain.hpp), naming any row edited, deleted, inserted or reordered outside
// gfund; given a seal, it proves the history up to it unchanged.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/ledger/chain.hpp"

namespace gfund::ledger {

struct VerifyReport {
  std::int64_t loans_checked = 0;
  std::int64_t events_checked = 0;
  std::int64_t agreements_checked = 0;
  std::vector<std::string> differences;  // empty = everything agrees
  Seal seal;                             // the chain's head recomputed over the events as they are
  bool seal_checked = false;             // a seal was given, and the history up to it is unchanged unless a
                                         // difference says otherwise
  bool ok() const { return differences.empty(); }
};

// `given`: a seal (parse_seal_text) the first seal.events events must still give.
VerifyReport verify_ledger(const std::string& db_path, const std::optional<Seal>& given = std::nullopt);

}  // namespace gfund::ledger
