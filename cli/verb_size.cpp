// gfund size: the sizing questions on the book plus the lending plan, with
// common random numbers (one set of drawn defaults for every candidate).
#include <iostream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "cli/console.hpp"
#include "cli/sizing_inputs.hpp"
#include "cli/verbs.hpp"
#include "models/limits.hpp"
#include "engine/sizing/risk_draws.hpp"
#include "engine/sizing/sizing.hpp"
#include "models/errors.hpp"
#include "reports/sizing_text.hpp"
#include "reports/table.hpp"

namespace gfund::cli {

namespace {

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

struct Opts {
  SizingRequest req;
  std::string questions = "all";
  bool per_bank = false, json = false;
  double volume_max = 4.0;
  std::string cost_loading = "20%";
};

// "all" first, then each bank with an agreement when asked per bank.
std::vector<sizing::CoverageAnswer> coverage_answers(const SizingContext& c, const sizing::DefaultDraws& draws,
                                                     bool per_bank) {
  std::vector<std::string> scopes{"all"};
  if (per_bank)
    for (const auto& b : c.portfolio.banks) scopes.push_back(b);
  std::vector<sizing::CoverageAnswer> out;
  for (const auto& s : scopes) {
    bool has = false;
    for (const auto& a : c.portfolio.agreements) has = has || s == "all" || a.bank == s;
    if (has) out.push_back(sizing::size_coverage(c.portfolio, draws, c.base, c.capital_minor, c.target, s));
  }
  return out;
}

// Every bank, then every association, with planned lending.
std::vector<sizing::VolumeAnswer> volume_answers(const SizingContext& c, const sizing::DefaultDraws& draws) {
  if (!c.plan) throw UsageError("--question volume needs --plan FILE (volume scales the planned lending)", {.field = "--plan"});
  std::vector<sizing::VolumeAnswer> out;
  auto one = [&](const std::string& kind, const std::string& id) {
    out.push_back(sizing::size_volume(c.portfolio, draws, c.base, c.capital_minor, c.target, kind, id));
  };
  for (std::size_t b = 0; b < c.portfolio.banks.size(); ++b)
    if (c.portfolio.planned_monthly_volume_minor(static_cast<int>(b), -1) > 0) one("bank", c.portfolio.banks[b]);
  for (std::size_t s = 0; s < c.portfolio.associations.size(); ++s)
    if (c.portfolio.planned_monthly_volume_minor(-1, static_cast<int>(s)) > 0)
      one("association", c.portfolio.associations[s]);
  return out;
}

// Warnings from drawing defaults go to c.warnings.
reports::SizeAnswers answer(SizingContext& c, const std::set<std::string>& qs, const Opts& o, double loading) {
  const auto draws = draw_with_progress(c, sizing::Shocks{}, "Drawing defaults");
  const auto run = sizing::aggregate_claims(c.portfolio, draws, c.base);
  reports::SizeAnswers a{.volume_max = o.volume_max, .cost_loading = loading};
  if (qs.count("capital")) {
    a.capital = sizing::size_capital(run, c.target);
    a.exhaustion_now = sizing::exceed_probability(run.peak, c.capital_minor, run.weights);
  }
  if (qs.count("coverage")) a.coverage = coverage_answers(c, draws, o.per_bank);
  if (qs.count("volume")) a.volume = volume_answers(c, draws);
  if (qs.count("allocation")) a.allocation = sizing::allocate_capital(c.portfolio, run, c.base, c.capital_minor);
  if (qs.count("fee")) a.fees = sizing::break_even_fees(c.portfolio, run, c.base, loading);
  return a;
}

}  // namespace

void add_size_verb(CLI::App& app) {
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("size", "Size the fund: least capital, highest coverage, most volume, capital allocation, break-even fees");
  add_sizing_options(cmd, o->req);
  cmd->add_option("--question", o->questions, "capital,coverage,volume,allocation,fee or all")->capture_default_str();
  cmd->add_flag("--per-bank", o->per_bank, "Coverage: one ratio per bank (others fixed) besides the common one");
  cmd->add_option("--volume-max", o->volume_max, "Volume: search up to this multiple of the plan")->capture_default_str();
  cmd->add_option("--cost-loading", o->cost_loading, "Fee: cost loading on expected claims, e.g. 20%")->capture_default_str();
  cmd->add_flag("--json", o->json, "JSON output (amounts in minor units of the fund currency)");
  cmd->callback([o] {
    auto qs = parse_questions(o->questions);
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
    // Checked before the long work: volume scales the planned lending. Asked
    // for by name it needs a plan; under the default "all" it is left out.
    if (qs.count("volume") && !c.plan) {
      if (o->questions != "all")
        throw UsageError("--question volume needs --plan FILE (volume scales the planned lending)", {.field = "--plan"});
      qs.erase("volume");
      notice("volume left out: it needs --plan FILE (volume scales the planned lending)");
    }
    const auto answers = answer(c, qs, *o, loading);
    const auto view = reports::size_view(sizing_run(c), answers);
    if (o->json) {
      std::cout << view.json.dump(2) << "\n";
      return;
    }
    for (const auto& w : c.warnings) warning(w);
    for (const auto& t : view.tables) std::cout << reports::render_text(t, reports::stdout_text_options()) << "\n";
  });
}

}  // namespace gfund::cli
