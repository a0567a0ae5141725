#include "engine/risk/mpi_ranks.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "engine/portfolio/input_file.hpp"

#if GFUND_HAVE_MPI
#include <mpi.h>
#endif

namespace gfund::risk::ranks {
namespace {

int g_rank = 0;
int g_size = 1;
[[maybe_unused]] bool g_mpi = false;                 // MPI_Init was called by this process
std::FILE* g_errors = nullptr;      // the terminal's stderr, kept aside on non-root ranks
double g_comm_seconds = 0;
std::uint64_t g_bytes_received = 0;

// MPI counts are ints: larger buffers go in pieces of at most this many bytes.
constexpr std::size_t kMessageBytesMax = std::size_t{1} << 30;

// Open MPI's mpirun sets OMPI_COMM_WORLD_SIZE; other launchers (PMI, PMIx) theirs.
[[maybe_unused]] bool launched_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}

// Times one exchange into communication_seconds.
struct CommTimer {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  ~CommTimer() { g_comm_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); }
};

#if GFUND_HAVE_MPI
void check(int rc, const char* what) {
  if (rc == MPI_SUCCESS) return;
  std::fprintf(error_stream(), "%s: error: MPI %s failed (code %d)\n", error_sender().c_str(), what, rc);
  abort_job(70);
}

// Broadcasts `bytes` bytes at `data` from rank `owner`, in pieces.
void broadcast(void* data, std::size_t bytes, int owner) {
  auto* p = static_cast<char*>(data);
  for (std::size_t done = 0; done < bytes;) {
    const std::size_t n = std::min(kMessageBytesMax, bytes - done);
    check(MPI_Bcast(p + done, static_cast<int>(n), MPI_BYTE, owner, MPI_COMM_WORLD), "broadcast");
    done += n;
  }
  if (g_rank != owner) g_bytes_received += bytes;
}

std::uint64_t broadcast_size(std::uint64_t n, int owner) {
  check(MPI_Bcast(&n, 1, MPI_UINT64_T, owner, MPI_COMM_WORLD), "broadcast");
  return n;
}
#else
void broadcast(void*, std::size_t, int) {}
std::uint64_t broadcast_size(std::uint64_t n, int) { return n; }
#endif

// Non-root ranks print nothing: their stdout and stderr go to /dev/null, and
// their error messages to a copy of the stderr they started with.
[[maybe_unused]] void silence_non_root() {
  const int kept = ::dup(STDERR_FILENO);
  g_errors = kept >= 0 ? ::fdopen(kept, "w") : nullptr;
  const int null = ::open("/dev/null", O_WRONLY);
  if (null < 0) return;
  ::dup2(null, STDOUT_FILENO);
  ::dup2(null, STDERR_FILENO);
  ::close(null);
}

}  // namespace

ScenarioRange scenario_range(std::uint64_t scenarios, int rank, int ranks) {
  const auto r = static_cast<std::uint64_t>(rank), k = static_cast<std::uint64_t>(ranks);
  // S r / K without overflow for any S below 2^64 / K.
  const std::uint64_t first = scenarios / k * r + scenarios % k * r / k;
  const std::uint64_t next = scenarios / k * (r + 1) + scenarios % k * (r + 1) / k;
  return {first, next - first};
}
ScenarioRange scenario_range(std::uint64_t scenarios) { return scenario_range(scenarios, g_rank, g_size); }

int rank() { return g_rank; }
int size() { return g_size; }
bool distributed() { return g_size > 1; }
bool root() { return g_rank == 0; }

void share_rows(void* rows, std::size_t row_bytes, std::uint64_t scenarios) {
  if (!distributed()) return;
  const CommTimer timer;
  for (int r = 0; r < g_size; ++r) {
    const ScenarioRange range = scenario_range(scenarios, r, g_size);
    broadcast(static_cast<char*>(rows) + range.first * row_bytes, range.count * row_bytes, r);
  }
}

void concat_into(const void* mine, std::size_t bytes, const std::function<void*(std::size_t total)>& allocate) {
  if (!distributed()) {
    if (bytes) std::memcpy(allocate(bytes), mine, bytes);
    return;
  }
  const CommTimer timer;
  std::vector<std::uint64_t> sizes(static_cast<std::size_t>(g_size));
  for (int r = 0; r < g_size; ++r) sizes[static_cast<std::size_t>(r)] = broadcast_size(bytes, r);
  std::uint64_t total = 0;
  for (auto n : sizes) total += n;
  auto* out = static_cast<char*>(allocate(total));
  std::uint64_t at = 0;
  for (int r = 0; r < g_size; ++r) {
    const auto n = sizes[static_cast<std::size_t>(r)];
    if (r == g_rank && n) std::memcpy(out + at, mine, n);
    broadcast(out + at, n, r);
    at += n;
  }
}

namespace {
// The request that ends serve_columns.
constexpr std::uint64_t kEndOfColumns = ~std::uint64_t{0};

#if GFUND_HAVE_MPI
// Gathers each rank's `mine` (its scenario_range's count of values) on rank 0, in rank order.
void gather_values(const std::vector<std::int64_t>& mine, std::vector<std::int64_t>* all, std::uint64_t scenarios) {
  std::vector<int> counts(static_cast<std::size_t>(g_size)), displs(static_cast<std::size_t>(g_size));
  for (int r = 0; r < g_size; ++r) {
    const auto range = scenario_range(scenarios, r, g_size);
    counts[static_cast<std::size_t>(r)] = static_cast<int>(range.count);  // scenarios <= kScenariosMax < 2^31
    displs[static_cast<std::size_t>(r)] = static_cast<int>(range.first);
  }
  if (all) all->resize(scenarios);
  check(MPI_Gatherv(mine.data(), static_cast<int>(mine.size()), MPI_INT64_T, all ? all->data() : nullptr,
                    counts.data(), displs.data(), MPI_INT64_T, 0, MPI_COMM_WORLD),
        "gather");
  if (all) g_bytes_received += (scenarios - mine.size()) * sizeof(std::int64_t);
}
#endif
}  // namespace

std::vector<std::int64_t> gather_column(std::uint64_t index, std::vector<std::int64_t> mine, std::uint64_t scenarios) {
  if (!distributed()) return mine;
  std::vector<std::int64_t> all;
#if GFUND_HAVE_MPI
  const CommTimer timer;
  broadcast_size(index, 0);
  gather_values(mine, &all, scenarios);
#else
  (void)index, (void)scenarios;
#endif
  return all;
}

void serve_columns(const std::function<std::vector<std::int64_t>(std::uint64_t index)>& mine) {
#if GFUND_HAVE_MPI
  if (!distributed() || root()) return;
  for (;;) {
    std::uint64_t index = 0;
    {
      const CommTimer timer;
      index = broadcast_size(0, 0);
    }
    if (index == kEndOfColumns) return;
    const std::vector<std::int64_t> part = mine(index);
    const CommTimer timer;
    gather_values(part, nullptr, 0);
  }
#else
  (void)mine;
#endif
}

void end_columns() {
  if (distributed() && root()) broadcast_size(kEndOfColumns, 0);
}

void gather_rows_to_root(const void* mine, void* all_rows, std::size_t row_bytes, std::uint64_t scenarios) {
  if (!distributed()) return;  // one process: its rows are all the rows already
  const ScenarioRange own = scenario_range(scenarios);
  if (root() && own.count) std::memcpy(static_cast<char*>(all_rows) + own.first * row_bytes, mine, own.count * row_bytes);
#if GFUND_HAVE_MPI
  const CommTimer timer;
  for (int r = 1; r < g_size; ++r) {
    const ScenarioRange range = scenario_range(scenarios, r, g_size);
    const std::size_t bytes = range.count * row_bytes;
    for (std::size_t done = 0; done < bytes;) {
      const std::size_t n = std::min(kMessageBytesMax, bytes - done);
      if (root())
        check(MPI_Recv(static_cast<char*>(all_rows) + range.first * row_bytes + done, static_cast<int>(n), MPI_BYTE, r,
                       0, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
              "receive");
      else if (g_rank == r)
        check(MPI_Send(static_cast<const char*>(mine) + done, static_cast<int>(n), MPI_BYTE, 0, 0, MPI_COMM_WORLD),
              "send");
      done += n;
    }
    if (root()) g_bytes_received += bytes;
  }
#endif
}

std::string from_root(const std::function<std::string()>& read) {
  if (!distributed()) return read();
  std::string bytes;
  if (root()) bytes = read();  // throws on rank 0: its error handler ends the job
  const CommTimer timer;
  bytes.resize(broadcast_size(bytes.size(), 0));
  broadcast(bytes.data(), bytes.size(), 0);
  return bytes;
}

double communication_seconds() { return g_comm_seconds; }
std::uint64_t bytes_received() { return g_bytes_received; }

std::function<void(std::uint64_t)> job_progress(std::function<void(std::uint64_t)> report, std::uint64_t local,
                                                std::uint64_t total) {
  if (!distributed() || !report) return report;
  if (!root() || local == 0) return {};
  // Rank 0's share stands for the job's: after d of its `local`, the job has
  // done about d total / local (the ranks draw at one pace).
  auto done = std::make_shared<std::atomic<std::uint64_t>>(0);
  return [report = std::move(report), done, local, total](std::uint64_t n) {
    const std::uint64_t before = done->fetch_add(n);
    const std::uint64_t step = (before + n) * total / local - before * total / local;
    if (step) report(step);
  };
}

Session::Session(int& argc, char**& argv) {
  (void)argc;
  (void)argv;
#if GFUND_HAVE_MPI
  if (!launched_by_mpirun()) return;
  int provided = 0;
  // Only the main thread calls MPI; OpenMP threads compute between the calls.
  if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    std::fprintf(stderr, "gfund: error: MPI could not start\n");
    std::exit(70);
  }
  g_mpi = true;
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
  if (g_size > 1) set_input_sharing(&from_root);  // every input: rank 0 reads, all get the bytes
  if (g_rank != 0) silence_non_root();
#endif
}

Session::~Session() {
#if GFUND_HAVE_MPI
  if (!g_mpi) return;
  // GFUND_MPI_STATS=1: each rank says what its exchanges cost (bench/mpi_scaling.cpp reads it).
  if (const char* v = std::getenv("GFUND_MPI_STATS"); v && *v == '1') {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::fprintf(error_stream(), "%s: mpi: rank %d of %d: %.6f s in exchanges, %llu bytes received, peak %ld MB\n",
                 error_sender().c_str(), g_rank, g_size, g_comm_seconds,
                 static_cast<unsigned long long>(g_bytes_received), ru.ru_maxrss / 1024);
  }
  MPI_Finalize();
#endif
}

std::FILE* error_stream() { return g_errors ? g_errors : stderr; }

std::string error_sender() {
  return root() ? std::string("gfund") : fmt::format("gfund (rank {} of {})", g_rank, g_size);
}

void abort_job(int exit_code) {
  std::fflush(error_stream());
#if GFUND_HAVE_MPI
  if (g_mpi && distributed()) MPI_Abort(MPI_COMM_WORLD, exit_code);
#endif
  std::exit(exit_code);
}

bool defer_error() {
  if (root() || !distributed()) return false;
  // Most failures (bad input, a bad option) fail every rank alike: rank 0
  // reports them and ends the job, and the others' copies of the message
  // would only repeat it. A failure of this rank alone is reported after
  // kErrorDeferSeconds, when rank 0 has not ended the job by then.
  std::this_thread::sleep_for(std::chrono::seconds(kErrorDeferSeconds));
  return true;
}

}  // namespace gfund::risk::ranks
