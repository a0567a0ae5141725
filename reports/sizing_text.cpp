// The sizing answers as tables and JSON (moved out of cli/verb_size.cpp,
// verb_stress.cpp and verb_termsheet.cpp, byte for byte). nlohmann::json
// keeps keys sorted, so the order fields are set in does not show.
#include "reports/sizing_text.hpp"

#include <cmath>

#include <fmt/format.h>

#include "models/money.hpp"

namespace gfund::reports {

namespace {

std::string code(const SizingRun& r) { return std::string(r.currency.code_view()); }
// A minor-unit estimate as money, rounded half-even once.
Money money_of(const SizingRun& r, double minor) {
  return Money(r.currency, static_cast<std::int64_t>(std::nearbyint(minor)));
}
std::string capital_text(const SizingRun& r) { return format_money(Money(r.currency, r.capital_minor)); }

nlohmann::json run_json(const SizingRun& r) {
  return {{"currency", code(r)}, {"seed", r.seed}, {"scenarios", r.scenarios}, {"method", r.method},
          {"tail_level", r.tail_level}, {"target", r.target},
          {"capital_available_minor", r.capital_minor}, {"warnings", r.warnings}};
}

void add_capital(const SizingRun& r, const sizing::CapitalAnswer& a, const sizing::Estimate& now, SizingView& v) {
  const std::string cur = code(r);
  Table t(fmt::format("Least fund capital for {}", r.target),
          {{"figure", ColumnType::text}, {"value", ColumnType::money, cur}, {"95% low", ColumnType::money, cur},
           {"95% high", ColumnType::money, cur}});
  auto row = [&](const std::string& name, const sizing::Estimate& e) {
    t.add_row({name, money_of(r, e.value), money_of(r, e.lo), money_of(r, e.hi)});
  };
  row("required capital", a.capital_minor);
  row("expected net claims", a.summary.expected_net_minor);
  row("net claims VaR 99%", a.summary.var_net_minor);
  row("net claims ES 99%", a.summary.es_net_minor);
  t.set_note(fmt::format("available capital {}: P(exhaustion) {:.2f}% [{:.2f}%, {:.2f}%]. {}", capital_text(r),
                         100 * now.value, 100 * now.lo, 100 * now.hi, r.provenance));
  v.tables.push_back(std::move(t));
  Table curve("Exhaustion probability against capital",
              {{"capital", ColumnType::money, cur}, {"P(exhaustion)", ColumnType::percent, "", 2}});
  for (auto [cap, p] : a.curve) curve.add_row({Money(r.currency, cap), p});
  v.tables.push_back(std::move(curve));
  v.json["capital"] = {{"required_minor", a.capital_minor.value}, {"low_minor", a.capital_minor.lo},
                       {"high_minor", a.capital_minor.hi}, {"exhaustion_probability_now", now.value},
                       {"curve", a.curve}};
}

void add_coverage(const SizingRun& r, const std::vector<sizing::CoverageAnswer>& answers, SizingView& v) {
  Table t(fmt::format("Highest coverage with capital {} ({})", capital_text(r), r.target),
          {{"scope", ColumnType::text}, {"coverage now", ColumnType::percent, "", 1},
           {"highest", ColumnType::percent, "", 1}, {"95% low", ColumnType::percent, "", 1},
           {"95% high", ColumnType::percent, "", 1}, {"note", ColumnType::text}});
  v.json["coverage"] = nlohmann::json::array();
  for (const auto& a : answers) {
    std::string note = a.full ? "100% meets the target" : a.none ? "even 0.1% misses the target" : "";
    // One common ratio replaces several: there is no single "now" for it.
    if (a.scope == "all")
      t.add_row({std::string("all agreements (common)"), std::monostate{}, a.coverage, a.low, a.high, note});
    else
      t.add_row({"bank " + a.scope, a.current, a.coverage, a.low, a.high, note});
    v.json["coverage"].push_back({{"scope", a.scope}, {"coverage", a.coverage}, {"low", a.low}, {"high", a.high},
                                  {"full", a.full}, {"none", a.none}});
  }
  t.set_note(r.provenance);
  v.tables.push_back(std::move(t));
}

void add_volume(const SizingRun& r, const std::vector<sizing::VolumeAnswer>& answers, double volume_max,
                SizingView& v) {
  const std::string cur = code(r);
  Table t(fmt::format("Most new lending a month with capital {} ({})", capital_text(r), r.target),
          {{"who", ColumnType::text}, {"planned / month", ColumnType::money, cur},
           {"most / month", ColumnType::money, cur}, {"x plan", ColumnType::number, "", 2},
           {"95% low", ColumnType::number, "", 2}, {"95% high", ColumnType::number, "", 2},
           {"leverage", ColumnType::number, "x", 1}, {"note", ColumnType::text}});
  v.json["volume"] = nlohmann::json::array();
  for (const auto& a : answers) {
    t.add_row({a.kind + " " + a.id, Money(r.currency, a.planned_monthly_minor), Money(r.currency, a.most_monthly_minor),
               a.multiplier, a.low, a.high, a.leverage,
               a.at_max ? fmt::format("at the search limit ({:g}x)", volume_max) : std::string()});
    v.json["volume"].push_back({{"kind", a.kind}, {"id", a.id}, {"multiplier", a.multiplier}, {"low", a.low},
                                {"high", a.high}, {"planned_monthly_minor", a.planned_monthly_minor},
                                {"most_monthly_minor", a.most_monthly_minor}, {"leverage", a.leverage},
                                {"at_max", a.at_max}});
  }
  t.set_note("leverage: covered volume enrolled / capital. " + r.provenance);
  v.tables.push_back(std::move(t));
}

void add_allocation(const SizingRun& r, const std::vector<sizing::AllocationRow>& rows, SizingView& v) {
  const std::string cur = code(r);
  Table t("Capital allocation by contribution to net claims ES 99% (Euler)",
          {{"kind", ColumnType::text}, {"id", ColumnType::text}, {"ES contribution", ColumnType::money, cur},
           {"capital", ColumnType::money, cur}, {"capital share", ColumnType::percent, "", 1},
           {"exposure share", ColumnType::percent, "", 1}, {"more than its share", ColumnType::text}});
  v.json["allocation"] = nlohmann::json::array();
  for (const auto& a : rows) {
    t.add_row({a.kind, a.id, money_of(r, a.es_contribution_minor), Money(r.currency, a.capital_minor), a.capital_share,
               a.exposure_share, std::string(a.over_share ? "yes" : "")});
    v.json["allocation"].push_back({{"kind", a.kind}, {"id", a.id}, {"es_contribution_minor", a.es_contribution_minor},
                                    {"capital_minor", a.capital_minor}, {"capital_share", a.capital_share},
                                    {"exposure_share", a.exposure_share}, {"over_share", a.over_share}});
  }
  t.set_note("exposure share: of covered volume enrolled (coverage x principal). " + r.provenance);
  v.tables.push_back(std::move(t));
}

void add_fees(const SizingRun& r, const std::vector<sizing::FeeRow>& rows, double loading, SizingView& v) {
  Table t(fmt::format("Break-even annual guarantee fee (expected net claims + {:g}% cost loading)", loading * 100),
          {{"agreement", ColumnType::text}, {"fee now", ColumnType::percent, "%/yr", 2},
           {"break-even", ColumnType::percent, "%/yr", 2}, {"95% low", ColumnType::percent, "%/yr", 2},
           {"95% high", ColumnType::percent, "%/yr", 2}, {"expected net claims", ColumnType::money, code(r)}});
  v.json["fees"] = nlohmann::json::array();
  for (const auto& f : rows) {
    t.add_row({f.agreement, f.current_fee, f.break_even_fee, f.break_even_low, f.break_even_high,
               money_of(r, f.expected_net_minor)});
    v.json["fees"].push_back({{"agreement", f.agreement}, {"break_even_fee", f.break_even_fee},
                              {"low", f.break_even_low}, {"high", f.break_even_high},
                              {"expected_net_minor", f.expected_net_minor}, {"current_fee", f.current_fee}});
  }
  t.set_note("fee on guaranteed outstanding (coverage x outstanding), surviving loans, over the horizon. " +
             r.provenance);
  v.tables.push_back(std::move(t));
}

void add_tables_json(SizingView& v) {
  v.json["tables"] = nlohmann::json::array();
  for (const auto& t : v.tables) v.json["tables"].push_back(to_json(t));
}

Table stress_table(const SizingRun& r, const std::vector<sizing::StressRow>& rows) {
  const std::string cur = code(r);
  Table t(fmt::format("Stress scenarios beside the base (capital {})", capital_text(r)),
          {{"scenario", ColumnType::text}, {"expected loss", ColumnType::money, cur},
           {"expected net claims", ColumnType::money, cur}, {"VaR 99%", ColumnType::money, cur},
           {"ES 99%", ColumnType::money, cur}, {"P(exhaustion)", ColumnType::percent, "", 2},
           {"required capital", ColumnType::money, cur}, {"x base", ColumnType::number, "", 2}});
  const double base_capital = rows.empty() ? 0.0 : rows.front().summary.required_capital_minor.value;
  std::string notes;
  for (const auto& row : rows) {
    const auto& s = row.summary;
    t.add_row({row.scenario, money_of(r, s.expected_loss_minor), money_of(r, s.expected_net_minor.value),
               money_of(r, s.var_net_minor.value), money_of(r, s.es_net_minor.value), s.exhaustion_probability.value,
               money_of(r, s.required_capital_minor.value),
               base_capital > 0 ? s.required_capital_minor.value / base_capital : 0.0});
    notes += fmt::format("{}: {}\n", row.scenario, row.description);
  }
  t.set_note(notes + "required capital for " + r.target + ". " + r.provenance);
  return t;
}

nlohmann::json stress_rows_json(const std::vector<sizing::StressRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& row : rows) {
    const auto& s = row.summary;
    out.push_back({{"scenario", row.scenario}, {"description", row.description},
                   {"expected_loss_minor", s.expected_loss_minor}, {"expected_net_minor", s.expected_net_minor.value},
                   {"var99_net_minor", s.var_net_minor.value}, {"es99_net_minor", s.es_net_minor.value},
                   {"exhaustion_probability", s.exhaustion_probability.value},
                   {"exhaustion_low", s.exhaustion_probability.lo}, {"exhaustion_high", s.exhaustion_probability.hi},
                   {"required_capital_minor", s.required_capital_minor.value},
                   {"required_capital_low_minor", s.required_capital_minor.lo},
                   {"required_capital_high_minor", s.required_capital_minor.hi}});
  }
  return out;
}

std::string pd_meaning(const sizing::ReverseStress& rv) {
  if (rv.pd_already) return "already reached at 0.05x";
  if (!rv.pd_reached) return "not reached even at 50x";
  return fmt::format("default rates x{:.2f} exhaust the fund with P >= {:g}%", rv.pd_multiplier, rv.probability * 100);
}

void add_reverse(const SizingRun& r, const sizing::ReverseStress& rv, SizingView& v) {
  Table t(fmt::format("Reverse stress: what exhausts capital {} with probability {:g}%", capital_text(r),
                      rv.probability * 100),
          {{"shock", ColumnType::text}, {"value", ColumnType::number, "", 2}, {"95% range", ColumnType::text},
           {"meaning", ColumnType::text}});
  t.add_row({std::string("PD multiplier (all loans)"), rv.pd_multiplier,
             fmt::format("{:.2f} .. {:.2f}", rv.pd_multiplier_low, rv.pd_multiplier_high), pd_meaning(rv)});
  auto& j = v.json["reverse"];
  j = {{"probability", rv.probability}, {"pd_multiplier", rv.pd_multiplier}, {"pd_multiplier_low", rv.pd_multiplier_low},
       {"pd_multiplier_high", rv.pd_multiplier_high}, {"pd_reached", rv.pd_reached}};
  if (rv.factor_searched) {
    const double freq = rv.economy_factor_probability;
    t.add_row({std::string("economy factor fixed at"), rv.economy_factor, std::string(),
               !rv.factor_reached ? std::string("not reached within [-6, 3]")
                                  : fmt::format("a year this bad or worse: probability {:.2f}% (1 in {:.0f})",
                                                100 * freq, 1 / freq)});
    j["economy_factor"] = rv.economy_factor;
    j["economy_factor_probability"] = freq;
    j["factor_reached"] = rv.factor_reached;
  }
  t.set_note(r.provenance);
  v.tables.push_back(std::move(t));
}

}  // namespace

SizingView size_view(const SizingRun& run, const SizeAnswers& a) {
  SizingView v{{}, run_json(run)};
  if (a.capital) add_capital(run, *a.capital, a.exhaustion_now, v);
  if (a.coverage) add_coverage(run, *a.coverage, v);
  if (a.volume) add_volume(run, *a.volume, a.volume_max, v);
  if (a.allocation) add_allocation(run, *a.allocation, v);
  if (a.fees) add_fees(run, *a.fees, a.cost_loading, v);
  add_tables_json(v);
  return v;
}

SizingView stress_view(const SizingRun& run, const std::vector<sizing::StressRow>& rows,
                       const std::optional<sizing::ReverseStress>& reverse) {
  SizingView v{{stress_table(run, rows)}, run_json(run)};
  v.json["rows"] = stress_rows_json(rows);
  if (reverse) add_reverse(run, *reverse, v);
  add_tables_json(v);
  return v;
}

Table termsheet_table(const SizingRun& run, const sizing::Termsheet& ts) {
  const std::string cur = code(run);
  Table t(fmt::format("Term sheet: {}{} - candidate guarantee terms side by side", ts.bank,
                      ts.association.empty() ? "" : " / " + ts.association),
          {{"option", ColumnType::text}, {"caps", ColumnType::text},
           {"bank loss rate, guaranteed", ColumnType::percent, "", 2},
           {"bank loss rate, alone", ColumnType::percent, "", 2},
           {"fund expected claims", ColumnType::money, cur}, {"fund 99% claims", ColumnType::money, cur},
           {"P(fund exhausted)", ColumnType::percent, "", 2}, {"most lending / month", ColumnType::money, cur},
           {"fee", ColumnType::percent, "%/yr", 2}, {"break-even fee", ColumnType::percent, "%/yr", 2}});
  for (const auto& r : ts.rows) {
    Cell most = std::monostate{};
    if (r.most_lending) most = Money(run.currency, r.most_lending->most_monthly_minor);
    t.add_row({r.label, r.caps, r.bank_loss_rate_net.value, r.bank_loss_rate_gross.value,
               money_of(run, r.fund_expected_claims_minor.value), money_of(run, r.fund_claims_99_minor.value),
               r.exhaustion_probability.value, most, r.fee, r.break_even_fee.value});
  }
  t.set_note(fmt::format(
      "Agreements replaced: {}. Loss rates: expected credit loss over the horizon / volume enrolled ({}). "
      "Fund exhausted: with capital {} ({}). Most lending: new lending a month the fund can guarantee within "
      "that target. Break-even fee: per year on guaranteed outstanding, expected net claims + {:g}% cost loading. {}",
      fmt::join(ts.agreements, ", "), format_money(Money(run.currency, ts.enrolled_minor)),
      format_money(Money(run.currency, ts.capital_minor)), sizing::describe(ts.target), ts.cost_loading * 100,
      run.provenance));
  return t;
}

nlohmann::json termsheet_json(const SizingRun& run, const Table& table) {
  nlohmann::json j = to_json(table);
  j["seed"] = run.seed;
  j["scenarios"] = run.scenarios;
  j["method"] = run.method;
  j["tail_level"] = run.tail_level;
  j["warnings"] = run.warnings;
  return j;
}

}  // namespace gfund::reports
