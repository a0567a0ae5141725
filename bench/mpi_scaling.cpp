// Scenarios per second of `gfund simulate` and `gfund size` as one process
// and as an Open MPI job (ranks x threads), in the same run, on a generated
// book; the time each job's ranks spent in communication (GFUND_MPI_STATS=1),
// and the largest process's peak memory. The baseline is one process with
// one thread (plain gfund, no MPI): every other row is a ratio against it.
//
//   build/bench/bench_mpi_scaling                  (GFUND_BENCH_LOANS, default 20000;
//                                                  GFUND_BENCH_SCENARIOS, default 20000)
//
// Every job's output is compared with the baseline's: a row whose bytes
// differ is marked, so the speed is never bought with a different answer.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace {

using Clock = std::chrono::steady_clock;

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Timed {
  double seconds = 0;
  long peak_rss_kb = 0;  // of the largest process the command ran (ranks included)
  std::string out, err;
};

// Runs `command` through the shell, stdout and stderr to files, from a
// forked child so that its RUSAGE_CHILDREN peak is this command's alone.
Timed timed(const std::string& command, const std::string& dir) {
  const std::string out = dir + "/out", err = dir + "/err", rss = dir + "/rss";
  const std::string line = "GFUND_MPI_STATS=1 " + command + " > " + out + " 2> " + err;
  const auto t0 = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const int rc = std::system(line.c_str());
    rusage ru{};
    getrusage(RUSAGE_CHILDREN, &ru);
    std::ofstream(rss) << ru.ru_maxrss << "\n";
    _exit(rc == 0 ? 0 : 1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  Timed t;
  t.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  t.peak_rss_kb = std::stol(slurp(rss));
  t.out = slurp(out);
  t.err = slurp(err);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("failed: " + line + "\n" + t.err);
  return t;
}

// The largest "N s in exchanges" any rank printed.
double communication_seconds(const std::string& err) {
  double most = 0;
  std::istringstream lines(err);
  for (std::string l; std::getline(lines, l);) {
    const auto at = l.find(" s in exchanges");
    if (at == std::string::npos) continue;
    const auto from = l.rfind(' ', at - 1);
    most = std::max(most, std::stod(l.substr(from + 1, at - from - 1)));
  }
  return most;
}

struct Case {
  std::string label;
  int ranks = 0;  // 0 = plain process
  int threads = 1;
};

void run_verb(const std::string& verb, const std::vector<std::string>& args, int scenarios, const std::string& dir) {
  std::string tail;
  for (const auto& a : args) tail += " '" + a + "'";
  const std::string exe = GFUND_EXE;
  const std::string mpirun = std::string(GFUND_MPIEXEC) + " --allow-run-as-root --oversubscribe --bind-to none -np ";
  const std::vector<Case> cases = {{"1 process x 1 thread (baseline)", 0, 1}, {"1 process x 2 threads", 0, 2},
                                   {"mpirun 1 rank x 1 thread", 1, 1},       {"mpirun 2 ranks x 1 thread", 2, 1},
                                   {"mpirun 2 ranks x 2 threads", 2, 2},     {"mpirun 3 ranks x 1 thread", 3, 1}};
  fmt::print("\n{} ({} scenarios)\n{:<34} {:>9} {:>14} {:>9} {:>11} {:>9} {:>6}\n", verb, scenarios, "run", "wall s",
             "scenarios/s", "vs base", "comm s", "peak MB", "bytes");
  std::string baseline_out;
  double baseline_s = 0;
  for (const auto& c : cases) {
    const std::string command = (c.ranks ? mpirun + std::to_string(c.ranks) + " " : std::string()) + exe + " " + verb +
                                tail + " --threads " + std::to_string(c.threads);
    const Timed t = timed(command, dir);
    if (baseline_out.empty()) baseline_out = t.out, baseline_s = t.seconds;
    fmt::print("{:<34} {:>9.2f} {:>14.0f} {:>8.2f}x {:>11.3f} {:>9.0f} {:>6}\n", c.label, t.seconds,
               scenarios / t.seconds, baseline_s / t.seconds, communication_seconds(t.err), t.peak_rss_kb / 1024.0,
               t.out == baseline_out ? "same" : "DIFF");
  }
}

}  // namespace

int main() {
  const std::string loans = env_or("GFUND_BENCH_LOANS", "20000");
  const int scenarios = std::stoi(env_or("GFUND_BENCH_SCENARIOS", "20000"));
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("gfund-bench-mpi-{}", getpid());
  std::filesystem::create_directories(dir);
  const std::string book = (dir / "book.csv").string();
  const std::string gen = fmt::format("{} generate-book --loans {} --seed 3 --with-pd --out {}", GFUND_EXE, loans, book);
  if (std::system(gen.c_str()) != 0) return 1;
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) < 0) load[0] = -1;
  fmt::print("generated book: {} loans, a PD per loan; load average before the run {:.2f} (2-core machine)\n", loans,
             load[0]);
  const std::string f = GFUND_FIXTURES_DIR;
  const std::vector<std::string> book_args = {"--book", book, "--agreements", f + "/demo/agreements.csv", "--capital",
                                              "250000 USD", "--as-of", "2022-06-30", "--scenarios",
                                              std::to_string(scenarios), "--seed", "1", "--json"};
  try {
    run_verb("simulate", book_args, scenarios, dir.string());
    std::vector<std::string> size_args = book_args;
    size_args.insert(size_args.end(), {"--question", "capital"});
    run_verb("size", size_args, scenarios, dir.string());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    std::filesystem::remove_all(dir);
    return 1;
  }
  std::filesystem::remove_all(dir);
  return 0;
}
