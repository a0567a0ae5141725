// Text that must not be stored, and text that must not run (issue 18, items
// 6 and 9): free text is UTF-8 within named limits, a folder given as a file
// is named as one, and formula-leading text is defused in the CSV gfund writes.
#include <gtest/gtest.h>

#include <filesystem>

#include "ledger/ledger_test_support.hpp"

namespace gfund::testing {
namespace {

namespace fs = std::filesystem;

class FreeText : public ::testing::Test {
 protected:
  RunResult import(const std::string& name, const std::string& text) {
    write_file(dir.file(name), text);
    return run_gfund({"import", "--db", db, dir.file(name)});
  }
  void expect_refused(const RunResult& r, int code, const std::string& message) {
    EXPECT_EQ(r.exit_code, code) << r.out << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << "stderr: " << r.err;
    EXPECT_EQ(ledger_fingerprint(db), before);
  }
  void SetUp() override {
    db = make_mini_ledger(dir);
    before = ledger_fingerprint(db);
  }
  TempDir dir;
  std::string db, before;
};

TEST_F(FreeText, InvalidUtf8IsRefusedNamingFileLineAndField) {
  expect_refused(import("borrowers.csv", "id,sector,province,registration,birth_year\nB9,f\xC3\x28od,Kandal,formal,1990\n"),
                 65, "borrowers.csv:2: field 'sector': is not valid UTF-8 text (byte 2)");
  expect_refused(import("banks.csv", "id,name\nABA,Advanced \xFF Bank\n"), 65,
                 "banks.csv:2: field 'name': is not valid UTF-8 text (byte 10)");
  // An overlong encoding of '/' is not UTF-8 either.
  expect_refused(import("associations.csv", "id,name\nX,\xC0\xAF\n"), 65,
                 "associations.csv:2: field 'name': is not valid UTF-8 text (byte 1)");
}

TEST_F(FreeText, ControlCharactersInNamesAreRefused) {
  expect_refused(import("banks.csv", "id,name\nABA,\"ABA\x1b[31m Bank\"\n"), 65,
                 "banks.csv:2: field 'name': holds a control character (byte 4)");
}

TEST_F(FreeText, LengthsHaveNamedLimits) {
  // kReferenceBytesMax = 64: 64 bytes are stored, 65 are not.
  const std::string ref64(64, 'R');
  auto ok = import("repayments.csv", "bank,loan,ref,date,amount\nWING,L1," + ref64 + ",2024-02-10,10.00\n");
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  before = ledger_fingerprint(db);
  expect_refused(import("repayments.csv", "bank,loan,ref,date,amount\nWING,L1," + ref64 + "X,2024-02-10,10.00\n"), 65,
                 "repayments.csv:2: field 'ref': is 65 bytes long; the limit is 64 bytes");
  // kNameBytesMax = 200, kLabelBytesMax = 100.
  expect_refused(import("banks.csv", "id,name\nABA," + std::string(201, 'n') + "\n"), 65,
                 "banks.csv:2: field 'name': is 201 bytes long; the limit is 200 bytes");
  expect_refused(import("borrowers.csv", "id,sector,province,registration,birth_year\nB9,food," +
                                             std::string(101, 'p') + ",formal,1990\n"),
                 65, "borrowers.csv:2: field 'province': is 101 bytes long; the limit is 100 bytes");
}

TEST_F(FreeText, ReferenceFromTheCommandLineIsCheckedToo) {
  auto r = run_gfund({"repay", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", std::string(65, 'R'), "--date",
                      "2024-02-10", "--amount", "10.00"});
  expect_refused(r, 65, "field 'ref': is 65 bytes long; the limit is 64 bytes");
}

TEST_F(FreeText, ADirectoryAsImportFileSaysItIsADirectory) {
  const std::string folder = dir.file("banks.csv.d");
  fs::create_directories(folder);
  auto r = run_gfund({"import", "--db", db, "--kind", "banks", folder});
  expect_refused(r, 66, folder + ": is a directory, not a CSV file");
}

// Formula-leading text is stored as given, and defused in the snapshot CSV.
TEST_F(FreeText, FormulaTextIsStoredButDefusedInTheSnapshotCsv) {
  write_file(dir.file("borrowers.csv"), "id,sector,province,registration,birth_year\nB9,=1+2,@SUM(A1),formal,1990\n");
  write_file(dir.file("loans.csv"),
             "bank,loan,borrower,currency,principal,annual_rate,term_months,disbursed,schedule\n"
             "WING,-L9,B9,USD,500.00,12%,6,2024-01-12,flat\n");
  write_file(dir.file("disbursements.csv"), "bank,loan,ref,date,amount\nWING,-L9,D9,2024-01-12,500.00\n");
  auto imp = run_gfund({"import", "--db", db, dir.file("borrowers.csv"), dir.file("loans.csv"),
                        dir.file("disbursements.csv")});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  auto r = run_gfund({"snapshot", "--db", db, "--as-of", "2024-03-31"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("'-L9,WING,,WING-A,'=1+2,'@SUM(A1),formal,USD,"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(",=1+2"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace gfund::testing
