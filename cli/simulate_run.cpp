// Loading inputs for the risk engine and rendering its results.
#include "cli/simulate_run.hpp"

#include "reports/progress.hpp"

#include <fmt/format.h>

#include <chrono>
#include <ostream>

#include "engine/ledger/ledger_book.hpp"
#include "engine/portfolio/agreements_csv.hpp"
#include "engine/portfolio/book.hpp"
#include "engine/risk/model_file.hpp"
#include "models/errors.hpp"
#include "models/money.hpp"

namespace gfund::cli {

namespace {

// Progress and an ETA on stderr while scenarios run, only on a terminal.
risk::SimulationResult simulate_with_progress(const Book& book, const std::vector<Agreement>& agreements,
                                              const risk::RiskModel& model, const risk::FundInputs& fund,
                                              risk::SimulationOptions options) {
  reports::Progress progress("Simulating scenarios", options.scenarios);
  if (progress.enabled() && !options.on_scenario_done)
    options.on_scenario_done = [&progress](std::uint64_t n) { progress.advance(n); };
  auto result = risk::simulate(book, agreements, model, fund, options);
  progress.finish();
  return result;
}

risk::SimulationResult run_on(const Book& book, const std::vector<Agreement>& agreements,
                              const risk::FundInputs& fund, const SimulateRequest& r) {
  const risk::RiskModel model = risk::read_model_file(r.model_path);
  return simulate_with_progress(book, agreements, model, fund, r.options);
}

}  // namespace

risk::SimulationResult simulate_ledger(const std::string& db_path, const Date& as_of, const std::string& model_path,
                                       const risk::SimulationOptions& options) {
  // The model is read first: a typo in it should not wait for the ledger.
  const risk::RiskModel model = risk::read_model_file(model_path);
  const ledger::LedgerBook lb = ledger::read_ledger_book(db_path, as_of);
  risk::FundInputs fund;
  fund.currency = lb.fund_currency;
  // Staged claims: what the fund still owes on earlier claims (claims_due)
  // counts against each agreement's cap and is not available for new claims.
  std::int64_t due_total = 0;
  fund.claims_paid_minor = lb.claims_paid_minor;
  for (const auto& [agreement, due] : lb.claims_due_minor) {
    fund.claims_paid_minor[agreement] += due;
    due_total += due;
  }
  fund.capital_minor = std::max<std::int64_t>(0, lb.fund_balance_minor - due_total);  // cash free to pay new claims
  fund.enrolled_minor = lb.enrolled_minor;
  Book book = lb.book;
  book.as_of = as_of;
  return simulate_with_progress(book, lb.agreements, model, fund, options);
}

void print_simulation(const risk::SimulationResult& result, std::ostream& out, bool color) {
  bool first = true;
  for (const auto& t : simulation_tables(result)) {
    if (!first) out << "\n";
    first = false;
    out << reports::render_text(t, {.color = color});
  }
}

risk::SimulationResult run_simulation(const SimulateRequest& r) {
  if (r.model_path.empty()) throw UsageError("--model is required", {.field = "--model"});
  if (r.options.scenarios < 1) throw UsageError("must be >= 1", {.field = "--scenarios"});
  if (!r.db_path.empty()) {
    if (!r.book_path.empty()) throw UsageError("give --db or --book, not both", {.field = "--book"});
    if (!r.capital.empty())
      throw UsageError("with --db the fund's capital comes from the ledger; drop --capital", {.field = "--capital"});
    Date as_of = Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    if (!r.as_of.empty()) {
      try {
        as_of = parse_date(r.as_of);
      } catch (const Error& e) {
        throw UsageError(e.rule(), {.field = "--as-of"});
      }
    }
    return simulate_ledger(r.db_path, as_of, r.model_path, r.options);
  }
  if (r.book_path.empty()) throw UsageError("give --book FILE (with --agreements and --capital) or --db FILE");
  if (r.agreements_path.empty()) throw UsageError("--book needs --agreements FILE", {.field = "--agreements"});
  if (r.capital.empty()) throw UsageError("--book needs --capital, e.g. \"250000 USD\"", {.field = "--capital"});
  if (r.as_of.empty()) throw UsageError("--book needs --as-of YYYY-MM-DD (the book's date)", {.field = "--as-of"});
  Money capital;
  try {
    capital = parse_money(r.capital, std::nullopt);
  } catch (const Error& e) {
    throw UsageError(e.rule(), {.field = "--capital"});
  }
  if (capital.is_negative()) throw UsageError("must be >= 0", {.field = "--capital"});
  Date as_of;
  try {
    as_of = parse_date(r.as_of);
  } catch (const Error& e) {
    throw UsageError(e.rule(), {.field = "--as-of"});
  }
  Book book = read_book_csv(r.book_path);
  book.as_of = as_of;
  const auto agreements = read_agreements_csv(r.agreements_path);
  risk::FundInputs fund;
  fund.currency = capital.currency();
  fund.capital_minor = capital.minor();
  return run_on(book, agreements, fund, r);
}

namespace {

using reports::Column;
using reports::ColumnType;
using reports::Table;

struct Fmt {
  double per_major;
  std::string unit;
  double major(double minor) const { return minor / per_major; }
};

std::string kind_name(risk::EntityKind k) {
  switch (k) {
    case risk::EntityKind::fund: return "fund";
    case risk::EntityKind::bank: return "bank";
    case risk::EntityKind::association: return "association";
    case risk::EntityKind::agreement: return "agreement";
  }
  return "";
}

const risk::TailMeasure& tail_at(const risk::Distribution& d, double level) {
  for (const auto& t : d.tails)
    if (std::abs(t.level - level) < 1e-12) return t;
  return d.tails.front();
}

Table entity_table(const risk::SimulationResult& r, risk::EntityKind kind, const std::string& title, const Fmt& f) {
  const std::string& u = f.unit;
  Table t(title, {{kind_name(kind), ColumnType::text},
                  {"loans", ColumnType::integer},
                  {"exposure", ColumnType::number, u, 0},
                  {"EL", ColumnType::number, u, 0},
                  {"EL se", ColumnType::number, u, 0},
                  {"claims EL", ColumnType::number, u, 0},
                  {"claims se", ColumnType::number, u, 0},
                  {"bank net EL", ColumnType::number, u, 0},
                  {"claims VaR99", ColumnType::number, u, 0},
                  {"claims ES99", ColumnType::number, u, 0},
                  {"ES99 se", ColumnType::number, u, 0},
                  {fmt::format("ES{:g} share", r.euler_level * 100), ColumnType::number, u, 0},
                  {"share se", ColumnType::number, u, 0}});
  for (const auto& e : r.entities) {
    if (e.kind != kind) continue;
    const auto& v99 = tail_at(e.claims, 0.99);
    t.add_row({e.id.empty() ? std::string(kind == risk::EntityKind::association ? "(none)" : "fund") : e.id,
               e.loans, f.major(e.exposure_minor), f.major(e.loss.mean.value), f.major(e.loss.mean.se),
               f.major(e.claims.mean.value), f.major(e.claims.mean.se), f.major(e.bank_net.mean.value),
               f.major(v99.var.value), f.major(v99.es.value), f.major(v99.es.se), f.major(e.es_contribution.value),
               f.major(e.es_contribution.se)});
  }
  return t;
}

}  // namespace

std::vector<Table> simulation_tables(const risk::SimulationResult& r) {
  const Fmt f{static_cast<double>(r.currency.minor_per_major()), std::string(r.currency.code_view())};
  const std::string& u = f.unit;
  const risk::EntityResult& fund = r.entities.front();
  const std::string note = fmt::format("model {}, as of {}, horizon {} months, {} scenarios, seed {}",
                                       r.model_name.empty() ? "-" : r.model_name, format_date(r.as_of),
                                       r.horizon_months, r.scenarios, r.seed);
  std::vector<Table> out;

  Table key(fmt::format("Fund: simulated losses and claims over {} months", r.horizon_months),
            {{"measure", ColumnType::text},
             {"loss", ColumnType::number, u, 0},
             {"loss ±se / 95% CI", ColumnType::text},
             {"claims", ColumnType::number, u, 0},
             {"claims ±se / 95% CI", ColumnType::text}});
  auto se_text = [&](double se) { return fmt::format("±{:.0f}", f.major(se)); };
  auto ci_text = [&](const risk::Interval& i) { return fmt::format("[{:.0f}, {:.0f}]", f.major(i.lo), f.major(i.hi)); };
  key.add_row({std::string("expected"), f.major(fund.loss.mean.value), se_text(fund.loss.mean.se),
               f.major(fund.claims.mean.value), se_text(fund.claims.mean.se)});
  key.add_row({std::string("standard deviation"), f.major(fund.loss.sd), std::string(), f.major(fund.claims.sd),
               std::string()});
  for (std::size_t i = 0; i < fund.loss.tails.size(); ++i) {
    const auto& l = fund.loss.tails[i];
    const auto& c = fund.claims.tails[i];
    key.add_row({fmt::format("VaR {:g}%", l.level * 100), f.major(l.var.value), ci_text(l.var),
                 f.major(c.var.value), ci_text(c.var)});
    key.add_row({fmt::format("ES {:g}%", l.level * 100), f.major(l.es.value), se_text(l.es.se), f.major(c.es.value),
                 se_text(c.es.se)});
  }
  key.set_note(fmt::format(
      "capital available {} {}; P(exhausted within horizon) {:.3f}% ±{:.3f}%; expected defaults {:.2f} ±{:.2f}; "
      "claims net of the fund's share of recoveries; {}",
      format_money(Money(r.currency, r.capital_minor), false), u, r.exhaustion_probability.value * 100,
      r.exhaustion_probability.se * 100, r.defaults_mean.value, r.defaults_mean.se, note));
  out.push_back(std::move(key));

  out.push_back(entity_table(r, risk::EntityKind::bank, "By bank (claims = fund's net payments on the bank's loans)", f));
  out.push_back(entity_table(r, risk::EntityKind::association, "By association", f));
  out.push_back(entity_table(r, risk::EntityKind::agreement, "By agreement", f));
  out.back().set_note(fmt::format("ES share: Euler allocation of the fund's claims ES at {:g}%; shares add up to the "
                                  "fund's ES ({:.0f} {}). ±se are Monte Carlo standard errors.",
                                  r.euler_level * 100, f.major(fund.es_contribution.value), u));

  Table q("Fund: loss and claims distribution (quantiles)",
          {{"probability", ColumnType::percent, "", 1},
           {"loss", ColumnType::number, u, 0},
           {"claims", ColumnType::number, u, 0},
           {"bank net", ColumnType::number, u, 0}});
  for (std::size_t i = 0; i < fund.loss.quantiles.size(); ++i)
    q.add_row({fund.loss.quantiles[i].first, f.major(fund.loss.quantiles[i].second),
               f.major(fund.claims.quantiles[i].second), f.major(fund.bank_net.quantiles[i].second)});
  q.set_note("probability 100% is the largest simulated value");
  out.push_back(std::move(q));

  Table ex("Fund: month the capital runs out", {{"month", ColumnType::integer}, {"probability", ColumnType::percent, "", 3}});
  double cum = 0;
  for (std::size_t m = 0; m < r.exhaustion_month_probability.size(); ++m) {
    cum += r.exhaustion_month_probability[m];
    if (r.exhaustion_month_probability[m] > 0) ex.add_row({static_cast<std::int64_t>(m + 1), r.exhaustion_month_probability[m]});
  }
  ex.set_note(cum > 0 ? fmt::format("P(exhausted within {} months) {:.3f}%", r.horizon_months, cum * 100)
                      : std::string("the capital was never exhausted in the simulated scenarios"));
  out.push_back(std::move(ex));
  return out;
}

namespace {
nlohmann::json est(const risk::Estimate& e) { return {{"value", e.value}, {"se", e.se}}; }
nlohmann::json dist(const risk::Distribution& d) {
  nlohmann::json tails = nlohmann::json::array(), qs = nlohmann::json::array();
  for (const auto& t : d.tails)
    tails.push_back({{"level", t.level},
                     {"var", {{"value", t.var.value}, {"ci95", {t.var.lo, t.var.hi}}}},
                     {"es", est(t.es)}});
  for (const auto& [p, v] : d.quantiles) qs.push_back({{"p", p}, {"value", v}});
  return {{"mean", est(d.mean)}, {"sd", d.sd}, {"tails", tails}, {"quantiles", qs}};
}
}  // namespace

nlohmann::json simulation_json(const risk::SimulationResult& r) {
  nlohmann::json ents = nlohmann::json::array();
  for (const auto& e : r.entities)
    ents.push_back({{"kind", kind_name(e.kind)},
                    {"id", e.id},
                    {"loans", e.loans},
                    {"exposure_minor", e.exposure_minor},
                    {"loss_minor", dist(e.loss)},
                    {"claims_minor", dist(e.claims)},
                    {"bank_net_minor", dist(e.bank_net)},
                    {"es_contribution_minor", est(e.es_contribution)}});
  return {{"model", r.model_name},
          {"as_of", format_date(r.as_of)},
          {"horizon_months", r.horizon_months},
          {"seed", r.seed},
          {"scenarios", r.scenarios},
          {"currency", std::string(r.currency.code_view())},
          {"capital_minor", r.capital_minor},
          {"euler_level", r.euler_level},
          {"exhaustion_probability", est(r.exhaustion_probability)},
          {"exhaustion_month_probability", r.exhaustion_month_probability},
          {"defaults_mean", est(r.defaults_mean)},
          {"claims_gross_mean_minor", r.claims_gross_mean_minor},
          {"entities", ents},
          {"warnings", r.warnings}};
}

}  // namespace gfund::cli
