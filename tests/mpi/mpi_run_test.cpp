// gfund as an Open MPI job (engine/risk/mpi_ranks.hpp), end to end with the
// real mpirun: simulate, size, stress (--reverse) and termsheet under 1, 2
// and 3 ranks give the same bytes as one process (stdout and files), on the
// demo ledger and on a generated book; a rank that fails (bad input seen after
// the broadcast, a killed rank) ends the job within seconds; a verb that
// writes the ledger is refused.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

// Every rank on this machine: --oversubscribe (more ranks than cores), and
// CI runs as root, which Open MPI refuses without --allow-run-as-root. A job
// that hangs (ranks waiting on each other) is killed after two minutes and
// fails its test, rather than holding CI for ctest's ten.
std::string mpirun(int ranks) {
  return "timeout --kill-after=5 120 " + std::string(GFUND_MPIEXEC) + " --allow-run-as-root --oversubscribe -np " +
         std::to_string(ranks) + " ";
}

std::string quoted(const std::vector<std::string>& args) {
  std::string line;
  for (const auto& a : args) line += " '" + a + "'";
  return line;
}

RunResult run_ranks(int ranks, const std::vector<std::string>& args) {
  return run_shell(mpirun(ranks) + gfund_exe() + quoted(args));
}

struct Inputs {
  TempDir dir;
  std::string ledger, book;
};

// The demo ledger and a generated 3,000-loan book with a PD per loan, made once.
const Inputs& inputs() {
  static const Inputs* in = [] {
    auto* i = new Inputs;  // kept to the end of the run: its folder is removed with it
    auto r = run_gfund({"demo", "--out", i->dir.file("demo"), "--scenarios", "200", "--seed", "3"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    i->ledger = i->dir.file("demo") + "/ledger.db";
    i->book = i->dir.file("book.csv");
    r = run_gfund({"generate-book", "--loans", "3000", "--seed", "5", "--with-pd", "--out", i->book});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return i;
  }();
  return *in;
}

std::vector<std::string> ledger_args(std::vector<std::string> verb_args) {
  verb_args.insert(verb_args.begin() + 1, {"--db", inputs().ledger});
  return verb_args;
}

// Runs `args` in one process and under each rank count; stdout must be equal
// byte for byte (and non-trivial), every run exiting 0.
void expect_same_bytes(const std::vector<std::string>& args, std::vector<int> rank_counts = {1, 2, 3}) {
  const RunResult one = run_gfund(args);
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_GT(one.out.size(), 100u);
  for (int k : rank_counts) {
    const RunResult job = run_ranks(k, args);
    ASSERT_EQ(job.exit_code, 0) << k << " ranks: " << job.err;
    EXPECT_EQ(job.out, one.out) << args[0] << " under " << k << " ranks differs from one process";
  }
}

TEST(MpiRun, SimulateOnTheLedgerGivesOneProcessBytesOnOneTwoThreeRanks) {
  expect_same_bytes(ledger_args({"simulate", "--scenarios", "3000", "--seed", "11", "--json"}));
}

TEST(MpiRun, ImportanceSamplingGivesOneProcessBytes) {
  expect_same_bytes(ledger_args({"simulate", "--scenarios", "2000", "--seed", "5", "--method", "is", "--json"}), {2, 3});
}

TEST(MpiRun, GeneratedBookWithPerLoanPdGivesOneProcessBytes) {
  const std::string f = fixtures_dir();
  expect_same_bytes({"simulate", "--book", inputs().book, "--agreements", f + "/demo/agreements.csv", "--capital",
                     "250000 USD", "--as-of", "2022-06-30", "--scenarios", "2000", "--seed", "9", "--json"});
}

TEST(MpiRun, RanksTimesThreadsGiveOneProcessBytes) {
  const auto args = ledger_args({"simulate", "--scenarios", "2000", "--seed", "4", "--json"});
  const RunResult one = run_gfund([&] {
    auto a = args;
    a.insert(a.end(), {"--threads", "1"});
    return a;
  }());
  ASSERT_EQ(one.exit_code, 0) << one.err;
  auto a = args;
  a.insert(a.end(), {"--threads", "2"});
  const RunResult job = run_ranks(3, a);
  ASSERT_EQ(job.exit_code, 0) << job.err;
  EXPECT_EQ(job.out, one.out);
}

TEST(MpiRun, ScenarioFileIsWrittenOnceWithOneProcessBytes) {
  TempDir out;
  const auto args = ledger_args({"simulate", "--scenarios", "1500", "--seed", "2"});
  auto a1 = args, a2 = args;
  a1.insert(a1.end(), {"--scenario-out", out.file("one.csv")});
  a2.insert(a2.end(), {"--scenario-out", out.file("job.csv")});
  ASSERT_EQ(run_gfund(a1).exit_code, 0);
  const RunResult job = run_ranks(3, a2);
  ASSERT_EQ(job.exit_code, 0) << job.err;
  EXPECT_EQ(read_file(out.file("job.csv")), read_file(out.file("one.csv")));
  // Only rank 0 wrote: the two files and nothing else (no other rank's temporary).
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(out.path())) ++files;
  EXPECT_EQ(files, 2u);
}

TEST(MpiRun, SizeGivesOneProcessBytes) {
  expect_same_bytes(
      ledger_args({"size", "--plan", fixtures_dir() + "/plans/demo-24m.toml", "--scenarios", "1500", "--json"}),
      {2, 3});
}

TEST(MpiRun, ReverseStressGivesOneProcessBytes) {
  expect_same_bytes(ledger_args({"stress", "--reverse", "--scenarios", "800", "--json"}), {2, 3});
}

TEST(MpiRun, TermsheetGivesOneProcessBytesOnScreenAndInItsFile) {
  expect_same_bytes(ledger_args({"termsheet", "--bank", "CNB", "--scenarios", "1500", "--json"}), {2});
  TempDir out;
  const auto args = ledger_args({"termsheet", "--bank", "CNB", "--scenarios", "1500"});
  auto a1 = args, a2 = args;
  a1.insert(a1.end(), {"--markdown", out.file("one.md")});
  a2.insert(a2.end(), {"--markdown", out.file("job.md")});
  ASSERT_EQ(run_gfund(a1).exit_code, 0);
  const RunResult job = run_ranks(3, a2);
  ASSERT_EQ(job.exit_code, 0) << job.err;
  EXPECT_EQ(read_file(out.file("job.md")), read_file(out.file("one.md")));
}

// A model every rank receives and every rank rejects: the job ends with the
// data error's exit code (65) and rank 0's message, said once, within seconds.
TEST(MpiRun, BadInputSeenAfterTheBroadcastEndsTheJobWithTheMessage) {
  TempDir dir;
  std::string model = read_file(fixtures_dir() + "/models/demo.toml");
  const auto at = model.find("horizon_months");
  ASSERT_NE(at, std::string::npos);
  model.insert(at, "horizon_months = 9999\n");  // a second key: the TOML parser refuses the file
  write_file(dir.file("bad.toml"), model);
  const auto start = std::chrono::steady_clock::now();
  const RunResult job = run_ranks(3, ledger_args({"simulate", "--model", dir.file("bad.toml"), "--scenarios", "500"}));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(job.exit_code, 65) << job.err;
  EXPECT_NE(job.err.find("bad.toml"), std::string::npos) << job.err;
  EXPECT_EQ(job.err.find("(rank 1 of 3)"), std::string::npos) << "rank 1 repeated rank 0's message:\n" << job.err;
  EXPECT_LT(seconds, 20.0);
}

// kill -9 of one rank mid-run: mpirun ends the job, non-zero, within seconds.
TEST(MpiRun, AKilledRankEndsTheJobWithinSeconds) {
  TempDir dir;
  const std::string f = fixtures_dir();
  const std::string command = "(" + mpirun(2) + gfund_exe() +
                              quoted({"simulate", "--book", inputs().book, "--agreements", f + "/demo/agreements.csv",
                                      "--capital", "250000 USD", "--as-of", "2022-06-30", "--scenarios", "5000000",
                                      "--threads", "1"}) +
                              " > /dev/null 2> " + dir.file("err") + " & wait $!; echo $? > " +
                              dir.file("rc") + ")";
  std::thread job([&] { run_shell(command); });
  // Wait until both ranks run (their command lines start with gfund's
  // path; mpirun's does not), then kill the newest: rank 1's process.
  const std::string ranks_pattern = "'^" + gfund_exe() + " simulate --book '";
  RunResult ranks;
  for (int i = 0; i < 100; ++i) {
    const std::string count = run_shell("pgrep -c -f " + ranks_pattern).out;
    if (!count.empty() && std::stoi(count) >= 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ranks = run_shell("pgrep -n -f " + ranks_pattern);
  ASSERT_FALSE(ranks.out.empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(run_shell("kill -9 " + ranks.out).exit_code, 0);
  const auto killed = std::chrono::steady_clock::now();
  job.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count();
  EXPECT_LT(seconds, 15.0);
  EXPECT_NE(read_file(dir.file("rc")), "0\n");
  EXPECT_NE(read_file(dir.file("err")).find("signal 9"), std::string::npos) << read_file(dir.file("err"));
}

TEST(MpiRun, AVerbThatWritesTheLedgerIsRefused) {
  const RunResult job = run_ranks(2, {"repay", "--db", inputs().ledger, "--help"});
  EXPECT_EQ(job.exit_code, 64);
  EXPECT_NE(job.err.find("'repay' runs in one process"), std::string::npos) << job.err;
}

}  // namespace
}  // namespace gfund::testing
