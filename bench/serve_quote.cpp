// Time per answer of `gfund serve` against a terminal rerun of `gfund
// termsheet --terms` for the same terms (the way the question is answered
// without the server), in the same run, on the demo ledger (20,000
// scenarios) and on a generated 100,000-loan book (2,000 scenarios: its
// draws take about 0.7 GB).
//
//   build/bench/bench_serve_quote            (GFUND_BENCH_QUOTES=N quotes a case, default 40)
//
// Each quote moves the coverage (30%..70%) so no two consecutive answers are
// alike; the server keeps the draws in memory, so a quote re-aggregates claims.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <httplib.h>

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// `gfund serve <args>` as a child; its port and token from the URL line.
struct Server {
  pid_t pid = -1;
  int port = 0;
  std::string token;
  double startup_seconds = 0;
  explicit Server(const std::vector<std::string>& args) {
    int fd[2];
    if (pipe(fd) != 0) throw std::runtime_error("pipe");
    std::vector<std::string> a{GFUND_EXE, "serve"};
    a.insert(a.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : a) argv.push_back(s.data());
    argv.push_back(nullptr);
    const auto t0 = Clock::now();
    pid = fork();
    if (pid == 0) {
      dup2(fd[1], 1);
      close(fd[0]);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(fd[1]);
    std::string line;
    char c = 0;
    while (read(fd[0], &c, 1) == 1 && c != '\n') line += c;
    close(fd[0]);
    startup_seconds = since(t0);
    if (line.find("token=") == std::string::npos) throw std::runtime_error("gfund serve did not start");
    token = line.substr(line.find("token=") + 6);
    const auto colon = line.rfind(':');
    port = std::stoi(line.substr(colon + 1));
  }
  ~Server() {
    kill(pid, SIGINT);
    waitpid(pid, nullptr, 0);
  }
};

std::string quoted(const std::vector<std::string>& args) {
  std::string s;
  for (const auto& a : args) s += " '" + a + "'";
  return s;
}

void measure(const char* label, const std::vector<std::string>& inputs, int quotes) {
  Server srv(inputs);
  httplib::Client client("127.0.0.1", srv.port);
  std::vector<double> served;
  for (int i = 0; i < quotes; ++i) {
    const std::string cov = fmt::format("{:.2f}", 0.30 + 0.01 * (i % 41));
    const auto t0 = Clock::now();
    auto r = client.Get(("/api/quote?token=" + srv.token + "&bank=WING&coverage=" + cov).c_str());
    served.push_back(since(t0));
    if (!r || r->status != 200) throw std::runtime_error(std::string("quote failed: ") + (r ? r->body : "no answer"));
  }
  std::vector<double> rerun;
  for (int i = 0; i < 3; ++i) {
    const std::string cmd = std::string(GFUND_EXE) + " termsheet --bank WING --terms coverage=0.6" + quoted(inputs) +
                            " > /dev/null 2>&1";
    const auto t0 = Clock::now();
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("termsheet failed: " + cmd);
    rerun.push_back(since(t0));
  }
  const double s = median(served), t = median(rerun);
  fmt::print("{:<34} serve: {:8.1f} ms a quote (median of {}, max {:.1f}; start and draw {:.2f} s) | "
             "termsheet rerun: {:8.1f} ms | {:5.1f}x\n",
             label, s * 1e3, quotes, *std::max_element(served.begin(), served.end()) * 1e3, srv.startup_seconds, t * 1e3,
             t / s);
}

}  // namespace

int main() {
  const int quotes = std::getenv("GFUND_BENCH_QUOTES") ? std::atoi(std::getenv("GFUND_BENCH_QUOTES")) : 40;
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("gfund-bench-serve-{}", getpid());
  std::filesystem::create_directories(dir);
  const std::string d = dir.string(), fx = GFUND_FIXTURES_DIR;
  if (std::system((std::string(GFUND_EXE) + " demo --out " + d + "/demo --scenarios 100 > /dev/null 2>&1").c_str()) != 0 ||
      std::system((std::string(GFUND_EXE) + " generate-book --loans 100000 --seed 3 --out " + d + "/book.csv > /dev/null 2>&1")
                      .c_str()) != 0)
    throw std::runtime_error("could not prepare the inputs");
  measure("demo ledger, 20,000 scenarios", {"--db", d + "/demo/ledger.db", "--plan", fx + "/plans/demo-24m.toml",
                                            "--scenarios", "20000"}, quotes);
  measure("100,000-loan book, 2,000 scenarios", {"--book", d + "/book.csv", "--agreements", fx + "/demo/agreements.csv",
                                                 "--capital", "2500000 USD", "--as-of", "2024-01-01", "--scenarios", "2000"},
          quotes);
  std::filesystem::remove_all(dir);
}
