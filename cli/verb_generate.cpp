// gfund generate: write a synthetic ledger input book of any size.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/verbs.hpp"
#include "fixtures/generator/generate_book.hpp"
#include "models/money.hpp"

namespace gfund::cli {

void add_generate_verb(CLI::App& app) {
  auto o = std::make_shared<fixtures::GenerateOptions>();
  auto out = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("generate", "Write synthetic CSV input files (banks ... events) for a book of any "
                                             "size, deterministic for a seed");
  cmd->add_option("--loans", o->loans, "Number of loans (1 to 10,000,000)")->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed: the same seed writes the same files")->capture_default_str();
  cmd->add_option("--out", *out, "Output folder")->required();
  cmd->add_option("--prefix", o->prefix, "File name prefix")->capture_default_str();
  cmd->add_flag("--json", *json, "Print what was written as JSON (volume in minor units)");
  cmd->callback([o, out, json] {
    auto s = fixtures::generate_book_files(*out, *o);
    if (*json) {
      std::cout << nlohmann::json{{"out", *out}, {"seed", o->seed}, {"loans", s.loans}, {"usd_volume_minor", s.usd_volume_minor},
                                  {"khr_loans", s.khr_loans}, {"above_rate_cap", s.above_rate_cap},
                                  {"disbursements", s.disbursements}, {"repayments", s.repayments}, {"events", s.events}}
                       .dump()
                << "\n";
      return;
    }
    std::cout << fmt::format("wrote {} loans ({} volume in USD, {} in KHR, {} above the rate cap), {} disbursements, {} "
                             "repayment rows, {} other events to {} (seed {})\n",
                             s.loans, format_money(Money(usd(), s.usd_volume_minor)), s.khr_loans, s.above_rate_cap,
                             s.disbursements, s.repayments, s.events, *out, o->seed);
  });
}

}  // namespace gfund::cli
