#pragma once
// Helpers for the ledger tests: a small hand-made ledger, a fingerprint of a
// ledger file's whole content (to prove "nothing written"), and running
// gfund in the background (concurrency and kill tests).
#include <string>
#include <vector>

#include "models/date.hpp"
#include "support/test_support.hpp"

namespace gfund::testing {

// A date from its ISO text, for tests that write many.
inline Date d(const char* s) { return parse_date(s); }

// Writes the mini ledger CSVs into `dir`: bank WING (+ BOOST with no
// agreement), association CWEA, borrowers B1..B3, agreement WING-A (50% pari
// passu, per-loan cap 300.00, portfolio cap 1,000.00, trigger 90 DPD), loans
// L1 (1,200.00 USD, 12%, 12 months annuity, disbursed 2024-01-10), L2 (600.00
// USD flat 6 months, 2024-01-15), L3 (1,200,000 KHR, BOOST) and fund
// capital 10,000.00 USD on 2024-01-01.
void write_mini_csvs(const std::string& dir);
// init + import of the mini CSVs (asserts success); returns the db path.
std::string make_mini_ledger(const TempDir& dir);

// Every row of every table, in a stable order (opens read-write so a crashed
// writer's WAL is recovered first).
std::string ledger_fingerprint(const std::string& db_path);

// Runs `body` (sh) in a private mount namespace (`unshare -m`: the mount is
// gone when the script ends) with a fresh tmpfs of `size` ("64k") mounted at
// $M, a folder inside `dir`, and the gfund executable in $G. A full disk or a
// read-only file system is then what the kernel says, not a permission bit
// that root (who runs the tests) would ignore.
RunResult run_on_tmpfs(const TempDir& dir, const std::string& size, const std::string& body);
// True when run_on_tmpfs could not mount (not root, no CAP_SYS_ADMIN).
bool mount_unavailable(const RunResult& r);

// Starts gfund in the background with extra environment variables; returns the pid.
int spawn_gfund(const std::vector<std::string>& args, const std::vector<std::string>& env = {});
// Waits for pid; returns exit code, or 128+signal.
int wait_child(int pid);

}  // namespace gfund::testing
