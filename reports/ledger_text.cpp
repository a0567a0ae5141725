// The ledger's results as text and JSON: what a write did, and the status
// (portfolio, aging, fund account, claims) as tables and as JSON. Views
// only: the CLI prints what these return.
#include "reports/ledger_text.hpp"

#include "reports/fx_basis.hpp"

#include <fmt/format.h>

#include <sstream>

namespace gfund::reports {

std::string notes_text(const ledger::WriteReport& r, std::size_t notes_max) {
  std::ostringstream out;
  for (std::size_t i = 0; i < r.notices.size() && i < notes_max; ++i) out << "note: " << r.notices[i] << "\n";
  if (r.notices.size() > notes_max)
    out << fmt::format("note: ... and {} more notes like these (--all-notes prints every one)\n",
                       r.notices.size() - notes_max);
  return out.str();
}

std::string write_report_text(const ledger::WriteReport& r, std::size_t notes_max) {
  return notes_text(r, notes_max) + write_summary_text(r);
}

std::string write_summary_text(const ledger::WriteReport& r) {
  std::ostringstream out;
  std::string added, same;
  for (const auto& [k, n] : r.added) added += fmt::format("{}{} {}", added.empty() ? "" : ", ", n, k);
  for (const auto& [k, n] : r.unchanged) same += fmt::format("{}{} {}", same.empty() ? "" : ", ", n, k);
  out << (r.dry_run ? "dry run, nothing written; would add: " : "added: ") << (added.empty() ? "nothing" : added);
  if (!same.empty()) out << "; already stored (unchanged): " << same;
  out << "\n";
  return out.str();
}

nlohmann::json write_report_json(const ledger::WriteReport& r) {
  return {{"dry_run", r.dry_run}, {"added", r.added}, {"unchanged", r.unchanged}, {"notices", r.notices}};
}

nlohmann::json verify_report_json(const ledger::VerifyReport& r) {
  return {{"ok", r.ok()},
          {"loans_checked", r.loans_checked},
          {"events_checked", r.events_checked},
          {"agreements_checked", r.agreements_checked},
          {"differences", r.differences},
          {"seal", {{"events", r.seal.events}, {"sha256", ledger::to_hex(r.seal.value)}, {"checked", r.seal_checked}}}};
}

Table status_totals_table(const ledger::LedgerStatus& s) {
  Table t(fmt::format("Portfolio at {}", format_date(s.as_of)), {{"level", ColumnType::text},
                                                                 {"key", ColumnType::text},
                                                                 {"loans", ColumnType::integer},
                                                                 {"live", ColumnType::integer},
                                                                 {"disbursed", ColumnType::money},
                                                                 {"outstanding", ColumnType::money},
                                                                 {"PAR30", ColumnType::percent, "", 1},
                                                                 {"PAR90", ColumnType::percent, "", 1},
                                                                 {"written off", ColumnType::money},
                                                                 {"claims paid", ColumnType::money},
                                                                 {"recoveries", ColumnType::money},
                                                                 {"guaranteed", ColumnType::money}});
  const auto add = [&](const ledger::StatusTotals& r, const std::string& key) {
    t.add_row({r.level, key, r.loans, r.live_loans, Money(r.currency, r.disbursed_minor),
               Money(r.currency, r.outstanding_minor), r.par30(), r.par90(), Money(r.currency, r.written_off_minor),
               Money(r.currency, r.claims_paid_minor), Money(r.currency, r.recoveries_minor),
               Money(r.currency, r.guaranteed_exposure_minor)});
  };
  const auto& all = s.in_fund_currency;
  for (std::size_t i = 0; i < s.totals.size(); ++i) {
    add(s.totals[i], s.totals[i].key);
    // The fund in its own currency, every currency converted, after the fund's per-currency rows.
    const bool last_fund_row = s.totals[i].level == "fund" && (i + 1 == s.totals.size() || s.totals[i + 1].level != "fund");
    if (last_fund_row && all.total && !all.rates.empty()) add(*all.total, "all (" + std::string(s.fund.currency.code_view()) + ")");
  }
  std::string basis = fx_basis(all, s.fund.currency);
  t.set_note(
      fmt::format("PAR = outstanding of loans more than 30 / 90 days past due, over outstanding; {} loan(s) "
                  "above the 18%/yr rate cap{}",
                  s.loans_above_rate_cap,
                  basis.empty() ? "" : fmt::format("\nall ({0}) = every currency in {0}: {1}", s.fund.currency.code_view(),
                                                   basis)));
  return t;
}

Table status_aging_table(const ledger::LedgerStatus& s) {
  std::vector<Column> cols{{"bank", ColumnType::text}};
  for (int b = 0; b < kAgingBuckets; ++b)
    cols.push_back({std::string(to_string(static_cast<AgingBucket>(b))), ColumnType::money});
  Table t(fmt::format("Aging of outstanding by days past due at {}", format_date(s.as_of)), cols);
  for (const auto& a : s.aging) {
    std::vector<Cell> row{a.bank};
    for (auto v : a.outstanding_minor) row.push_back(Money(a.currency, v));
    t.add_row(std::move(row));
  }
  return t;
}

Table status_fund_table(const ledger::LedgerStatus& s) {
  const auto& f = s.fund;
  Table t(fmt::format("Fund account at {}", format_date(s.as_of)),
          {{"item", ColumnType::text}, {"amount", ColumnType::money}, {"ratio", ColumnType::number, "", 2}});
  auto m = [&](std::int64_t v) { return Money(f.currency, v); };
  t.add_row({std::string("capital in"), m(f.capital_in_minor), {}});
  t.add_row({std::string("capital out"), m(f.capital_out_minor), {}});
  t.add_row({std::string("guarantee fees received"), m(f.fees_in_minor), {}});
  t.add_row({std::string("guarantee fees accrued (monthly on guaranteed outstanding)"), m(f.fees_accrued_minor), {}});
  t.add_row({std::string("claims paid"), m(f.claims_paid_minor), {}});
  t.add_row({std::string("claims outstanding (owed, not yet paid)"), m(f.claims_due_minor), {}});
  t.add_row({std::string("recoveries to fund"), m(f.recoveries_minor), {}});
  t.add_row({std::string("balance"), m(f.balance_minor), {}});
  t.add_row({std::string("available capital (balance - claims outstanding)"), m(f.available_capital_minor), {}});
  t.add_row({std::string("guarantee fees receivable (accrued - received)"), m(f.fees_receivable_minor()), {}});
  t.add_row({std::string("guaranteed exposure"), m(f.guaranteed_exposure_minor), {}});
  t.add_row({std::string("maximum liability (exposure within remaining caps)"), m(f.max_liability_minor), {}});
  t.add_row({std::string("leverage (guaranteed outstanding / capital)"), {}, f.leverage});
  for (const auto& c : f.caps)
    t.add_row({"cap used: " + c.agreement, m(c.claims_paid_minor), c.cap_minor ? Cell{c.utilisation} : Cell{}});
  return t;
}

Table status_caps_table(const ledger::LedgerStatus& s) {
  const auto& f = s.fund;
  Table t(fmt::format("Agreements: remaining cap and maximum liability at {}", format_date(s.as_of)),
          {{"agreement", ColumnType::text},
           {"cap", ColumnType::money},
           {"claims owed", ColumnType::money},
           {"remaining cap", ColumnType::money},
           {"guaranteed", ColumnType::money},
           {"max liability", ColumnType::money},
           {"fees receivable", ColumnType::money},
           {"alert", ColumnType::text}});
  auto m = [&](std::int64_t v) { return Cell{Money(f.currency, v)}; };
  for (const auto& c : f.caps)
    t.add_row({c.agreement, c.cap_minor ? m(*c.cap_minor) : Cell{}, m(c.claims_paid_minor + c.claims_due_minor),
               c.remaining_cap_minor ? m(*c.remaining_cap_minor) : Cell{}, m(c.guaranteed_exposure_minor),
               m(c.max_liability_minor), m(c.fees_receivable_minor()),
               std::string(c.exposure_over_cap() ? "EXPOSURE ABOVE REMAINING CAP" : "")});
  t.set_note("remaining cap = cap - claims owed (paid + outstanding); max liability = guaranteed, capped by it; "
             "blank cap = uncapped");
  return t;
}

Table status_claims_table(const ledger::LedgerStatus& s) {
  Table t("Claims", {{"date", ColumnType::date},
                     {"bank", ColumnType::text},
                     {"loan", ColumnType::text},
                     {"agreement", ColumnType::text},
                     {"loss", ColumnType::money},
                     {"fund paid", ColumnType::money},
                     {"fund owes", ColumnType::money},
                     {"recovered", ColumnType::money},
                     {"back to fund", ColumnType::money}});
  for (const auto& c : s.claims)
    t.add_row({c.date, c.bank, c.loan, c.agreement, Money(c.currency, c.loss_minor),
               Money(c.currency, c.fund_paid_minor), Money(c.currency, c.fund_due_minor),
               Money(c.currency, c.recovered_minor), Money(c.currency, c.recovered_fund_minor)});
  return t;
}

Table status_pipeline_table(const ledger::LedgerStatus& s) {
  const auto& f = s.fund;
  Table t(fmt::format("Claims pipeline at {}: past the claim trigger, not yet claimed", format_date(s.as_of)),
          {{"bank", ColumnType::text},
           {"loan", ColumnType::text},
           {"agreement", ColumnType::text},
           {"DPD", ColumnType::integer},
           {"outstanding", ColumnType::money},
           {"fund would owe", ColumnType::money},
           {"limited by", ColumnType::text}});
  for (const auto& p : s.pipeline.loans)
    t.add_row({p.bank, p.loan, p.agreement, std::int64_t{p.days_past_due}, Money(p.currency, p.outstanding_minor),
               Money(p.currency, p.fund_would_owe_minor),
               std::string(p.limit == ClaimLimit::none ? "" : to_string(p.limit)) + (p.written_off ? " (written off)" : "")});
  t.add_row({std::string("total"), Cell{}, Cell{}, Cell{}, Cell{}, Money(f.currency, s.pipeline.fund_would_owe_minor), Cell{}});
  t.set_total_rows(1);
  t.set_note("claimed one after another in loan order, as the ledger's claim rule would decide them today");
  return t;
}

Table status_provisioning_table(const ledger::LedgerStatus& s) {
  const auto& f = s.fund;
  const auto& p = s.provisioning;
  Table t(fmt::format("Provisioning by aging bucket at {}", format_date(s.as_of)),
          {{"bucket", ColumnType::text}, {"guaranteed", ColumnType::money}, {"rate", ColumnType::ratio},
           {"provision", ColumnType::money}});
  for (std::size_t b = 0; b < p.exposure_minor.size(); ++b)
    t.add_row({std::string(to_string(static_cast<AgingBucket>(b))), Money(f.currency, p.exposure_minor[b]), p.rates.rate[b],
               Money(f.currency, p.provision_minor[b])});
  t.add_row({std::string("claims owed, not yet paid"), Money(f.currency, p.claims_owed_minor), Ratio::percent(100),
             Money(f.currency, p.claims_owed_minor)});
  t.add_row({std::string("total"), Cell{}, Cell{}, Money(f.currency, p.total_minor())});
  t.set_total_rows(1);
  t.set_note("provision = guaranteed exposure x the bucket's rate (--provision-rates), plus claims owed at 100%");
  return t;
}

std::string status_text(const ledger::LedgerStatus& s, const TextOptions& o) {
  std::ostringstream out;
  out << render_text(status_totals_table(s), o) << "\n"
      << render_text(status_aging_table(s), o) << "\n"
      << render_text(status_fund_table(s), o) << "\n"
      << render_text(status_caps_table(s), o) << "\n"
      << render_text(status_claims_table(s), o) << "\n"
      << render_text(status_pipeline_table(s), o) << "\n"
      << render_text(status_provisioning_table(s), o)
      << fmt::format("\nSeal: sha256:{} ({} events; `gfund seal` writes it for a donor or auditor)\n",
                     ledger::to_hex(s.seal.value), s.seal.events);
  return out.str();
}

namespace {
nlohmann::json money_json(const Currency& c, std::int64_t minor) {
  return {{"minor", minor}, {"currency", std::string(c.code_view())}, {"text", format_plain(Money(c, minor))}};
}

nlohmann::json totals_json(const ledger::StatusTotals& t) {
  return nlohmann::json({{"level", t.level},
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
}

// The fund-currency totals and the rates they used.
void add_fund_currency_json(nlohmann::json& j, const ledger::LedgerStatus& s) {
  const auto& all = s.in_fund_currency;
  auto& fc = j["in_fund_currency"];
  fc = {{"total", all.total ? totals_json(*all.total) : nlohmann::json(nullptr)}, {"missing", all.missing}};
  fc["rates"] = nlohmann::json::array();
  for (const auto& r : all.rates)
    fc["rates"].push_back({{"currency", r.currency}, {"per_fund_unit", r.text},
                           {"dated", r.dated ? nlohmann::json(format_date(*r.dated)) : nlohmann::json(nullptr)},
                           {"source", r.dated ? "ledger" : "--fx"}});
}

// The fund account and each agreement's cap use.
void add_fund_json(nlohmann::json& j, const ledger::LedgerStatus& s) {
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
               {"available_capital", money_json(f.currency, f.available_capital_minor)},
               {"fees_receivable", money_json(f.currency, f.fees_receivable_minor())},
               {"guaranteed_exposure", money_json(f.currency, f.guaranteed_exposure_minor)},
               {"max_liability", money_json(f.currency, f.max_liability_minor)},
               {"leverage", f.leverage}};
  for (const auto& c : f.caps)
    j["fund"]["caps"].push_back({{"agreement", c.agreement},
                                 {"enrolled", money_json(f.currency, c.enrolled_minor)},
                                 {"cap", c.cap_minor ? money_json(f.currency, *c.cap_minor) : nlohmann::json()},
                                 {"claims_paid", money_json(f.currency, c.claims_paid_minor)},
                                 {"claims_outstanding", money_json(f.currency, c.claims_due_minor)},
                                 {"fees_accrued", money_json(f.currency, c.fees_accrued_minor)},
                                 {"fees_received", money_json(f.currency, c.fees_received_minor)},
                                 {"fees_receivable", money_json(f.currency, c.fees_receivable_minor())},
                                 {"remaining_cap", c.remaining_cap_minor ? money_json(f.currency, *c.remaining_cap_minor)
                                                                         : nlohmann::json()},
                                 {"guaranteed_exposure", money_json(f.currency, c.guaranteed_exposure_minor)},
                                 {"max_liability", money_json(f.currency, c.max_liability_minor)},
                                 {"exposure_over_cap", c.exposure_over_cap()},
                                 {"utilisation", c.utilisation}});
}

}  // namespace

nlohmann::json status_json(const ledger::LedgerStatus& s) {
  nlohmann::json j;
  j["as_of"] = format_date(s.as_of);
  j["loans_above_rate_cap"] = s.loans_above_rate_cap;
  for (const auto& t : s.totals) j["totals"].push_back(totals_json(t));
  add_fund_currency_json(j, s);
  add_fund_json(j, s);
  const auto& f = s.fund;
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
  j["claims_pipeline"] = {{"fund_would_owe", money_json(f.currency, s.pipeline.fund_would_owe_minor)},
                          {"loans", nlohmann::json::array()}};
  for (const auto& p : s.pipeline.loans)
    j["claims_pipeline"]["loans"].push_back({{"bank", p.bank},
                                             {"loan", p.loan},
                                             {"agreement", p.agreement},
                                             {"days_past_due", p.days_past_due},
                                             {"written_off", p.written_off},
                                             {"outstanding", money_json(p.currency, p.outstanding_minor)},
                                             {"fund_would_owe", money_json(p.currency, p.fund_would_owe_minor)},
                                             {"limited_by", p.limit == ClaimLimit::none ? "" : std::string(to_string(p.limit))}});
  const auto& pv = s.provisioning;
  j["provisioning"] = {{"claims_owed", money_json(f.currency, pv.claims_owed_minor)},
                       {"total", money_json(f.currency, pv.total_minor())},
                       {"buckets", nlohmann::json::array()}};
  for (std::size_t b = 0; b < pv.exposure_minor.size(); ++b)
    j["provisioning"]["buckets"].push_back({{"bucket", std::string(to_string(static_cast<AgingBucket>(b)))},
                                            {"guaranteed_exposure", money_json(f.currency, pv.exposure_minor[b])},
                                            {"rate_ppm", pv.rates.rate[b].ppm},
                                            {"provision", money_json(f.currency, pv.provision_minor[b])}});
  j["seal"] = {{"events", s.seal.events}, {"sha256", ledger::to_hex(s.seal.value)}};
  return j;
}

}  // namespace gfund::reports
