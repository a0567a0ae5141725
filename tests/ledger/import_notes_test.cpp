// A big import prints the first kImportNotesShown notes and how many more
// there were, not thousands of lines; --all-notes prints them all.
#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ledger/ledger_test_support.hpp"

namespace gfund::testing {
namespace {

std::size_t note_lines(const std::string& out) {
  std::size_t n = 0;
  for (std::size_t at = out.find("note: "); at != std::string::npos; at = out.find("note: ", at + 1))
    if (at == 0 || out[at - 1] == '\n') ++n;
  return n;
}

TEST(ImportNotes, AreBoundedUnlessAllAreAskedFor) {
  TempDir dir;
  const std::string data = dir.file("data");
  const auto gen = run_gfund({"generate", "--loans", "3000", "--seed", "3", "--out", data});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(data)) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  auto import = [&](const std::string& db, bool all) {
    EXPECT_EQ(run_gfund({"init", "--db", db, "--fund", "GF", "--currency", "USD"}).exit_code, 0);
    std::vector<std::string> a = {"import", "--db", db};
    if (all) a.push_back("--all-notes");
    a.insert(a.end(), files.begin(), files.end());
    return run_gfund(a);
  };
  const auto all = import(dir.file("a.db"), true);
  ASSERT_EQ(all.exit_code, 0) << all.err;
  const std::size_t every = note_lines(all.err);  // notes go to stderr, the summary to stdout
  EXPECT_EQ(note_lines(all.out), 0u) << all.out;
  EXPECT_NE(all.out.find(std::to_string(every) + " notes (rate-cap flags"), std::string::npos) << all.out;
  ASSERT_GT(every, 21u) << "the generated book should flag more loans than are shown";
  const auto some = import(dir.file("b.db"), false);
  ASSERT_EQ(some.exit_code, 0) << some.err;
  EXPECT_EQ(note_lines(some.err), 21u);  // 20 notes and the count of the rest
  EXPECT_NE(some.err.find("and " + std::to_string(every - 20) + " more notes like these"), std::string::npos)
      << some.err.substr(0, 400);
}

// A generated 300-loan book's files in `data` and an empty USD ledger at `db`.
void generate_and_init(const std::string& data, const std::string& db) {
  ASSERT_EQ(run_gfund({"generate", "--loans", "300", "--seed", "3", "--out", data}).exit_code, 0);
  ASSERT_EQ(run_gfund({"init", "--db", db, "--fund", "GF", "--currency", "USD"}).exit_code, 0);
}

// --quiet leaves out notes, notices and progress; the summary and warnings stay.
TEST(ImportNotes, QuietSaysOnlyTheSummaryAndWarnings) {
  TempDir dir;
  const std::string data = dir.file("data"), db = dir.file("q.db");
  ASSERT_NO_FATAL_FAILURE(generate_and_init(data, db));
  std::vector<std::string> a = {"import", "--quiet", "--db", db};
  for (const auto& e : std::filesystem::directory_iterator(data)) a.push_back(e.path().string());
  const auto q = run_gfund(a);
  ASSERT_EQ(q.exit_code, 0) << q.err;
  EXPECT_EQ(q.err, "");
  EXPECT_NE(q.out.find("added: "), std::string::npos) << q.out;
  const auto told = run_gfund({"status", "--db", db});
  EXPECT_NE(told.err.find("gfund: as of "), std::string::npos) << told.err;
  const auto hushed = run_gfund({"-q", "status", "--db", db});
  ASSERT_EQ(hushed.exit_code, 0) << hushed.err;
  EXPECT_EQ(hushed.err, "");
  EXPECT_EQ(hushed.out, told.out);
  // A date after the last event is allowed and warned about, --quiet or not.
  const auto later = run_gfund({"status", "-q", "--db", db, "--as-of", "2099-01-01"});
  EXPECT_EQ(later.exit_code, 0) << later.err;
  EXPECT_NE(later.err.find("warning: as of 2099-01-01, after the ledger's last event"), std::string::npos) << later.err;
}

// On a terminal an import shows each stage's progress on stderr (a real pty, by script(1)).
TEST(ImportNotes, ProgressOnATerminal) {
  TempDir dir;
  const std::string data = dir.file("data"), db = dir.file("p.db");
  ASSERT_NO_FATAL_FAILURE(generate_and_init(data, db));
  const auto r = run_shell("TERM=xterm script -qec '" + gfund_exe() + " import --db " + db + " " + data +
                           "/*.csv' /dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* stage : {"Checking rows", "Replaying loans", "Writing events"})
    EXPECT_NE(r.out.find(stage), std::string::npos) << stage << "\n" << r.out.substr(0, 600);
  const auto piped = run_shell(gfund_exe() + " import --db " + db + " " + data + "/*.csv 2>&1");
  EXPECT_EQ(piped.out.find("Checking rows"), std::string::npos) << piped.out.substr(0, 600);
}

TEST(LedgerJson, ImportRepeatedAndVerifyAnswerInJson) {
  TempDir dir;
  const std::string csvs = dir.file("csv");
  std::filesystem::create_directories(csvs);
  write_mini_csvs(csvs);
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(csvs)) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  const std::string db = dir.file("l.db");
  ASSERT_EQ(run_gfund({"init", "--db", db, "--fund", "GF", "--currency", "USD"}).exit_code, 0);
  std::vector<std::string> a = {"import", "--db", db, "--json"};
  a.insert(a.end(), files.begin(), files.end());
  const auto first = run_gfund(a), again = run_gfund(a);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto j1 = nlohmann::json::parse(first.out), j2 = nlohmann::json::parse(again.out);
  EXPECT_EQ(j1["dry_run"], false);
  EXPECT_EQ(j1["added"]["loans"], 3);
  EXPECT_TRUE(j2["added"].empty()) << j2;  // idempotent: nothing new the second time
  EXPECT_EQ(j2["unchanged"]["loans"], 3);
  const auto v = run_gfund({"verify", "--db", db, "--json"});
  EXPECT_EQ(v.exit_code, 0) << v.err;
  const auto jv = nlohmann::json::parse(v.out);
  EXPECT_EQ(jv["ok"], true);
  EXPECT_EQ(jv["loans_checked"], 3);
  EXPECT_TRUE(jv["differences"].empty());
  const auto pay = run_gfund({"repay", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "R-JSON-1", "--date",
                              "2024-02-10", "--amount", "50.00", "--json"});
  ASSERT_EQ(pay.exit_code, 0) << pay.err;
  EXPECT_EQ(nlohmann::json::parse(pay.out)["added"]["repayment"], 1) << pay.out;
}

}  // namespace
}  // namespace gfund::testing
