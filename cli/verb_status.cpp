// gfund status: portfolio, arrears and fund view at a date; with --list,
// --trend or --by, one of the staff lists instead (reports/staff_views.hpp).
#include <algorithm>
#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/ledger_cli.hpp"
#include "cli/verbs.hpp"
#include "engine/ledger/status.hpp"
#include "models/errors.hpp"
#include "reports/ledger_text.hpp"
#include "reports/staff_views.hpp"

namespace gfund::cli {
namespace {

struct StatusOptions {
  std::string db, as_of, provision_rates, list, trend, by, period, bank;
  std::vector<std::string> fx;
  std::size_t months = 12;
  bool months_given = false;
  bool json = false;
};

std::string join_banks(const std::vector<std::string>& banks) {
  std::string out;
  for (const auto& b : banks) out += (out.empty() ? "" : ", ") + b;
  return out.empty() ? "none" : out;
}

// The staff list asked for, or none for the whole status; every option that
// does not fit the list asked for is a usage error naming it.
std::optional<reports::StaffQuery> staff_query(const StatusOptions& o, const ledger::StaffLists& s) {
  using reports::StaffView;
  std::optional<reports::StaffQuery> q;
  if (o.list == "arrears") q = reports::StaffQuery{.view = StaffView::arrears};
  else if (o.list == "restructured") q = reports::StaffQuery{.view = StaffView::restructured};
  else if (o.list == "written-off") q = reports::StaffQuery{.view = StaffView::written_off};
  else if (!o.list.empty()) throw UsageError("must be arrears, restructured or written-off", {.field = "--list"});
  if (o.trend == "par") q = reports::StaffQuery{.view = StaffView::par_trend};
  else if (o.trend == "flows") q = reports::StaffQuery{.view = o.period == "month" ? StaffView::flows_month : StaffView::flows_quarter};
  else if (!o.trend.empty()) throw UsageError("must be par or flows", {.field = "--trend"});
  if (o.by == "province") q = reports::StaffQuery{.view = StaffView::par_province};
  else if (o.by == "sector") q = reports::StaffQuery{.view = StaffView::par_sector};
  else if (!o.by.empty()) throw UsageError("must be province or sector", {.field = "--by"});
  if (!o.period.empty() && o.trend != "flows") throw UsageError("goes with --trend flows", {.field = "--period"});
  if (!o.period.empty() && o.period != "month" && o.period != "quarter")
    throw UsageError("must be month or quarter", {.field = "--period"});
  if (o.months_given && o.trend != "par") throw UsageError("goes with --trend par", {.field = "--months"});
  if (!o.bank.empty()) {
    if (!q || !o.by.empty() || o.trend == "flows")
      throw UsageError("filters --list and --trend par (flows and --by are for the whole fund)", {.field = "--bank"});
    if (std::find(s.banks.begin(), s.banks.end(), o.bank) == s.banks.end())
      throw UsageError(fmt::format("no bank {} in the ledger (banks: {})", o.bank, join_banks(s.banks)), {.field = "--bank"});
    q->bank = o.bank;
  }
  if (q) q->months = o.months;
  return q;
}

void print_staff_tables(const StatusOptions& o, const ledger::LedgerStatus& s, const reports::StaffQuery& q) {
  const auto tables = reports::staff_tables(s.staff, q);
  if (o.json) {
    nlohmann::json j{{"as_of", format_date(s.as_of)}, {"tables", nlohmann::json::array()}};
    for (const auto& t : tables) j["tables"].push_back(reports::to_json(t));
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << fmt::format("As of {}\n\n", format_date(s.as_of));
  for (std::size_t i = 0; i < tables.size(); ++i)
    std::cout << (i ? "\n" : "") << reports::render_text(tables[i], reports::stdout_text_options()) << "\n";
}

}  // namespace

void add_status_verb(CLI::App& app) {
  auto o = std::make_shared<StatusOptions>();
  auto* cmd = app.add_subcommand("status", "Portfolio, PAR, aging, claims and the fund account at a date");
  add_db_option(cmd, o->db);
  cmd->add_option("--as-of", o->as_of, "Date YYYY-MM-DD (default: the ledger's last event); events after it are ignored");
  cmd->add_flag("--json", o->json, "Machine-readable totals per fund, bank and association (or the list asked for)");
  cmd->add_option("--provision-rates", o->provision_rates,
                  "Provision % per aging bucket: current,1-30,31-60,61-90,91-180,180+ (default 1,10,25,50,75,100)");
  auto* list = cmd->add_option("--list", o->list,
                               "A loan-level list instead of the status: arrears (loans past due, by bank and days "
                               "past due), restructured or written-off");
  auto* trend = cmd->add_option("--trend", o->trend,
                                "A trend instead of the status: par (PAR30 and PAR90 per bank at each month end) or "
                                "flows (lent, repaid, written off, claimed, recovered, per currency)");
  auto* by = cmd->add_option("--by", o->by, "PAR at the as-of date by the borrowers' province or sector");
  list->excludes(trend)->excludes(by);
  trend->excludes(by);
  cmd->add_option("--period", o->period, "With --trend flows: month or quarter (default quarter)");
  cmd->add_option("--bank", o->bank, "With --list or --trend par: that bank's loans only");
  auto* months = cmd->add_option("--months", o->months, "With --trend par: the last N month ends (default 12; 0 = all)");
  add_fx_option(cmd, o->fx);
  cmd->callback([o, months] {
    o->months_given = months->count() > 0;
    const auto rates = o->provision_rates.empty() ? ledger::default_provision_rates()
                                                  : ledger::parse_provision_rates(o->provision_rates, "--provision-rates");
    auto s = ledger::read_status(o->db, ledger_as_of(o->db, o->as_of), rates, given_fx(o->fx));
    if (const auto q = staff_query(*o, s.staff)) return print_staff_tables(*o, s, *q);
    say_fx_used(s.in_fund_currency, s.fund.currency, s.as_of);
    if (o->json) std::cout << reports::status_json(s).dump(2) << "\n";
    else std::cout << reports::status_text(s, reports::stdout_text_options());
  });
}

}  // namespace gfund::cli
