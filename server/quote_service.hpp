#pragma once
// The engine side of `gfund serve`: what a quote is asked (parsed from the
// query string) and the drawn defaults every quote re-aggregates. Defaults
// are drawn once per as-of date (the ledger, model, plan and seed are fixed
// for the server's run) and kept in memory, so a quote costs one claims
// aggregation per option, not a simulation: common random numbers, as in
// `gfund termsheet`, whose figures a quote equals for the same terms.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "engine/sizing/claims.hpp"
#include "engine/sizing/default_draws.hpp"
#include "engine/sizing/measures.hpp"
#include "engine/sizing/portfolio.hpp"
#include "engine/sizing/termsheet.hpp"

namespace gfund::server {

// As-of dates whose draws stay in memory at once (least recently used goes
// first): the demo's 20,000 scenarios take about 10 MB of draws a date, a
// 100,000-loan book's several hundred MB, so a few dates at most.
inline constexpr std::size_t kCachedDatesMax = 3;

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// What one quote asks: the as-of date ("" = the server's own) and the
// termsheet question (bank, association, volume, changed terms).
struct QuoteAsk {
  std::string as_of;
  sizing::TermsheetAsk ask;
};

// Query parameters -> an ask. Names: token (ignored here), bank (required),
// association, as_of, volume (x the plan, a number >= 0), and every term of
// models/term_changes.hpp. Throws DataError naming the parameter: missing
// bank, an unknown name, a repeated one, a value that is not a number.
QuoteAsk parse_quote_params(const QueryParams& params, double cost_loading);

// A YYYY-MM-DD parameter, normalised; DataError naming it otherwise.
std::string date_parameter(const std::string& name, const std::string& value);

// Everything quotes at one as-of date share: the inputs and their draws.
// The inputs are loaded above the server (by the CLI's loader, which owns
// them through `inputs`); the server sees only the values it needs.
struct QuoteBasis {
  std::string as_of;                 // YYYY-MM-DD
  std::shared_ptr<const void> inputs;           // owns what portfolio and base point into
  const sizing::Portfolio* portfolio = nullptr;
  const sizing::Candidate* base = nullptr;      // the agreements' own terms at 1x the plan
  std::int64_t capital_minor = 0;               // fund currency
  sizing::Target target;
  int horizon_months = 0;
  std::string method = "plain";                 // "plain" / "importance"
  std::string provenance;                       // source, model, seed, scenarios, horizon (term sheets carry it)
  std::vector<std::string> warnings;
  sizing::DefaultDraws draws;
  double draw_seconds = 0;           // wall time to load and draw
};

struct Quote {
  std::shared_ptr<const QuoteBasis> basis;
  sizing::Termsheet sheet;           // rows: current terms, proposed
  double seconds = 0;                // wall time of this quote (draws excluded when cached)
  bool cached = false;               // the draws were already in memory
};

class QuoteService {
 public:
  // Loads the inputs at an as-of date ("" = the default) and draws defaults.
  using Loader = std::function<std::unique_ptr<QuoteBasis>(const std::string& as_of)>;
  explicit QuoteService(Loader loader);

  // The basis at `as_of` ("" = the default date): from memory, else loaded
  // (one load at a time; a load that throws leaves nothing behind). The
  // default date's basis is loaded by the first call with "" and kept; at
  // most kCachedDatesMax - 1 other dates beside it.
  std::shared_ptr<const QuoteBasis> basis(const std::string& as_of, bool* cached = nullptr);
  // One quote: the ask's bank agreement with its current terms, then with
  // the proposed changes. Throws gfund errors naming the parameter.
  Quote quote(const QuoteAsk& ask);

 private:
  Loader loader_;
  std::mutex mutex_;                 // guards the cache; held while loading
  std::shared_ptr<const QuoteBasis> default_;              // the server's own date, loaded first, kept
  std::vector<std::shared_ptr<const QuoteBasis>> others_;  // other dates, most recently used last
};

}  // namespace gfund::server
