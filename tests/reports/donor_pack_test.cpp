// The donor pack on a small real ledger: outreach counts from the borrower
// columns, the KPIs' definitions, cohorts by the calibration's default
// definition, and the donor summary / dashboard section / workbook sheet
// that render it; the import's new optional columns and their errors.
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/ledger/donor_pack.hpp"
#include "engine/ledger/fund_account.hpp"
#include "engine/ledger/ledger_data.hpp"
#include "engine/ledger/loan_outcomes.hpp"
#include "engine/ledger/status.hpp"
#include "support/test_support.hpp"
#include "test_ledger.hpp"
#include "xlsx_reader.hpp"

namespace gfund::testing {
namespace {
namespace fs = std::filesystem;

const ledger::OutreachRow& group(const ledger::DonorPack& p, const std::string& dim, const std::string& g) {
  for (const auto& r : p.outreach)
    if (r.dimension == dim && r.group == g) return r;
  throw std::runtime_error("no outreach row " + dim + " / " + g);
}

std::int64_t loans_in(const ledger::DonorPack& p, const std::string& dim) {
  std::int64_t n = 0;
  for (const auto& r : p.outreach) n += r.dimension == dim ? r.loans : 0;
  return n;
}

TEST(DonorPack, OutreachCountsTheBorrowerColumnsInEachCurrencyApart) {
  TempDir dir;
  const std::string db = make_test_ledger(dir, "fund.db", /*with_riel_loan=*/true);
  const auto p = ledger::read_donor_pack(db, parse_date("2020-12-31"));
  EXPECT_EQ(p.loans, 5);
  EXPECT_EQ(p.borrowers, 4);  // B4 has a dollar and a riel loan
  ASSERT_EQ(p.currencies.size(), 2u);
  EXPECT_EQ(p.currencies[0].code_view(), "USD");
  EXPECT_EQ(p.currencies[1].code_view(), "KHR");
  // B1, B2, B4 are women: W1 1,500 + W2 2,000 + X2 800 in dollars, WK1 in riel.
  const auto& women = group(p, "Gender", "female");
  EXPECT_EQ(women.loans, 4);
  EXPECT_EQ(women.borrowers, 3);
  EXPECT_EQ(women.principal[0].minor(), 430'000);
  EXPECT_EQ(women.principal[1].minor(), 4'000'000);
  EXPECT_EQ(group(p, "Gender", "male").principal[0].minor(), 120'000);
  EXPECT_EQ(p.women_loans, 4);
  // First-time: B1 and B4 yes (3 loans), B2 no, B3 not recorded.
  EXPECT_EQ(group(p, "First-time borrower", "yes").loans, 3);
  EXPECT_EQ(group(p, "First-time borrower", "not recorded").loans, 1);
  EXPECT_EQ(p.first_time_loans, 3);
  // Ages in 2020: B2 22, B4 20 (two loans) under 25; B1 25 and B3 28 in 25 to 30.
  EXPECT_EQ(group(p, "Age at first loan", "under 25").loans, 3);
  EXPECT_EQ(group(p, "Age at first loan", "25 to 30").loans, 2);
  EXPECT_EQ(p.youth_loans, 5);
  EXPECT_EQ(group(p, "Association member", "member").loans, 2);
  EXPECT_EQ(group(p, "Business", "registered").loans, 1);
  // Every dimension partitions the loans.
  for (const char* d : {"Gender", "Age at first loan", "First-time borrower", "Business", "Association member"})
    EXPECT_EQ(loans_in(p, d), p.loans) << d;
}

TEST(DonorPack, KpisFollowTheirDefinitionsOnTheFundAccount) {
  TempDir dir;
  const std::string db = make_test_ledger(dir);
  const Date as_of = parse_date("2020-12-31");
  const auto p = ledger::read_donor_pack(db, as_of);
  const auto data = ledger::read_ledger_file(db);
  const auto f = ledger::fund_account(data, as_of);
  EXPECT_EQ(p.net_capital_minor, 5'000'000);
  EXPECT_EQ(p.claims_owed_minor, f.claims_paid_minor + f.claims_due_minor);
  EXPECT_GT(p.claims_owed_minor, 0);
  std::int64_t enrolled = 0;
  for (const auto& [id, t] : ledger::agreement_totals(data, as_of)) enrolled += t.enrolled_minor;
  EXPECT_EQ(p.guaranteed_lending_minor, enrolled);
  ASSERT_TRUE(p.multiplier() && p.claims_ratio() && p.recovery_rate());
  EXPECT_DOUBLE_EQ(*p.multiplier(), double(enrolled) / 5'000'000.0);
  EXPECT_DOUBLE_EQ(*p.claims_ratio(), double(p.claims_owed_minor) / double(enrolled));
  EXPECT_DOUBLE_EQ(*p.recovery_rate(), double(f.recoveries_minor) / double(f.claims_paid_minor));
  // No fee received yet: fee cover is 0, not missing; before any claim it is missing.
  EXPECT_EQ(p.fee_cover(), std::optional<double>(0.0));
  EXPECT_FALSE(ledger::read_donor_pack(db, parse_date("2020-06-30")).fee_cover());
}

TEST(DonorPack, CohortsCountDefaultsAsCalibrationDoes) {
  TempDir dir;
  const std::string db = make_test_ledger(dir);
  const Date as_of = parse_date("2020-12-31");
  const auto p = ledger::read_donor_pack(db, as_of);
  std::int64_t defaulted = 0;
  for (const auto& o : ledger::read_loan_outcomes(db, as_of)) defaulted += o.defaulted;
  ASSERT_EQ(p.cohorts.size(), 1u);
  EXPECT_EQ(p.cohorts[0].year, 2020);
  EXPECT_EQ(p.cohorts[0].loans, 4);
  EXPECT_EQ(p.cohorts[0].defaulted, defaulted);
  EXPECT_GE(defaulted, 1);  // W2 was claimed
}

class DonorCli : public ::testing::Test {
 protected:
  void SetUp() override { db_ = make_test_ledger(dir_); }
  RunResult report(const std::string& format, const std::string& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"report", "--db", db_, "--as-of", "2020-12-31", "--format", format, "--out", out};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_gfund(args);
  }
  TempDir dir_;
  std::string db_;
};

TEST_F(DonorCli, SummaryPageAndDashboardSectionAndWorkbookSheet) {
  auto r = report("donor", dir_.file("donor.html"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Wrote the donor summary (one A4 page): " + dir_.file("donor.html") + "\n");
  const std::string html = read_file(dir_.file("donor.html"));
  for (const char* s : {"<h1>Donor summary</h1>", "Multiplier", "Fee cover", "Outreach", "Default rate by cohort",
                        "first loan from a formal lender", "A4 portrait"})
    EXPECT_NE(html.find(s), std::string::npos) << s;
  ASSERT_EQ(report("html", dir_.file("d.html")).exit_code, 0);
  EXPECT_NE(read_file(dir_.file("d.html")).find("<h2>Donor pack</h2>"), std::string::npos);
  ASSERT_EQ(report("xlsx", dir_.file("d.xlsx")).exit_code, 0);
  XlsxReader x(dir_.file("d.xlsx"));
  const auto names = x.sheet_names();
  EXPECT_NE(std::find(names.begin(), names.end(), "Donor"), names.end()) << ::testing::PrintToString(names);
}

TEST_F(DonorCli, SummaryWithSimulateIsAUsageErrorAndWritesNothing) {
  auto r = report("donor", dir_.file("donor.html"), {"--simulate"});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("--simulate"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_.file("donor.html")));
}

// The import's optional borrower columns: a bad value names file, line and
// field; a borrower stored again with another gender is refused.
TEST(DonorImport, BadGenderOrFirstTimeNamesTheFieldAndStoresNothing) {
  TempDir dir;
  const std::string db = dir.file("fund.db");
  ASSERT_EQ(run_gfund({"init", "--db", db, "--fund", "F", "--currency", "USD"}).exit_code, 0);
  write_file(dir.file("borrowers.csv"),
             "id,sector,province,registration,birth_year,gender,first_time_borrower\nB1,food,Kep,formal,1990,female,yes\n"
             "B2,food,Kep,formal,1990,woman,yes\n");
  auto r = run_gfund({"import", "--db", db, dir.file("borrowers.csv")});
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("borrowers.csv"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("borrowers.csv:3: field 'gender'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("gender"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("female, male or other"), std::string::npos) << r.err;
  EXPECT_TRUE(ledger::read_ledger_file(db).borrowers.empty());

  write_file(dir.file("borrowers.csv"),
             "id,sector,province,registration,birth_year,first_time_borrower\nB1,food,Kep,formal,1990,maybe\n");
  r = run_gfund({"import", "--db", db, dir.file("borrowers.csv")});
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("first_time_borrower"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("yes or no"), std::string::npos) << r.err;

  write_file(dir.file("borrowers.csv"), "id,sector,province,registration,birth_year,gender\nB1,food,Kep,formal,1990,female\n");
  ASSERT_EQ(run_gfund({"import", "--db", db, dir.file("borrowers.csv")}).exit_code, 0);
  EXPECT_EQ(ledger::read_ledger_file(db).borrowers.at("B1").gender, Gender::female);
  write_file(dir.file("borrowers.csv"), "id,sector,province,registration,birth_year,gender\nB1,food,Kep,formal,1990,male\n");
  r = run_gfund({"import", "--db", db, dir.file("borrowers.csv")});
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("already stored with other details"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace gfund::testing
