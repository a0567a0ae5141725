// One documented order of a loan's same-day events (same_day_rank in
// engine/portfolio/loan_position.hpp), used by the writer, the replay and
// `verify` (issue 18, item 1): a recovery and a write-off on one day made a
// ledger that imported with exit 0 and that verify then rejected.
#include <algorithm>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/portfolio/loan_position.hpp"
#include "ledger/ledger_test_support.hpp"

namespace gfund::testing {
namespace {

// The status's figures, without the seal: the seal is the history's own
// (which rows came in which order), so ledgers agree in figures, not in it.
std::string figures(const std::string& status_json) {
  nlohmann::json j = nlohmann::json::parse(status_json);
  j.erase("seal");
  return j.dump(2);
}

class SameDayOrder : public ::testing::Test {
 protected:
  void SetUp() override { db = make_mini_ledger(dir); }
  RunResult import_rows(const std::string& name, const std::vector<std::string>& rows) {
    std::string text = "date,kind,bank,loan,ref,amount\n";
    for (const auto& r : rows) text += r + "\n";
    write_file(dir.file(name), text);
    return run_gfund({"import", "--db", db, dir.file(name)});
  }
  TempDir dir;
  std::string db;
};

// The audit's reproduction, on the mini ledger: a claim, then a recovery row
// followed by a write-off row with the same date.
TEST_F(SameDayOrder, RecoveryThenWriteOffOnOneDayVerifies) {
  auto r = run_gfund({"claim", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "CL-X", "--date", "2024-06-30"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = import_rows("events.csv", {"2024-07-15,recovery,WING,L1,RC-X,100.00", "2024-07-15,write_off,WING,L1,WO-X,"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_gfund({"verify", "--db", db});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // The write-off came first that day: it removed the whole outstanding
  // (1,200.00, nothing was repaid), and the recovery then repaid no
  // principal; the fund paid 300.00 (per-loan cap) of the 1,200.00 loss and
  // gets 300/1200 of the 100.00 recovered back.
  auto s = run_gfund({"status", "--db", db, "--as-of", "2024-12-31", "--json"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  const auto j = nlohmann::json::parse(s.out);
  ASSERT_EQ(j["claims"].size(), 1u);
  EXPECT_EQ(j["claims"][0]["loss"]["minor"], 120000);
  EXPECT_EQ(j["claims"][0]["fund_paid"]["minor"], 30000);
  EXPECT_EQ(j["claims"][0]["recovered"]["minor"], 10000);
  EXPECT_EQ(j["claims"][0]["recovered_to_fund"]["minor"], 2500);
  bool seen_wing = false;
  for (const auto& t : j["totals"])
    if (t["key"] == "WING" && t["level"] == "bank") {
      seen_wing = true;
      EXPECT_EQ(t["written_off"]["minor"], 120000) << t.dump();
    }
  EXPECT_TRUE(seen_wing) << j["totals"].dump();
}

// The day's order is fixed by kind, not by where a row stands in the file:
// every shuffle of the same rows gives the same ledger, and it verifies.
TEST_F(SameDayOrder, ShuffledSameDayRowsAlwaysVerifyAndAgree) {
  const std::vector<std::string> rows = {
      "2024-02-10,penalty,WING,L1,P1,5.00",        "2024-02-10,fee,WING,L1,F1,2.00",
      "2024-02-10,repayment,WING,L1,R1,120.00",    "2024-02-10,repayment,WING,L2,R2,50.00",
      "2024-02-10,penalty,WING,L2,P2,3.00",        "2024-06-30,claim,WING,L1,C1,",
      "2024-07-15,recovery,WING,L1,RC1,100.00",    "2024-07-15,write_off,WING,L1,WO1,",
      "2024-07-15,write_off,WING,L2,WO2,",         "2024-07-15,recovery,WING,L2,RC2,20.00",
      "2024-07-15,recovery,WING,L1,RC1B,10.00",
  };
  std::string first_status;
  std::mt19937_64 rng(20261201);
  for (int trial = 0; trial < 8; ++trial) {
    TempDir fresh;
    const std::string trial_db = make_mini_ledger(fresh);
    std::vector<std::string> shuffled = rows;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    std::string text = "date,kind,bank,loan,ref,amount\n";
    for (const auto& r : shuffled) text += r + "\n";
    write_file(fresh.file("events.csv"), text);
    auto r = run_gfund({"import", "--db", trial_db, fresh.file("events.csv")});
    ASSERT_EQ(r.exit_code, 0) << "trial " << trial << ":\n" << text << r.err;
    r = run_gfund({"verify", "--db", trial_db});
    EXPECT_EQ(r.exit_code, 0) << "trial " << trial << ":\n" << text << r.out << r.err;
    auto s = run_gfund({"status", "--db", trial_db, "--as-of", "2024-12-31", "--json"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    if (trial == 0) first_status = figures(s.out);
    EXPECT_EQ(figures(s.out), first_status) << "trial " << trial << " differs:\n" << text;
  }
}

// The same rows split over two imports (the later day in a second file) give
// the ledger one import gives.
TEST_F(SameDayOrder, SplitImportsAgreeWithOne) {
  ASSERT_EQ(import_rows("events_a.csv", {"2024-02-10,repayment,WING,L1,R1,120.00", "2024-02-10,penalty,WING,L1,P1,5.00"})
                .exit_code,
            0);
  ASSERT_EQ(import_rows("events_b.csv", {"2024-02-10,fee,WING,L1,F1,2.00"}).exit_code, 0);
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);
  TempDir other;
  const std::string one = make_mini_ledger(other);
  write_file(other.file("events_all.csv"),
             "date,kind,bank,loan,ref,amount\n2024-02-10,fee,WING,L1,F1,2.00\n2024-02-10,repayment,WING,L1,R1,120.00\n"
             "2024-02-10,penalty,WING,L1,P1,5.00\n");
  ASSERT_EQ(run_gfund({"import", "--db", one, other.file("events_all.csv")}).exit_code, 0);
  auto a = run_gfund({"status", "--db", db, "--as-of", "2024-03-31", "--json"});
  auto b = run_gfund({"status", "--db", one, "--as-of", "2024-03-31", "--json"});
  EXPECT_EQ(figures(a.out), figures(b.out));
}

// The replay refuses events that are not in the documented order.
TEST(SameDayRank, ReplayRefusesAnotherOrder) {
  const std::vector<Due> dues = {{parse_date("2024-02-10"), 10000, 100}};
  std::vector<LoanEvent> e = {
      {.kind = LoanEventKind::disbursement, .date = parse_date("2024-01-10"), .amount_minor = 10000},
      {.kind = LoanEventKind::repayment, .date = parse_date("2024-02-10"), .amount_minor = 600},
      {.kind = LoanEventKind::penalty, .date = parse_date("2024-02-10"), .amount_minor = 500},
  };
  EXPECT_THROW(replay_loan(10000, dues, e, parse_date("2024-12-31")), LoanEventError);
  std::swap(e[1], e[2]);
  const LoanPosition p = replay_loan(10000, dues, e, parse_date("2024-12-31"));
  EXPECT_EQ(p.charges_paid_minor, 500);  // the day's penalty is paid first
  EXPECT_EQ(p.interest_paid_minor, 100);
  EXPECT_TRUE(event_order_before(parse_date("2024-02-10"), LoanEventKind::write_off, parse_date("2024-02-10"),
                                 LoanEventKind::recovery));
}

}  // namespace
}  // namespace gfund::testing
