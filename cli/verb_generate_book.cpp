// gfund generate-book: a synthetic book of any size with the demo's shape,
// for trying the risk engine at scale without a ledger.
#include <fstream>
#include <iostream>

#include "cli/verbs.hpp"
#include "fixtures/generator/book_generator.hpp"
#include "models/errors.hpp"

namespace gfund::cli {

void add_generate_book_verb(CLI::App& app) {
  struct Opts {
    std::size_t loans = 1000;
    std::uint64_t seed = 1;
    std::string out, as_of = "2022-06-30";
    bool with_pd = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("generate-book", "Write a synthetic book CSV (demo shape) of any size");
  cmd->add_option("--loans", o->loans, "Number of loans")->capture_default_str();
  cmd->add_option("--seed", o->seed, "Generator seed")->capture_default_str();
  cmd->add_option("--as-of", o->as_of, "Date of the book (not written in the CSV)")->capture_default_str();
  cmd->add_flag("--with-pd", o->with_pd, "Write a per-loan annual PD column");
  cmd->add_option("--out", o->out, "Output file (default: standard output)");
  cmd->callback([o] {
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
    // Write to a temporary file and rename, so a failure leaves nothing half-written.
    const std::string tmp = o->out + ".tmp";
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      if (!f) throw IoError("cannot write", {.file = o->out});
      write_book_csv(book, f);
      f.flush();
      if (!f) {
        std::remove(tmp.c_str());
        throw IoError("write failed", {.file = o->out});
      }
    }
    if (std::rename(tmp.c_str(), o->out.c_str()) != 0) {
      std::remove(tmp.c_str());
      throw IoError("cannot rename into place", {.file = o->out});
    }
  });
}

}  // namespace gfund::cli
