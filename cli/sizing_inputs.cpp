#include "cli/sizing_inputs.hpp"

#include <cmath>
#include <map>

#include <fmt/format.h>

#include "cli/console.hpp"
#include "cli/data_dir.hpp"
#include "cli/ledger_cli.hpp"
#include "engine/bridge/ledger_inputs.hpp"
#include "engine/portfolio/agreements_csv.hpp"
#include "engine/risk/model_file.hpp"
#include "engine/sizing/risk_draws.hpp"
#include "models/limits.hpp"
#include "reports/progress.hpp"

namespace gfund::cli {

void add_sizing_options(CLI::App* cmd, SizingRequest& r) {
  cmd->add_option("--db", r.db_path, "Ledger database (with --as-of)");
  cmd->add_option("--as-of", r.as_of, "As-of date YYYY-MM-DD of the book snapshot (with --db default: the ledger's last event)");
  cmd->add_option("--book", r.book_path, "Book CSV instead of --db (with --agreements and --capital)");
  cmd->add_option("--agreements", r.agreements_path, "Agreements CSV (with --book, or a plan alone)");
  cmd->add_option("--capital", r.capital, "Fund's available capital, e.g. \"250000 USD\" (default with --db: the ledger's balance)");
  cmd->add_option("--model", r.model_path, "Risk model file (.toml / .json; `gfund calibrate` writes one; default: the model `gfund calibrate` last wrote for --db, else the shipped models/demo.toml)");
  cmd->add_option("--plan", r.plan_path, "Lending plan (.toml / .json; docs/plan-file.md)");
  cmd->add_option("--horizon", r.horizon_months, "Months to simulate (default: the model's); a plan needs its months + loan term");
  cmd->add_option("--target", r.target, "exhaustion:P | var:L | es:L")->capture_default_str();
  cmd->add_option("--scenarios", r.scenarios, "Monte Carlo scenarios")->capture_default_str();
  cmd->add_option("--seed", r.seed, "Random seed (same seed, same answer on any thread count)")->capture_default_str();
  cmd->add_option("--threads", r.threads, "Worker threads (0 = all cores)")->capture_default_str();
  cmd->add_option("--method", r.method,
                  "plain: plain Monte Carlo; is: importance sampling toward the target's tail (weighted "
                  "estimators; engine/risk/importance.hpp)")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, risk::Method>{{"plain", risk::Method::plain}, {"is", risk::Method::importance}}))
      ->default_str("plain");
  cmd->add_option("--is-level", r.is_level,
                  "Tail level importance sampling aims at, in [0.5, 1) (default: the target's: es:99.9% -> 0.999, "
                  "exhaustion:1% -> 0.99)");
}

namespace {

Date parse_as_of(const std::string& text) {
  try {
    return parse_date(text);
  } catch (const Error& e) {
    throw UsageError(e.rule(), {.field = "--as-of"});
  }
}

}  // namespace

namespace {

// What sizing starts from: the book, agreements, claims and volume to date
// and the capital, from a ledger (--db) or from files (--book/--plan with
// --agreements).
struct Start {
  std::vector<Agreement> agreements;
  std::vector<std::int64_t> claimed, enrolled;
  Currency currency = usd();
  std::optional<std::int64_t> capital;
};

Start start_from_ledger(const SizingRequest& r, SizingContext& c) {
  if (!r.book_path.empty()) throw UsageError("give --db or --book, not both", {.field = "--book"});
  bridge::LedgerInputs in = bridge::ledger_inputs(r.db_path, ledger_as_of(r.db_path, r.as_of));
  Start s{.claimed = bridge::claims_counted_by_agreement(in), .enrolled = bridge::enrolled_by_agreement(in),
          .currency = in.fund_currency, .capital = in.capital_available_minor};
  *c.book = std::move(in.book);
  s.agreements = std::move(in.agreements);
  c.source = std::move(in.source);
  return s;
}

Start start_from_files(const SizingRequest& r, SizingContext& c) {
  if (r.agreements_path.empty()) throw UsageError("give --db FILE, or --agreements FILE (with --book and/or --plan)", {.field = "--agreements"});
  if (r.book_path.empty() && r.plan_path.empty()) throw UsageError("give --book FILE, --plan FILE or both", {.field = "--book"});
  Start s;
  s.agreements = read_agreements_csv(r.agreements_path);
  if (!r.book_path.empty()) {
    try {
      *c.book = read_book_csv(r.book_path);
    } catch (Error& e) {
      e.locate({r.book_path, 0, ""});
      throw;
    }
    if (r.as_of.empty()) throw UsageError("--book needs --as-of YYYY-MM-DD (the book's date)", {.field = "--as-of"});
    c.book->as_of = parse_as_of(r.as_of);
  } else if (!r.as_of.empty()) {
    c.book->as_of = parse_as_of(r.as_of);
  }
  c.source = r.book_path.empty() ? "plan only" : r.book_path;
  return s;
}

// --capital, in the fund's currency (a ledger's) or the one it names.
void apply_capital_flag(const SizingRequest& r, Start& s) {
  if (r.capital.empty()) return;
  Money m;
  try {
    m = parse_money(r.capital, std::nullopt);
  } catch (const DataError&) {
    try {
      m = parse_money(r.capital, s.currency);
    } catch (const Error& e) {
      throw UsageError(e.rule(), {.field = "--capital"});
    }
  }
  if (m.is_negative()) throw UsageError("must be >= 0", {.field = "--capital"});
  if (!r.db_path.empty() && !(m.currency() == s.currency))
    throw UsageError(fmt::format("the fund's currency is {}", s.currency.code_view()), {.field = "--capital"});
  s.currency = m.currency();
  s.capital = m.minor();
}

void warn_if_horizon_short(SizingContext& c) {
  if (!c.plan) return;
  int end = 0;
  for (const auto& l : c.plan->lines) end = std::max(end, l.first_month + l.months - 1 + l.term_months);
  if (end > c.model.horizon_months)
    c.warnings.push_back(fmt::format("the horizon ({} months) ends before the plan's last loans mature (month {}): "
                                     "later claims are not counted (use --horizon)",
                                     c.model.horizon_months, end));
}

}  // namespace

SizingContext load_sizing(const SizingRequest& request) {
  SizingRequest r = request;
  // A plan alone (no book, no ledger) stays a plan alone only without a default ledger.
  r.db_path = risk_db_default(r.db_path, r.book_path);
  SizingContext c;
  if (r.scenarios < 100 || static_cast<std::int64_t>(r.scenarios) > kScenariosMax)
    throw UsageError(fmt::format("must be in 100..{}", kScenariosMax), {.field = "--scenarios"});
  if (r.threads < 0) throw UsageError("must be >= 0", {.field = "--threads"});
  c.target = sizing::parse_target(r.target);
  c.draws = {.scenarios = r.scenarios, .seed = r.seed, .threads = r.threads};
  if (r.method == risk::Method::importance) {
    c.draws.importance = true;
    c.draws.tail_level = r.is_level != 0 ? r.is_level
                         : c.target.kind == sizing::TargetKind::exhaustion ? 1 - c.target.level
                                                                           : c.target.level;
    if (!(c.draws.tail_level >= 0.5 && c.draws.tail_level < 1))
      throw UsageError("the importance-sampling level must be within [0.5, 1)", {.field = "--is-level"});
  }
  c.model = risk::read_model_file(model_or_default(r.model_path, r.db_path));
  if (r.horizon_months != 0) {
    if (r.horizon_months < 1 || r.horizon_months > kHorizonMonthsMax)
      throw UsageError(fmt::format("must be in 1..{}", kHorizonMonthsMax), {.field = "--horizon"});
    c.model.horizon_months = r.horizon_months;
  }
  c.book = std::make_unique<Book>();
  Start s = r.db_path.empty() ? start_from_files(r, c) : start_from_ledger(r, c);
  apply_capital_flag(r, s);
  if (!s.capital) throw UsageError("--book / --plan need --capital, e.g. \"250000 USD\"", {.field = "--capital"});
  c.capital_minor = *s.capital;

  if (!r.plan_path.empty()) c.plan = std::make_unique<sizing::Plan>(sizing::read_plan_file(r.plan_path, s.currency));
  sizing::PortfolioInput in{.book = c.book.get(), .agreements = s.agreements, .claimed_to_date_minor = s.claimed,
                            .enrolled_to_date_minor = s.enrolled, .plan = c.plan.get(),
                            .volume_multiplier_max = c.plan ? std::max(1.0, r.volume_max) : 1.0,
                            .currency = s.currency};
  try {
    c.portfolio = sizing::build_portfolio(in, c.model);
  } catch (const Error& e) {
    if (e.site().file == "book") throw DataError(e.rule(), {r.book_path, e.site().line, e.site().field});
    throw;
  }
  if (c.portfolio.exposures.empty()) throw DataError("no guaranteed loan to simulate (empty book and plan)", {r.book_path.empty() ? r.db_path : r.book_path, 0, ""});
  c.base = sizing::base_candidate(c.portfolio);
  warn_if_horizon_short(c);
  return c;
}

sizing::DefaultDraws draw_with_progress(SizingContext& c, const sizing::Shocks& shocks, const std::string& label) {
  reports::Progress progress(label, static_cast<std::uint64_t>(c.draws.scenarios), progress_options());
  sizing::DrawOptions options = c.draws;
  if (progress.enabled()) options.on_scenario_done = [&progress](std::uint64_t n) { progress.advance(n); };
  auto draws = sizing::draw_defaults_risk(c.portfolio, c.model, shocks, options, &c.warnings);
  progress.finish();
  return draws;
}

Money money_of(const SizingContext& c, double minor) {
  return Money(c.portfolio.currency, static_cast<std::int64_t>(std::nearbyint(minor)));
}

std::string provenance(const SizingContext& c) {
  const std::string method =
      c.draws.importance ? fmt::format(" (importance sampling toward the {:g}% tail: weighted estimates)",
                                       c.draws.tail_level * 100)
                         : "";
  return fmt::format("{}; model {}; {} scenarios{}, seed {}; horizon {} months; amounts in {}", c.source,
                     c.model.name.empty() ? "-" : c.model.name, c.draws.scenarios, method, c.draws.seed,
                     c.model.horizon_months, c.portfolio.currency.code_view());
}

reports::SizingRun sizing_run(const SizingContext& c) {
  return {.currency = c.portfolio.currency,
          .seed = c.draws.seed,
          .scenarios = c.draws.scenarios,
          .method = c.draws.importance ? "importance" : "plain",
          .tail_level = c.draws.importance ? c.draws.tail_level : 0.0,
          .target = sizing::describe(c.target),
          .capital_minor = c.capital_minor,
          .provenance = provenance(c),
          .warnings = c.warnings};
}

}  // namespace gfund::cli
