// Runs gfund's Monte Carlo on a book CSV and prints the fund's expected loss
// and expected shortfall at 99%, for the book's losses and the fund's claims.
//   simulate_book BOOK.csv AGREEMENTS.csv MODEL.toml AS_OF CAPITAL [SCENARIOS [SEED]]
// e.g. with the installed fixtures (P = the install prefix):
//   simulate_book P/share/gfund/fixtures/books/small_book.csv \
//     P/share/gfund/fixtures/demo/agreements.csv P/share/gfund/fixtures/models/demo.toml \
//     2023-12-31 "250000 USD" 10000 1
#include <cstdlib>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "engine/portfolio/agreements_csv.hpp"
#include "engine/portfolio/book.hpp"
#include "engine/risk/model_file.hpp"
#include "engine/risk/simulate.hpp"
#include "models/errors.hpp"
#include "models/money.hpp"

namespace {

// Results are doubles in minor units of the fund currency (they are estimates).
std::string major(const gfund::risk::SimulationResult& r, double minor) {
  return fmt::format("{:.2f} {}", minor / static_cast<double>(r.currency.minor_per_major()), r.currency.code_view());
}

const gfund::risk::TailMeasure& tail_99(const gfund::risk::Distribution& d) {
  for (const auto& t : d.tails)
    if (t.level == 0.99) return t;
  throw std::logic_error("no 99% tail in the results");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6 || argc > 8) {
    std::cerr << "usage: simulate_book BOOK.csv AGREEMENTS.csv MODEL.toml AS_OF CAPITAL [SCENARIOS [SEED]]\n";
    return 64;
  }
  try {
    gfund::Book book = gfund::read_book_csv(argv[1]);
    book.as_of = gfund::parse_date(argv[4]);
    const auto agreements = gfund::read_agreements_csv(argv[2]);
    const auto model = gfund::risk::read_model_file(argv[3]);
    const gfund::Money capital = gfund::parse_money(argv[5], std::nullopt);
    gfund::risk::FundInputs fund;
    fund.currency = capital.currency();  // the fund's currency is its capital's
    fund.capital_minor = capital.minor();
    gfund::risk::SimulationOptions options;
    if (argc > 6) options.scenarios = static_cast<std::uint32_t>(std::stoul(argv[6]));
    if (argc > 7) options.seed = std::stoull(argv[7]);

    const auto r = gfund::risk::simulate(book, agreements, model, fund, options);
    const auto& f = r.entities.front();  // the fund comes first
    std::cout << fmt::format("{} loans at {}, {} scenarios, seed {}\n", f.loans, gfund::format_date(r.as_of),
                             r.scenarios, r.seed);
    std::cout << fmt::format("loss   EL {}  ES99 {}\n", major(r, f.loss.mean.value), major(r, tail_99(f.loss).es.value));
    std::cout << fmt::format("claims EL {}  ES99 {}\n", major(r, f.claims.mean.value),
                             major(r, tail_99(f.claims).es.value));
  } catch (const gfund::Error& e) {
    std::cerr << "simulate_book: " << e.what() << "\n";
    return 65;
  }
  return 0;
}
