// Storage faults (issue 18): a SQLite VFS shim (faulty_vfs.hpp) fails the
// Nth write, sync or lock of an import and of a claim, for every N the
// operation reaches, once (a transient error) or from then on (a broken
// disk). Only listed outcomes are accepted: success with the ledger exactly
// as after a clean run, or a typed I/O error (exit 74) naming the file with
// the ledger exactly as before or as after (a sync that fails after the
// commit record reached the WAL may still commit) - and verify passes.
#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>

#include <gtest/gtest.h>

#include "engine/ledger/csv_import.hpp"
#include "engine/ledger/verify.hpp"
#include "engine/ledger/writer.hpp"
#include "ledger/faulty_vfs.hpp"
#include "ledger/ledger_test_support.hpp"

namespace gfund::testing {
namespace {

namespace fs = std::filesystem;

// No operation in these tests reaches this many calls of one kind: a walk
// that does has lost its end condition.
constexpr long kOpsMax = 5000;

using Step = std::function<void(const std::string& db)>;

struct FaultKind {
  FaultOp op;
  int error;
  const char* name;
};

const FaultKind kFaultKinds[] = {
    {FaultOp::write, SQLITE_IOERR_WRITE, "write: I/O error"},
    {FaultOp::write, SQLITE_FULL, "write: disk full"},
    {FaultOp::sync, SQLITE_IOERR_FSYNC, "sync: I/O error"},
    {FaultOp::lock, SQLITE_IOERR_LOCK, "lock: I/O error"},
};

class StorageFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    base = make_mini_ledger(dir);
    before = ledger_fingerprint(base);  // also checkpoints: the copy needs no WAL
    trial = dir.file("trial.db");
  }

  // A fresh copy of the mini ledger at `trial`.
  void reset_trial() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(trial + suffix);
    fs::copy_file(base, trial);
  }

  // The ledger after a clean run of `step`.
  std::string clean_after(const Step& step) {
    reset_trial();
    step(trial);
    return ledger_fingerprint(trial);
  }

  struct Trial {
    bool fired = false;    // false: the step has fewer such calls than fault.nth
    bool refused = false;  // the step ended in an error
  };

  // Runs `step` with the fault armed and checks the outcome.
  Trial one_trial(const Step& step, const Fault& fault, const std::string& after, const char* name) {
    reset_trial();
    vfs.arm(fault);
    std::optional<Error> error;
    try {
      step(trial);
    } catch (const Error& e) {
      error = e;
    } catch (const std::exception& e) {
      ADD_FAILURE() << name << " #" << fault.nth << ": untyped exception (exit 70): " << e.what();
    }
    const bool fired = vfs.fired();
    vfs.disarm();
    const std::string now = ledger_fingerprint(trial);
    const std::string where = std::string(name) + (fault.persistent ? " from" : " at") + " call #" +
                              std::to_string(fault.nth);
    if (error) {
      EXPECT_EQ(error->kind(), ErrorKind::io) << where << ": " << error->what();
      EXPECT_NE(std::string(error->what()).find(trial), std::string::npos) << where << ": " << error->what();
      EXPECT_TRUE(now == before || now == after) << where << ": a partial ledger after " << error->what();
    } else {
      EXPECT_EQ(now, after) << where << ": reported success but the ledger is not as after a clean run";
    }
    const auto v = ledger::verify_ledger(trial);
    EXPECT_TRUE(v.ok()) << where << ": " << (v.ok() ? "" : v.differences.front());
    return Trial{fired, error.has_value()};
  }

  // Walks N over every call of each kind the step makes, for each fault kind,
  // once and from then on.
  void walk(const Step& step) {
    const std::string after = clean_after(step);
    ASSERT_NE(after, before) << "the step must change the ledger";
    for (const FaultKind& k : kFaultKinds)
      for (bool persistent : {false, true}) {
        long nth = 1, refused = 0;
        for (Trial t; (t = one_trial(step, Fault{k.op, nth, k.error, persistent}, after, k.name)).fired; ++nth) {
          refused += t.refused;
          ASSERT_LT(nth, kOpsMax) << k.name;
        }
        std::printf("%-18s %-10s: %3ld calls failed in turn, %3ld refused\n", k.name,
                    persistent ? "persistent" : "once", nth - 1, refused);
        // A fault that never surfaces means the shim is not in the path.
        EXPECT_GT(refused, 0) << k.name << ": no injected fault was ever reported";
        if (::testing::Test::HasFailure()) return;  // one broken kind is enough to read
      }
  }

  TempDir dir;
  FaultyVfs vfs;
  std::string base, before, trial;
};

TEST_F(StorageFaults, ImportIsAllOrNothingUnderEveryFault) {
  write_file(dir.file("f_borrowers.csv"),
             "id,sector,province,registration,birth_year\nB4,services,Kampot,informal,1997\n");
  write_file(dir.file("f_loans.csv"), "bank,loan,borrower,currency,principal,annual_rate,term_months,disbursed\n"
                                      "WING,L4,B4,USD,900.00,12%,6,2024-02-01\n");
  write_file(dir.file("f_disbursements.csv"), "bank,loan,ref,date,amount\nWING,L4,D4,2024-02-01,900.00\n");
  write_file(dir.file("f_repayments.csv"),
             "bank,loan,ref,date,amount\nWING,L2,R1,2024-02-15,110.00\nWING,L4,R2,2024-03-01,150.00\n");
  using ledger::CsvKind;
  const std::vector<ledger::ImportFile> files{{CsvKind::borrowers, dir.file("f_borrowers.csv")},
                                              {CsvKind::loans, dir.file("f_loans.csv")},
                                              {CsvKind::disbursements, dir.file("f_disbursements.csv")},
                                              {CsvKind::repayments, dir.file("f_repayments.csv")}};
  walk([&](const std::string& db) { (void)ledger::import_files(db, files, {}); });
}

TEST_F(StorageFaults, ClaimIsAllOrNothingUnderEveryFault) {
  walk([](const std::string& db) {
    ledger::Writer w(db, {});
    w.add_event(ledger::EventInput{.kind = "claim", .bank = "WING", .loan = "L1", .ref = "C1",
                                   .date = parse_date("2024-06-01")});
    (void)w.finish();
  });
}

}  // namespace
}  // namespace gfund::testing
