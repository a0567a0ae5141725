// gfund: command-line front end. Parses the verb, runs it, and maps typed
// errors to a one-line message and a sysexits exit code.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/verbs.hpp"
#include "models/errors.hpp"

namespace gfund::cli {
int& exit_status() {
  static int status = kExitOk;
  return status;
}
}  // namespace gfund::cli

int main(int argc, char** argv) {
  using namespace gfund::cli;
  CLI::App app{"gfund - loan guarantee fund: ledger, Monte Carlo default simulation, sizing and reports"};
  app.set_version_flag("--version", std::string("gfund ") + GFUND_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
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
  add_calibrate_verb(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  } catch (const gfund::Error& e) {
    std::fprintf(stderr, "gfund: error: %s\n", e.what());
    return exit_code(e.kind());
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "gfund: error: out of memory\n");
    return kExitSoftware;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gfund: error: %s\n", e.what());
    return kExitSoftware;
  }
  return exit_status();
}
