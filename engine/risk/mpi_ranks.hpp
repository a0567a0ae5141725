#pragma once
// Beyond one machine: the same gfund process run as K MPI ranks (Open MPI's
// `mpirun -np K gfund simulate ...`), with the same bytes out as one process.
//
// How the work is split (docs/scale-out.md has the memory and traffic):
//  - Rank 0 reads every input (each file's bytes through
//    engine/portfolio/input_file.hpp's shared_input, the ledger as one
//    consistent SQLite image) and broadcasts them; every rank builds the same
//    prepared inputs from the same bytes, with the same code.
//  - Each rank draws only its contiguous range of scenarios (scenario_range);
//    a scenario is a pure function of (seed, scenario), so where it is drawn
//    does not change it. OpenMP threads work inside each rank.
//  - The per-scenario rows are then exchanged (share_rows, concat) so that
//    every rank holds the rows one process would, in scenario order, and the
//    reductions (quantiles, ES, Euler contributions, exhaustion months,
//    standard errors, sizing's solvers) run on identical data: byte-identical
//    figures for any K and any thread count.
//  - Only rank 0 writes: the other ranks' stdout and stderr go to /dev/null
//    (their errors still reach the terminal, named by rank) and
//    reports::produce_file_atomically writes nothing on them.
//  - A rank that fails ends the whole job (abort_job: MPI_Abort), never a hang;
//    mpirun ends the job when a rank is killed.
//
// Without MPI at build time (no Open MPI found) or at run time (not started
// by mpirun) the process is one rank: size() == 1 and every call is local.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace gfund::risk::ranks {

// Rank r of K owns scenarios [first, first + count): floor(S r / K) to
// floor(S (r + 1) / K), contiguous and disjoint, covering 0..S-1.
struct ScenarioRange {
  std::uint64_t first = 0;
  std::uint64_t count = 0;
};
ScenarioRange scenario_range(std::uint64_t scenarios, int rank, int ranks);
ScenarioRange scenario_range(std::uint64_t scenarios);  // this rank's

int rank();          // 0-based
int size();          // ranks in the job, >= 1
bool distributed();  // size() > 1
bool root();         // rank() == 0: reads inputs, writes outputs

// `rows` holds `scenarios` rows of row_bytes each; this rank has filled its
// scenario_range. After the call every rank holds every row (in place: each
// rank's block is broadcast from its owner).
void share_rows(void* rows, std::size_t row_bytes, std::uint64_t scenarios);
template <class T>
void share_rows(std::vector<T>& rows, std::size_t per_scenario, std::uint64_t scenarios) {
  share_rows(rows.data(), per_scenario * sizeof(T), scenarios);
}

// Every rank's `mine`, concatenated in rank order, on every rank (T
// trivially copyable). concat_into asks `allocate` for the total's room.
void concat_into(const void* mine, std::size_t bytes, const std::function<void*(std::size_t total)>& allocate);
template <class T>
std::vector<T> concat(std::vector<T> mine) {
  if (!distributed()) return mine;
  std::vector<T> out;
  concat_into(mine.data(), mine.size() * sizeof(T), [&out](std::size_t total) {
    out.resize(total / sizeof(T));
    return static_cast<void*>(out.data());
  });
  return out;
}

// Rank 0 of a job gathers one per-scenario column of rows the ranks hold
// (rank r its scenario_range): gather_column on rank 0 names the column and
// returns it whole, in scenario order; the other ranks answer in
// serve_columns, with their part of the column `index` asks for, until rank
// 0 calls end_columns. So rank 0 holds one column at a time, never all rows.
std::vector<std::int64_t> gather_column(std::uint64_t index, std::vector<std::int64_t> mine, std::uint64_t scenarios);
void serve_columns(const std::function<std::vector<std::int64_t>(std::uint64_t index)>& mine);
void end_columns();

// Rows (row_bytes each) the ranks hold, each its scenario_range, into
// `all_rows` on rank 0 (which must have room for `scenarios` rows; its own
// rows are copied from `mine`); the other ranks send theirs. One process: nothing to do.
void gather_rows_to_root(const void* mine, void* all_rows, std::size_t row_bytes, std::uint64_t scenarios);

// Rank 0 runs `read`; every rank gets the bytes it returned. An exception
// on rank 0 propagates there (and its error handler ends the job); the other
// ranks wait for the bytes until then.
std::string from_root(const std::function<std::string()>& read);

// Time this process has spent in the exchanges above (seconds), and the
// bytes it received: what bench/mpi_scaling reports as communication.
double communication_seconds();
std::uint64_t bytes_received();

// On rank 0 of a job, a progress callback for this rank's `local` scenarios
// that counts toward `total` (the whole job's), scaled; on other ranks empty
// (their stderr is not shown). One process: `report` itself.
std::function<void(std::uint64_t)> job_progress(std::function<void(std::uint64_t)> report, std::uint64_t local,
                                                std::uint64_t total);

// One per process, in main(): starts MPI when the process was launched by
// mpirun (OMPI_COMM_WORLD_SIZE, PMI_SIZE or PMIX_RANK set), installs the
// input sharing and silences the non-root ranks' output; finalizes at the end.
// With GFUND_MPI_STATS=1 each rank then prints its communication_seconds()
// and bytes_received() to its error stream ("...: mpi: rank 1 of 2: ...").
class Session {
 public:
  Session(int& argc, char**& argv);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
};

// Where a rank writes its error message: stderr on rank 0 (and in one
// process), the terminal's stderr kept aside on the others.
std::FILE* error_stream();
// "gfund" on rank 0 (and in one process), "gfund (rank 2 of 3)" on the others.
std::string error_sender();
// Called by a failing rank before it reports: on a rank other than 0 of a
// job, waits kErrorDeferSeconds (rank 0, failing alike, ends the job first and
// the message is not printed twice) and returns true; else returns false at once.
inline constexpr int kErrorDeferSeconds = 2;
bool defer_error();
// Ends every rank of the job with `exit_code` (MPI_Abort); in one process,
// std::exit. Called when any rank fails, so that none waits forever.
[[noreturn]] void abort_job(int exit_code);

}  // namespace gfund::risk::ranks
