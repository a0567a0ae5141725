// gfund calibrate end to end on a small ledger built from CSV files: loans
// that never paid are defaults by the as-of date, recent ones are not; the
// model file it writes is read by `gfund size`.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>

#include "engine/ledger/csv_import.hpp"
#include "engine/ledger/ledger_meta.hpp"
#include "engine/ledger/store.hpp"
#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

// WING: 8 loans from 2022 that never paid (defaults by 2023-06-30) and 24
// disbursed in June 2023 (not yet due at 2023-06-30); SMEB/CWEA: 2 old unpaid, 20 recent.
std::string make_ledger(const TempDir& dir) {
  std::string borrowers = "id,sector,province,registration,birth_year,association\n";
  std::string loans = "bank,loan,borrower,currency,principal,annual_rate,term_months,disbursed,schedule,first_due,agreement\n";
  std::string disb = "bank,loan,ref,date,amount,currency\n";
  int n = 0;
  auto add = [&](const std::string& bank, const std::string& assoc, const std::string& agreement, const std::string& date,
                 const std::string& first_due) {
    ++n;
    const std::string b = fmt::format("B{:04}", n), l = fmt::format("{}-L{:04}", bank, n);
    borrowers += fmt::format("{},food,Phnom Penh,informal,1990,{}\n", b, assoc);
    loans += fmt::format("{},{},{},USD,\"1,200.00\",15%,12,{},annuity,{},{}\n", bank, l, b, date, first_due, agreement);
    disb += fmt::format("{},{},D-{},{},\"1,200.00\",USD\n", bank, l, l, date);
  };
  for (int i = 0; i < 8; ++i) add("WING", "", "WING-2019", "2022-03-10", "2022-04-10");
  for (int i = 0; i < 24; ++i) add("WING", "", "WING-2019", "2023-06-05", "2023-07-05");
  for (int i = 0; i < 2; ++i) add("SMEB", "CWEA", "SMEB-CWEA", "2022-05-10", "2022-06-10");
  for (int i = 0; i < 20; ++i) add("SMEB", "CWEA", "SMEB-CWEA", "2023-06-06", "2023-07-06");
  write_file(dir.file("t_banks.csv"), "id,name\nWING,Wing Bank\nSMEB,SME Bank\nBOOST,Boost\nCNB,Canadia\n");
  write_file(dir.file("t_associations.csv"), "id,name\nCWEA,Cambodian Women Entrepreneurs Association\nYEAC,Young Entrepreneurs\n");
  write_file(dir.file("t_borrowers.csv"), borrowers);
  write_file(dir.file("t_agreements.csv"), read_file(fixtures_dir() + "/demo/agreements.csv"));
  write_file(dir.file("t_loans.csv"), loans);
  write_file(dir.file("t_disbursements.csv"), disb);
  write_file(dir.file("t_events.csv"), "date,kind,bank,loan,ref,amount,annual_rate,term_months,schedule\n"
                                       "2019-06-01,capital_in,,,CAP-1,\"30,000.00\",,,\n");
  const std::string db = dir.file("ledger.db");
  ledger::create_ledger(db, "GF-TEST", "USD");
  std::vector<ledger::ImportFile> files;
  for (const char* k : {"banks", "associations", "agreements", "borrowers", "loans", "disbursements", "events"})
    files.push_back({ledger::csv_kind_from_name(std::string("t_") + k + ".csv"), dir.file(std::string("t_") + k + ".csv")});
  ledger::import_files(db, files, {});
  return db;
}

TEST(CalibrateCli, WritesAModelThatSizeReads) {
  TempDir dir;
  const std::string db = make_ledger(dir);
  auto r = run_gfund({"calibrate", "--db", db, "--as-of", "2023-06-30", "--out", dir.file("model.toml"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["loans"], 54);
  EXPECT_EQ(j["defaults"], 10);
  bool few = false;
  for (const auto& w : j["warnings"]) few = few || w.get<std::string>().find("too few data") != std::string::npos;
  EXPECT_TRUE(few);  // 10 defaults cannot carry a regression
  // WING's observed rate is above SMEB's, and shrinkage keeps both between
  // their raw rates and the pool.
  std::map<std::string, nlohmann::json> bank;
  for (const auto& g : j["by_bank"]["groups"]) bank[g["key"]] = g;
  EXPECT_GT(bank["WING"]["observed_pd"].get<double>(), bank["SMEB"]["observed_pd"].get<double>());
  const double pooled = j["by_bank"]["pooled_pd"];
  for (const auto& [k, g] : bank) {
    const double raw = g["observed_pd"], shrunk = g["shrunk_pd"];
    EXPECT_LE(std::min(raw, pooled) - 1e-12, shrunk) << k;
    EXPECT_GE(std::max(raw, pooled) + 1e-12, shrunk) << k;
  }
  const auto model = read_file(dir.file("model.toml"));
  EXPECT_NE(model.find("[[pd.segments]]"), std::string::npos);
  EXPECT_NE(model.find("# Written by gfund calibrate"), std::string::npos);
  // The model drives sizing on the same ledger.
  auto s = run_gfund({"size", "--db", db, "--as-of", "2023-06-30", "--model", dir.file("model.toml"), "--question",
                      "capital,fee", "--scenarios", "500", "--json"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  auto sj = nlohmann::json::parse(s.out);
  EXPECT_EQ(sj["capital_available_minor"], 3'000'000);  // the ledger's fund balance
  EXPECT_GT(sj["capital"]["required_minor"].get<double>(), 0);
  // Nothing half-written on a bad ledger path; exit 66.
  auto bad = run_gfund({"calibrate", "--db", dir.file("absent.db"), "--as-of", "2023-06-30", "--out", dir.file("m2.toml")});
  EXPECT_EQ(bad.exit_code, 66) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("m2.toml")));
}


// The model calibrate writes is recorded in the ledger: simulate and size
// without --model take it and say so; once its file is gone they warn and
// take the shipped one; a calibrate that fails records nothing.
TEST(CalibrateCli, TheRiskVerbsDefaultToTheModelItLastWrote) {
  TempDir dir;
  const std::string db = make_ledger(dir);
  const std::vector<std::string> sim{"simulate", "--db", db, "--as-of", "2023-06-30", "--scenarios", "200", "--json"};
  auto before = run_gfund(sim);
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_NE(before.err.find("(the shipped default"), std::string::npos) << before.err;

  const std::string model = dir.file("model.toml");
  ASSERT_EQ(run_gfund({"calibrate", "--db", db, "--as-of", "2023-06-30", "--out", model}).exit_code, 0);
  const auto recorded = ledger::calibrated_model(db);
  ASSERT_TRUE(recorded.has_value());
  EXPECT_EQ(recorded->path, std::filesystem::absolute(model).lexically_normal().string());
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  EXPECT_LE(std::chrono::abs(std::chrono::sys_days{recorded->written} - today).count(), 1);
  const std::string said = "model " + recorded->path + " (written by calibrate on " + format_date(recorded->written);

  auto after = run_gfund(sim);
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_NE(after.err.find(said), std::string::npos) << after.err;
  auto typed = sim;
  typed.insert(typed.end(), {"--model", model});
  const auto given = run_gfund(typed);
  EXPECT_EQ(after.out, given.out);      // the calibrated model, not the shipped one
  EXPECT_NE(after.out, before.out);
  EXPECT_EQ(given.err.find("written by calibrate"), std::string::npos) << given.err;
  auto size = run_gfund({"size", "--db", db, "--as-of", "2023-06-30", "--question", "capital", "--scenarios", "200"});
  ASSERT_EQ(size.exit_code, 0) << size.err;
  EXPECT_NE(size.err.find(said), std::string::npos) << size.err;

  // A failed calibrate (an unreadable prior; a missing output folder) records nothing.
  write_file(dir.file("bad-prior.toml"), "this is = not [ toml\n");
  EXPECT_NE(run_gfund({"calibrate", "--db", db, "--as-of", "2023-06-30", "--prior", dir.file("bad-prior.toml"),
                       "--out", dir.file("m2.toml")}).exit_code, 0);
  EXPECT_NE(run_gfund({"calibrate", "--db", db, "--as-of", "2023-06-30", "--out", dir.file("no/such/m3.toml")})
                .exit_code, 0);
  EXPECT_EQ(ledger::calibrated_model(db)->path, recorded->path);

  // The recorded file removed: a warning, and the shipped model.
  std::filesystem::remove(model);
  auto gone = run_gfund(sim);
  ASSERT_EQ(gone.exit_code, 0) << gone.err;
  EXPECT_NE(gone.err.find("warning: the model calibrate wrote for this ledger on"), std::string::npos) << gone.err;
  EXPECT_NE(gone.err.find(recorded->path + ", no longer exists"), std::string::npos) << gone.err;
  EXPECT_NE(gone.err.find("(the shipped default"), std::string::npos) << gone.err;
  EXPECT_EQ(gone.out, before.out);
}

}  // namespace
}  // namespace gfund::testing
