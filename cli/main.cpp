// gfund: command-line front end. Parses the verb, runs it, and maps typed
// errors to a one-line message and a sysexits exit code.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/console.hpp"
#include "cli/app_tree.hpp"
#include "cli/exit_codes.hpp"
#include "cli/settings_file.hpp"
#include "cli/suggest.hpp"
#include "cli/verbs.hpp"
#include "engine/risk/mpi_ranks.hpp"
#include "models/errors.hpp"

namespace gfund::cli {
int& exit_status() {
  static int status = kExitOk;
  return status;
}

namespace {

// A closed descriptor 0-2 would be handed to the next file opened (a CSV, the
// ledger itself) and the report printed into it. Park /dev/null there, opened
// the wrong way round, so writes to a closed stdout fail (and are reported by
// finish_stdout) instead of landing in a file.
void reserve_std_fds() {
  for (int fd = 0; fd <= 2; ++fd)
    if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      int parked = ::open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
      if (parked != fd && parked >= 0) ::close(parked);
    }
}

// Output that never arrived is a failure, or a script believes the month-end
// book was written: flush and close stdout and say so (74) when any write,
// the flush or the close failed. One check for every verb, after it ran.
// A reader that went away (`| head`) is not an error to report: end the
// conventional quiet way, by SIGPIPE.
int finish_stdout(int status) {
  std::cout.flush();
  const bool cout_failed = std::cout.fail();
  errno = 0;
  const bool flush_failed = std::fflush(stdout) != 0 || std::ferror(stdout);
  int saved = errno;
  // close(2), not fclose: the iostreams flush stdout once more at exit, and
  // an empty buffer then costs nothing, where a closed FILE would be used.
  // Some file systems (NFS) report a lost write only at close.
  const bool close_failed = ::close(STDOUT_FILENO) != 0;
  if (close_failed && saved == 0) saved = errno;
  if (!cout_failed && !flush_failed && !close_failed) return status;
  if (saved == EPIPE) {
    std::signal(SIGPIPE, SIG_DFL);
    std::raise(SIGPIPE);
  }
  std::fprintf(stderr, "gfund: error: cannot write standard output%s%s\n", saved ? ": " : "",
               saved ? std::strerror(saved) : "");
  return status == kExitOk ? kExitIo : status;
}

// The first word must be a command: a bare `gfund` gets the help, a typo the
// nearest command's name ("stauts" -> "status"), both exit 64.
std::optional<int> check_command_word(CLI::App& app, int argc, char** argv) {
  if (argc < 2) {
    std::cout << app.help();
    return kExitUsage;
  }
  const std::string word = argv[1];
  if (word.empty() || word[0] == '-') return std::nullopt;
  std::vector<std::string> names;
  for (const CLI::App* sub : verbs_of(app)) {
    if (sub->get_name() == word) return std::nullopt;
    names.push_back(sub->get_name());
  }
  const auto nearest = nearest_name(word, names);
  std::cerr << "gfund: error: unknown command '" << word << "'"
            << (nearest ? "; did you mean '" + *nearest + "'?" : "") << " (gfund --help lists them)\n";
  return kExitUsage;
}

// An argument the verb does not take: named, with the nearest of the verb's
// own option names ("--sttaus" -> "--status"), instead of CLI11's "The
// following argument was not expected". Exit 64.
int report_extras(const CLI::App& app, const CLI::ExtrasError& e) {
  const std::vector<std::string> extras = app.remaining(true);
  if (extras.empty()) {
    std::cerr << "gfund: error: " << e.what() << "\n";
    return kExitUsage;
  }
  const auto parsed = app.get_subcommands();
  const CLI::App& where = parsed.empty() ? app : *parsed.front();
  std::cerr << unexpected_argument_message(where, extras.front()) << "\n";
  return kExitUsage;
}

// "gfund: error: ..." on stderr; a rank of an MPI job other than 0 names
// itself ("gfund (rank 2 of 3): error: ...") on the terminal it started from.
void report_error(const char* message) {
  risk::ranks::defer_error();
  std::fprintf(risk::ranks::error_stream(), "%s: error: %s\n", risk::ranks::error_sender().c_str(), message);
}

// The verbs that run as an MPI job (every rank the same verb, scenarios
// split between them); any other verb writes the ledger or serves, so K
// copies of it would do its work K times.
constexpr const char* kDistributedVerbs[] = {"simulate", "size", "stress", "termsheet"};

std::optional<int> refuse_if_not_distributed(int argc, char** argv) {
  if (!risk::ranks::distributed() || argc < 2 || argv[1][0] == '-') return std::nullopt;
  for (const char* verb : kDistributedVerbs)
    if (std::strcmp(argv[1], verb) == 0) return std::nullopt;
  report_error(fmt::format("'{}' runs in one process; under mpirun only simulate, size, stress and termsheet run "
                           "(docs/scale-out.md)",
                           argv[1])
                   .c_str());
  return kExitUsage;
}

}  // namespace

int run(int argc, char** argv) {
  // The settings file first: its values are the defaults of the options
  // defined below, and a typo in it stops every command (it is never
  // silently ignored).
  try {
    (void)settings();
  } catch (const gfund::Error& e) {
    report_error(e.what());
    return exit_code(e.kind());
  }
  // Named, so every help's "Usage:" line reads "gfund <verb> ...".
  CLI::App app{"gfund - loan guarantee fund: ledger, Monte Carlo default simulation, sizing and reports", "gfund"};
  app.set_version_flag("--version", std::string("gfund ") + GFUND_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  add_quiet_flag(app);
  add_schedule_verb(app);
  add_demo_verb(app);
  add_init_verb(app);
  add_import_verb(app);
  add_disburse_verb(app);
  add_repay_verb(app);
  add_write_off_verb(app);
  add_claim_verb(app);
  add_recover_verb(app);
  add_status_verb(app);
  add_verify_verb(app);
  add_snapshot_verb(app);
  add_generate_verb(app);
  add_report_verb(app);
  add_simulate_verb(app);
  add_generate_book_verb(app);
  add_size_verb(app);
  add_stress_verb(app);
  add_termsheet_verb(app);
  add_serve_verb(app);
  add_calibrate_verb(app);
  add_restructure_verb(app);
  add_claim_settle_verb(app);
  add_seal_verb(app);
  add_backup_verb(app);
  add_completion_verb(app);
  add_man_verb(app);
  if (const auto refused = check_command_word(app, argc, argv)) return *refused;
  if (const auto refused = refuse_if_not_distributed(argc, argv)) return *refused;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ExtrasError& e) {
    return report_extras(app, e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  } catch (const gfund::Error& e) {
    report_error(e.what());
    return exit_code(e.kind());
  } catch (const std::bad_alloc&) {
    report_error("out of memory");
    return kExitSoftware;
  } catch (const std::exception& e) {
    report_error(e.what());
    return kExitSoftware;
  }
  return exit_status();
}

}  // namespace gfund::cli

int main(int argc, char** argv) {
  using namespace gfund::cli;
  // A broken pipe ends gfund quietly whatever the parent left SIGPIPE as
  // (an ignored SIGPIPE would turn `gfund status | head -1` into an error).
  std::signal(SIGPIPE, SIG_DFL);
  reserve_std_fds();
  // Under mpirun: MPI starts here, and ends when main returns.
  const gfund::risk::ranks::Session ranks(argc, argv);
  const int status = finish_stdout(run(argc, argv));
  // A rank that failed ends the whole job now: the others may be waiting
  // for it in an exchange, and would wait forever.
  if (status != kExitOk && gfund::risk::ranks::distributed()) gfund::risk::ranks::abort_job(status);
  return status;
}
