// The ledger's results as text and JSON: what a write did, and the status
// (portfolio, aging, fund account, claims) as tables and as JSON. Views
// only: the CLI prints what these return.
#include "reports/ledger_text.hpp"

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
  for (const auto& r : s.totals)
    t.add_row({r.level, r.key, r.loans, r.live_loans, Money(r.currency, r.disbursed_minor),
               Money(r.currency, r.outstanding_minor), r.par30(), r.par90(), Money(r.currency, r.written_off_minor),
               Money(r.currency, r.claims_paid_minor), Money(r.currency, r.recoveries_minor),
               Money(r.currency, r.guaranteed_exposure_minor)});
  t.set_note(
      fmt::format("PAR = outstanding of loans more than 30 / 90 days past due, over outstanding; {} loan(s) "
                  "above the 18%/yr rate cap",
                  s.loans_above_rate_cap));
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
  t.add_row({std::string("guaranteed exposure"), m(f.guaranteed_exposure_minor), {}});
  t.add_row({std::string("leverage (guaranteed outstanding / capital)"), {}, f.leverage});
  for (const auto& c : f.caps)
    t.add_row({"cap used: " + c.agreement, m(c.claims_paid_minor), c.cap_minor ? Cell{c.utilisation} : Cell{}});
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

std::string status_text(const ledger::LedgerStatus& s, const TextOptions& o) {
  std::ostringstream out;
  out << render_text(status_totals_table(s), o) << "\n"
      << render_text(status_aging_table(s), o) << "\n"
      << render_text(status_fund_table(s), o) << "\n"
      << render_text(status_claims_table(s), o)
      << fmt::format("\nSeal: sha256:{} ({} events; `gfund seal` writes it for a donor or auditor)\n",
                     ledger::to_hex(s.seal.value), s.seal.events);
  return out.str();
}

namespace {
nlohmann::json money_json(const Currency& c, std::int64_t minor) {
  return {{"minor", minor}, {"currency", std::string(c.code_view())}, {"text", format_plain(Money(c, minor))}};
}

}  // namespace

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
  j["seal"] = {{"events", s.seal.events}, {"sha256", ledger::to_hex(s.seal.value)}};
  return j;
}

}  // namespace gfund::reports
