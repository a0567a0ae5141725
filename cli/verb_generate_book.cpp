// gfund generate-book: a synthetic book of any size with the demo's shape,
// for trying the risk engine at scale without a ledger.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/verbs.hpp"
#include "fixtures/generator/book_generator.hpp"
#include "models/errors.hpp"
#include "reports/atomic_file.hpp"

namespace gfund::cli {

void add_generate_book_verb(CLI::App& app) {
  struct Opts {
    std::size_t loans = 1000;
    std::uint64_t seed = 1;
    std::string out, as_of = "2022-06-30";
    bool with_pd = false;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("generate-book", "Write a synthetic book CSV (demo shape) of any size");
  cmd->add_option("--loans", o->loans, "Number of loans")->capture_default_str();
  cmd->add_option("--seed", o->seed, "Generator seed")->capture_default_str();
  cmd->add_option("--as-of", o->as_of, "Date of the book (not written in the CSV)")->capture_default_str();
  cmd->add_flag("--with-pd", o->with_pd, "Write a per-loan annual PD column");
  cmd->add_option("--out", o->out, "Output file (default: standard output)");
  cmd->add_flag("--json", o->json, "With --out: print what was written as JSON (file, loans, seed)");
  cmd->callback([o] {
    if (o->json && o->out.empty()) throw UsageError("needs --out FILE (without it the book itself is on stdout)", {.field = "--json"});
    fixtures::BookGeneratorOptions g;
    g.loans = o->loans;
    g.seed = o->seed;
    g.as_of = parse_date(o->as_of);
    g.with_pd = o->with_pd;
    const Book book = fixtures::generate_book(g);
    if (o->out.empty()) {
      write_book_csv(book, std::cout);
      return;
    }
    reports::write_stream_atomically(o->out, [&](std::ostream& f) { write_book_csv(book, f); });
    if (o->json)
      std::cout << nlohmann::json{{"file", o->out}, {"loans", book.loans.size()}, {"seed", o->seed}, {"as_of", o->as_of}}.dump()
                << "\n";
  });
}

}  // namespace gfund::cli
