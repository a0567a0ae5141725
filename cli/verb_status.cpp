// gfund status: portfolio, arrears and fund view at a date.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/ledger_cli.hpp"
#include "cli/verbs.hpp"
#include "engine/ledger/status.hpp"

namespace gfund::cli {
namespace {

nlohmann::json money_json(const Currency& c, std::int64_t minor) {
  return {{"minor", minor}, {"currency", std::string(c.code_view())}, {"text", format_plain(Money(c, minor))}};
}

nlohmann::json status_json(const ledger::LedgerStatus& s) {
  nlohmann::json j;
  j["as_of"] = format_date(s.as_of);
  j["loans_above_rate_cap"] = s.loans_above_rate_cap;
  for (const auto& t : s.totals)
    j["totals"].push_back({{"level", t.level},
                           {"key", t.key},
                           {"currency", std::string(t.currency.code_view())},
                           {"loans", t.loans},
                           {"live_loans", t.live_loans},
                           {"disbursed", money_json(t.currency, t.disbursed_minor)},
                           {"outstanding", money_json(t.currency, t.outstanding_minor)},
                           {"par30", money_json(t.currency, t.par30_minor)},
                           {"par90", money_json(t.currency, t.par90_minor)},
                           {"par30_ratio", t.par30()},
                           {"par90_ratio", t.par90()},
                           {"written_off", money_json(t.currency, t.written_off_minor)},
                           {"claims_paid", money_json(t.currency, t.claims_paid_minor)},
                           {"claims_outstanding", money_json(t.currency, t.claims_due_minor)},
                           {"recoveries", money_json(t.currency, t.recoveries_minor)},
                           {"guaranteed_exposure", money_json(t.currency, t.guaranteed_exposure_minor)}});
  const auto& f = s.fund;
  j["fund"] = {{"currency", std::string(f.currency.code_view())},
               {"capital_in", money_json(f.currency, f.capital_in_minor)},
               {"capital_out", money_json(f.currency, f.capital_out_minor)},
               {"fees_in", money_json(f.currency, f.fees_in_minor)},
               {"fees_accrued", money_json(f.currency, f.fees_accrued_minor)},
               {"claims_paid", money_json(f.currency, f.claims_paid_minor)},
               {"claims_outstanding", money_json(f.currency, f.claims_due_minor)},
               {"recoveries", money_json(f.currency, f.recoveries_minor)},
               {"balance", money_json(f.currency, f.balance_minor)},
               {"guaranteed_exposure", money_json(f.currency, f.guaranteed_exposure_minor)},
               {"leverage", f.leverage}};
  for (const auto& c : f.caps)
    j["fund"]["caps"].push_back({{"agreement", c.agreement},
                                 {"enrolled", money_json(f.currency, c.enrolled_minor)},
                                 {"cap", c.cap_minor ? money_json(f.currency, *c.cap_minor) : nlohmann::json()},
                                 {"claims_paid", money_json(f.currency, c.claims_paid_minor)},
                                 {"claims_outstanding", money_json(f.currency, c.claims_due_minor)},
                                 {"fees_accrued", money_json(f.currency, c.fees_accrued_minor)},
                                 {"utilisation", c.utilisation}});
  for (const auto& a : s.aging) {
    nlohmann::json row{{"bank", a.bank}, {"currency", std::string(a.currency.code_view())}};
    for (int b = 0; b < kAgingBuckets; ++b)
      row["buckets"][std::string(to_string(static_cast<AgingBucket>(b)))] = {
          {"outstanding_minor", a.outstanding_minor[static_cast<std::size_t>(b)]},
          {"loans", a.loans[static_cast<std::size_t>(b)]}};
    j["aging"].push_back(row);
  }
  for (const auto& c : s.claims)
    j["claims"].push_back({{"date", format_date(c.date)},
                           {"bank", c.bank},
                           {"loan", c.loan},
                           {"agreement", c.agreement},
                           {"ref", c.ref},
                           {"loss", money_json(c.currency, c.loss_minor)},
                           {"fund_paid", money_json(c.currency, c.fund_paid_minor)},
                           {"recovered", money_json(c.currency, c.recovered_minor)},
                           {"recovered_to_fund", money_json(c.currency, c.recovered_fund_minor)},
                           {"fund_due", money_json(c.currency, c.fund_due_minor)}});
  if (!j.contains("claims")) j["claims"] = nlohmann::json::array();
  return j;
}

}  // namespace

void add_status_verb(CLI::App& app) {
  struct Opts {
    std::string db, as_of;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("status", "Portfolio, PAR, aging, claims and the fund account at a date");
  cmd->add_option("--db", o->db, "Ledger file")->required();
  cmd->add_option("--as-of", o->as_of, "Date YYYY-MM-DD (default today); events after it are ignored");
  cmd->add_flag("--json", o->json, "Machine-readable totals per fund, bank and association");
  cmd->callback([o] {
    auto s = ledger::read_status(o->db, as_of_or_today(o->as_of));
    if (o->json) std::cout << status_json(s).dump(2) << "\n";
    else print_status_text(s, std::cout);
  });
}

}  // namespace gfund::cli
