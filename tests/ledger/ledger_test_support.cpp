#include "ledger/ledger_test_support.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

extern char** environ;

namespace gfund::testing {

void write_mini_csvs(const std::string& dir) {
  write_file(dir + "/banks.csv", "\xEF\xBB\xBFid,name\r\nWING,Wing Bank\r\nBOOST,\"Boost Capital\"\r\n");
  write_file(dir + "/associations.csv", "id,name\nCWEA,Cambodian Women Entrepreneurs Association\n");
  write_file(dir + "/borrowers.csv",
             "id,sector,province,registration,birth_year,association\n"
             "B1,food,Phnom Penh,informal,1995,CWEA\nB2,retail,Siem Reap,formal,1990,\nB3,handicraft,Takeo,informal,1999,\n");
  write_file(dir + "/agreements.csv",
             "id,bank,currency,coverage,structure,per_loan_cap,portfolio_cap,claim_trigger_dpd,lock_in_months,"
             "available_from,available_to\n"
             "WING-A,WING,USD,50%,pari_passu,300.00,\"1,000.00\",90,0,2020-01-01,2025-12-31\n");
  write_file(dir + "/loans.csv",
             "bank,loan,borrower,currency,principal,annual_rate,term_months,disbursed,schedule\n"
             "WING,L1,B1,USD,\"1,200.00\",12%,12,2024-01-10,annuity\n"
             "WING,L2,B2,USD,600.00,15%,6,2024-01-15,flat\n"
             "BOOST,L3,B3,KHR,\"1,200,000\",16%,12,2024-01-20,annuity\n");
  write_file(dir + "/disbursements.csv",
             "bank,loan,ref,date,amount\nWING,L1,D1,2024-01-10,\"1,200.00\"\nWING,L2,D2,2024-01-15,600.00\n"
             "BOOST,L3,D3,2024-01-20,\"1,200,000\"\n");
  write_file(dir + "/events.csv", "date,kind,ref,amount\n2024-01-01,capital_in,CAP1,\"10,000.00\"\n");
}

std::string make_mini_ledger(const TempDir& dir) {
  write_mini_csvs(dir.path().string());
  std::string db = dir.file("ledger.db");
  auto r = run_gfund({"init", "--db", db});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> args{"import", "--db", db};
  for (const char* f : {"banks", "associations", "borrowers", "agreements", "loans", "disbursements", "events"})
    args.push_back(dir.file(std::string(f) + ".csv"));
  r = run_gfund(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return db;
}

std::string ledger_fingerprint(const std::string& db_path) {
  SQLite::Database db(db_path, SQLite::OPEN_READWRITE);
  std::string out = "v" + std::to_string(db.execAndGet("PRAGMA user_version").getInt()) + "\n";
  for (const char* t : {"fund", "banks", "associations", "borrowers", "agreements", "loans", "schedules", "events",
                        "loan_state", "agreement_state", "fund_state"}) {
    out += std::string("[") + t + "]\n";
    std::string order = std::string(t) == "schedules" ? "1, 2, 3" : "1";
    SQLite::Statement q(db, std::string("SELECT * FROM ") + t + " ORDER BY " + order);
    while (q.executeStep()) {
      for (int c = 0; c < q.getColumnCount(); ++c) out += q.getColumn(c).getString() + "|";
      out += "\n";
    }
  }
  return out;
}

namespace {
constexpr int kExitMountUnavailable = 99;
}  // namespace

RunResult run_on_tmpfs(const TempDir& dir, const std::string& size, const std::string& body) {
  const std::string mnt = dir.file("mnt");
  std::filesystem::create_directories(mnt);
  write_file(dir.file("script.sh"), "M='" + mnt + "'\nG='" + gfund_exe() + "'\nmount -t tmpfs -o size=" + size +
                                        " tmpfs \"$M\" || exit " + std::to_string(kExitMountUnavailable) + "\n" +
                                        body);
  return run_shell("unshare -m /bin/sh '" + dir.file("script.sh") + "'");
}

bool mount_unavailable(const RunResult& r) {
  return r.exit_code == kExitMountUnavailable || r.err.find("unshare:") != std::string::npos;
}

int spawn_gfund(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  pid_t pid = ::fork();
  if (pid == 0) {
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    for (const auto& e : env) ::putenv(const_cast<char*>(e.c_str()));
    std::vector<std::string> argv{gfund_exe()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> a;
    for (auto& s : argv) a.push_back(s.data());
    a.push_back(nullptr);
    ::execv(a[0], a.data());
    ::_exit(127);
  }
  return pid;
}

int wait_child(int pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace gfund::testing
