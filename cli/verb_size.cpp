// gfund size: the sizing questions on the book plus the lending plan, with
// common random numbers (one set of drawn defaults for every candidate).
#include <iostream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/sizing_inputs.hpp"
#include "cli/verbs.hpp"
#include "models/limits.hpp"
#include "engine/sizing/risk_draws.hpp"
#include "engine/sizing/sizing.hpp"
#include "models/errors.hpp"
#include "reports/table.hpp"

namespace gfund::cli {

namespace {

using reports::ColumnType;
using reports::Table;

std::set<std::string> parse_questions(const std::string& text) {
  static const std::set<std::string> known{"capital", "coverage", "volume", "allocation", "fee"};
  std::set<std::string> out;
  std::stringstream ss(text);
  for (std::string q; std::getline(ss, q, ',');) {
    if (q == "all") {
      out.insert(known.begin(), known.end());
      continue;
    }
    if (!known.count(q)) throw UsageError(fmt::format("unknown question '{}' (capital, coverage, volume, allocation, fee, all)", q), {.field = "--question"});
    out.insert(q);
  }
  return out;
}

std::string code(const SizingContext& c) { return std::string(c.portfolio.currency.code_view()); }

}  // namespace

void add_size_verb(CLI::App& app) {
  struct Opts {
    SizingRequest req;
    std::string questions = "all";
    bool per_bank = false, json = false;
    double volume_max = 4.0;
    std::string cost_loading = "20%";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("size", "Size the fund: least capital, highest coverage, most volume, capital allocation, break-even fees");
  add_sizing_options(cmd, o->req);
  cmd->add_option("--question", o->questions, "capital,coverage,volume,allocation,fee or all")->capture_default_str();
  cmd->add_flag("--per-bank", o->per_bank, "Coverage: one ratio per bank (others fixed) besides the common one");
  cmd->add_option("--volume-max", o->volume_max, "Volume: search up to this multiple of the plan")->capture_default_str();
  cmd->add_option("--cost-loading", o->cost_loading, "Fee: cost loading on expected claims, e.g. 20%")->capture_default_str();
  cmd->add_flag("--json", o->json, "JSON output (amounts in minor units of the fund currency)");
  cmd->callback([o] {
    const auto qs = parse_questions(o->questions);
    if (o->volume_max < 1 || o->volume_max > kVolumeMultiplierMax)
      throw UsageError(fmt::format("must be in 1..{:g}", kVolumeMultiplierMax), {.field = "--volume-max"});
    double loading = 0;
    try {
      loading = parse_ratio(o->cost_loading).to_double();
    } catch (const Error& e) {
      throw UsageError(e.rule(), {.field = "--cost-loading"});
    }
    auto req = o->req;
    req.volume_max = qs.count("volume") ? o->volume_max : 1.0;
    auto c = load_sizing(req);
    const auto draws = sizing::draw_defaults_risk(c.portfolio, c.model, sizing::Shocks{}, c.draws, &c.warnings);
    const auto run = sizing::aggregate_claims(c.portfolio, draws, c.base);
    const std::string cur = code(c);
    std::vector<Table> tables;
    nlohmann::json j;
    j["currency"] = cur;
    j["seed"] = c.draws.seed;
    j["scenarios"] = c.draws.scenarios;
    j["target"] = sizing::describe(c.target);
    j["capital_available_minor"] = c.capital_minor;
    j["warnings"] = c.warnings;

    if (qs.count("capital")) {
      auto a = sizing::size_capital(run, c.target);
      Table t(fmt::format("Least fund capital for {}", sizing::describe(c.target)),
              {{"figure", ColumnType::text}, {"value", ColumnType::money, cur}, {"95% low", ColumnType::money, cur},
               {"95% high", ColumnType::money, cur}});
      auto row = [&](const std::string& name, const sizing::Estimate& e) {
        t.add_row({name, money_of(c, e.value), money_of(c, e.low), money_of(c, e.high)});
      };
      row("required capital", a.capital_minor);
      row("expected net claims", a.summary.expected_net_minor);
      row("net claims VaR 99%", a.summary.var_net_minor);
      row("net claims ES 99%", a.summary.es_net_minor);
      const auto now = sizing::exceed_probability(run.peak, c.capital_minor);
      t.set_note(fmt::format("available capital {}: P(exhaustion) {:.2f}% [{:.2f}%, {:.2f}%]. {}",
                             format_money(Money(c.portfolio.currency, c.capital_minor)), 100 * now.value, 100 * now.low,
                             100 * now.high, provenance(c)));
      tables.push_back(std::move(t));
      Table curve("Exhaustion probability against capital",
                  {{"capital", ColumnType::money, cur}, {"P(exhaustion)", ColumnType::percent, "", 2}});
      for (auto [cap, p] : a.curve) curve.add_row({Money(c.portfolio.currency, cap), p});
      tables.push_back(std::move(curve));
      j["capital"] = {{"required_minor", a.capital_minor.value}, {"low_minor", a.capital_minor.low},
                      {"high_minor", a.capital_minor.high},
                      {"exhaustion_probability_now", now.value},
                      {"curve", a.curve}};
    }
    if (qs.count("coverage")) {
      std::vector<std::string> scopes{"all"};
      if (o->per_bank)
        for (const auto& b : c.portfolio.banks) scopes.push_back(b);
      Table t(fmt::format("Highest coverage with capital {} ({})", format_money(Money(c.portfolio.currency, c.capital_minor)),
                          sizing::describe(c.target)),
              {{"scope", ColumnType::text}, {"coverage now", ColumnType::percent, "", 1},
               {"highest", ColumnType::percent, "", 1}, {"95% low", ColumnType::percent, "", 1},
               {"95% high", ColumnType::percent, "", 1}, {"note", ColumnType::text}});
      j["coverage"] = nlohmann::json::array();
      for (const auto& s : scopes) {
        bool has = false;
        for (const auto& a : c.portfolio.agreements) has = has || s == "all" || a.bank == s;
        if (!has) continue;
        auto a = sizing::size_coverage(c.portfolio, draws, c.base, c.capital_minor, c.target, s);
        std::string note = a.full ? "100% meets the target" : a.none ? "even 0.1% misses the target" : "";
        // One common ratio replaces several: there is no single "now" for it.
        if (s == "all")
          t.add_row({std::string("all agreements (common)"), std::monostate{}, a.coverage, a.low, a.high, note});
        else
          t.add_row({"bank " + s, a.current, a.coverage, a.low, a.high, note});
        j["coverage"].push_back({{"scope", s}, {"coverage", a.coverage}, {"low", a.low}, {"high", a.high},
                                 {"full", a.full}, {"none", a.none}});
      }
      t.set_note(provenance(c));
      tables.push_back(std::move(t));
    }
    if (qs.count("volume")) {
      if (!c.plan) throw UsageError("--question volume needs --plan FILE (volume scales the planned lending)", {.field = "--plan"});
      Table t(fmt::format("Most new lending a month with capital {} ({})",
                          format_money(Money(c.portfolio.currency, c.capital_minor)), sizing::describe(c.target)),
              {{"who", ColumnType::text}, {"planned / month", ColumnType::money, cur},
               {"most / month", ColumnType::money, cur}, {"x plan", ColumnType::number, "", 2},
               {"95% low", ColumnType::number, "", 2}, {"95% high", ColumnType::number, "", 2},
               {"leverage", ColumnType::number, "x", 1}, {"note", ColumnType::text}});
      j["volume"] = nlohmann::json::array();
      auto one = [&](const std::string& kind, const std::string& id) {
        auto a = sizing::size_volume(c.portfolio, draws, c.base, c.capital_minor, c.target, kind, id);
        t.add_row({kind + " " + id, Money(c.portfolio.currency, a.planned_monthly_minor),
                   Money(c.portfolio.currency, a.most_monthly_minor), a.multiplier, a.low, a.high, a.leverage,
                   a.at_max ? fmt::format("at the search limit ({:g}x)", o->volume_max) : std::string()});
        j["volume"].push_back({{"kind", kind}, {"id", id}, {"multiplier", a.multiplier}, {"low", a.low},
                               {"high", a.high}, {"planned_monthly_minor", a.planned_monthly_minor},
                               {"most_monthly_minor", a.most_monthly_minor}, {"leverage", a.leverage},
                               {"at_max", a.at_max}});
      };
      for (std::size_t b = 0; b < c.portfolio.banks.size(); ++b)
        if (c.portfolio.planned_monthly_volume_minor(static_cast<int>(b), -1) > 0) one("bank", c.portfolio.banks[b]);
      for (std::size_t s = 0; s < c.portfolio.associations.size(); ++s)
        if (c.portfolio.planned_monthly_volume_minor(-1, static_cast<int>(s)) > 0)
          one("association", c.portfolio.associations[s]);
      t.set_note("leverage: covered volume enrolled / capital. " + provenance(c));
      tables.push_back(std::move(t));
    }
    if (qs.count("allocation")) {
      auto rows = sizing::allocate_capital(c.portfolio, run, c.base, c.capital_minor);
      Table t("Capital allocation by contribution to net claims ES 99% (Euler)",
              {{"kind", ColumnType::text}, {"id", ColumnType::text}, {"ES contribution", ColumnType::money, cur},
               {"capital", ColumnType::money, cur}, {"capital share", ColumnType::percent, "", 1},
               {"exposure share", ColumnType::percent, "", 1}, {"more than its share", ColumnType::text}});
      j["allocation"] = nlohmann::json::array();
      for (const auto& r : rows) {
        t.add_row({r.kind, r.id, money_of(c, r.es_contribution_minor), Money(c.portfolio.currency, r.capital_minor),
                   r.capital_share, r.exposure_share, std::string(r.over_share ? "yes" : "")});
        j["allocation"].push_back({{"kind", r.kind}, {"id", r.id}, {"es_contribution_minor", r.es_contribution_minor},
                                   {"capital_minor", r.capital_minor}, {"capital_share", r.capital_share},
                                   {"exposure_share", r.exposure_share}, {"over_share", r.over_share}});
      }
      t.set_note("exposure share: of covered volume enrolled (coverage x principal). " + provenance(c));
      tables.push_back(std::move(t));
    }
    if (qs.count("fee")) {
      auto rows = sizing::break_even_fees(c.portfolio, run, c.base, loading);
      Table t(fmt::format("Break-even annual guarantee fee (expected net claims + {:g}% cost loading)", loading * 100),
              {{"agreement", ColumnType::text}, {"fee now", ColumnType::percent, "%/yr", 2},
               {"break-even", ColumnType::percent, "%/yr", 2}, {"95% low", ColumnType::percent, "%/yr", 2},
               {"95% high", ColumnType::percent, "%/yr", 2}, {"expected net claims", ColumnType::money, cur}});
      j["fees"] = nlohmann::json::array();
      for (const auto& r : rows) {
        t.add_row({r.agreement, r.current_fee, r.break_even_fee, r.break_even_low, r.break_even_high,
                   money_of(c, r.expected_net_minor)});
        j["fees"].push_back({{"agreement", r.agreement}, {"break_even_fee", r.break_even_fee},
                             {"low", r.break_even_low}, {"high", r.break_even_high},
                             {"expected_net_minor", r.expected_net_minor}, {"current_fee", r.current_fee}});
      }
      t.set_note("fee on guaranteed outstanding (coverage x outstanding), surviving loans, over the horizon. " + provenance(c));
      tables.push_back(std::move(t));
    }
    if (o->json) {
      j["tables"] = nlohmann::json::array();
      for (const auto& t : tables) j["tables"].push_back(reports::to_json(t));
      std::cout << j.dump(2) << "\n";
      return;
    }
    for (const auto& w : c.warnings) std::cerr << "gfund: warning: " << w << "\n";
    for (const auto& t : tables) std::cout << reports::render_text(t, {.color = reports::use_color_on_stdout()}) << "\n";
  });
}

}  // namespace gfund::cli
