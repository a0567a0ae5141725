#include "cli/ledger_cli.hpp"

#include <chrono>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/verbs.hpp"
#include "engine/ledger/writer.hpp"

namespace gfund::cli {

using reports::ColumnType;

void print_write_report(const ledger::WriteReport& r, std::ostream& out) {
  for (const auto& n : r.notices) out << "note: " << n << "\n";
  std::string added, same;
  for (const auto& [k, n] : r.added) added += fmt::format("{}{} {}", added.empty() ? "" : ", ", n, k);
  for (const auto& [k, n] : r.unchanged) same += fmt::format("{}{} {}", same.empty() ? "" : ", ", n, k);
  out << (r.dry_run ? "dry run, nothing written; would add: " : "added: ") << (added.empty() ? "nothing" : added);
  if (!same.empty()) out << "; already stored (unchanged): " << same;
  out << "\n";
}

Date as_of_or_today(const std::string& text) {
  if (!text.empty()) {
    try {
      return parse_date(text);
    } catch (const Error& e) {
      throw UsageError(e.rule(), ErrorSite{"", 0, "--as-of"});
    }
  }
  return Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
}

void add_event_verb(CLI::App& app, const std::string& name, const std::string& kind, const std::string& help,
                    bool amount_required, bool amount_allowed) {
  struct Opts {
    std::string db, bank, loan, ref, date, amount, currency, kind, rate, schedule = "annuity";
    int term = 0;
    bool dry_run = false;
  };
  auto o = std::make_shared<Opts>();
  o->kind = kind;
  auto* cmd = app.add_subcommand(name, help);
  cmd->add_option("--db", o->db, "Ledger file")->required();
  cmd->add_option("--bank", o->bank, "Bank id, e.g. WING")->required();
  cmd->add_option("--loan", o->loan, "The bank's loan reference")->required();
  auto* ref = cmd->add_option("--ref", o->ref,
                              kind == "restructure"
                                  ? "Transaction reference (default: restructure:<loan>:<date>; re-running with the "
                                    "same reference and terms adds nothing)"
                                  : "Transaction reference (unique per bank; re-running with the same adds nothing)");
  if (kind != "restructure") ref->required();
  cmd->add_option("--date", o->date, "Value date YYYY-MM-DD")->required();
  if (amount_allowed) {
    auto* a = cmd->add_option("--amount", o->amount,
                              kind == "claim" ? "Amount the fund is asked to pay (default: what the terms allow)"
                              : kind == "claim_settlement"
                                  ? "Amount of the claim balance due paid now (default: all of it)"
                                  : "Amount, e.g. 120.50 or '400,000 KHR'");
    if (amount_required) a->required();
    cmd->add_option("--currency", o->currency, "Currency of --amount (must be the loan's)");
  }
  if (kind == "repayment")
    cmd->add_option("--kind", o->kind, "repayment | penalty | fee (a charge added to what is owed)")
        ->capture_default_str();
  if (kind == "restructure") {
    cmd->add_option("--rate", o->rate, "New annual rate, e.g. 15% or 0.15")->required();
    cmd->add_option("--months", o->term, "New term in months from the restructure date")->required();
    cmd->add_option("--type,--schedule", o->schedule, "New schedule type: annuity, equal_principal, flat, balloon")
        ->capture_default_str();
  }
  cmd->add_flag("--dry-run", o->dry_run, "Check and report without writing");
  cmd->callback([o] {
    ledger::EventInput e;
    e.kind = o->kind;
    e.bank = o->bank;
    e.loan = o->loan;
    e.ref = o->ref;
    try {
      e.date = parse_date(o->date);
    } catch (Error& err) {
      err.locate(ErrorSite{"", 0, "--date"});
      throw;
    }
    if (e.ref.empty()) e.ref = fmt::format("restructure:{}:{}", o->loan, format_date(e.date));
    e.amount = o->amount;
    e.currency = o->currency;
    if (!o->rate.empty()) {
      try {
        e.annual_rate = parse_ratio(o->rate);
      } catch (Error& err) {
        err.locate(ErrorSite{"", 0, "--rate"});
        throw;
      }
      e.term_months = o->term;
      try {
        e.schedule = parse_schedule_type(o->schedule);
      } catch (Error& err) {
        err.locate(ErrorSite{"", 0, "--type"});
        throw;
      }
    }
    e.site = ErrorSite{"", 0, ""};
    ledger::Writer w(o->db, ledger::WriteOptions{.dry_run = o->dry_run});
    w.add_event(e);
    print_write_report(w.finish(), std::cout);
  });
}

reports::Table status_totals_table(const ledger::LedgerStatus& s) {
  reports::Table t(fmt::format("Portfolio at {}", format_date(s.as_of)),
                   {{"level", ColumnType::text},
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
  t.set_note(fmt::format("PAR = outstanding of loans more than 30 / 90 days past due, over outstanding; {} loan(s) "
                         "above the 18%/yr rate cap",
                         s.loans_above_rate_cap));
  return t;
}

reports::Table status_aging_table(const ledger::LedgerStatus& s) {
  std::vector<reports::Column> cols{{"bank", ColumnType::text}};
  for (int b = 0; b < kAgingBuckets; ++b)
    cols.push_back({std::string(to_string(static_cast<AgingBucket>(b))), ColumnType::money});
  reports::Table t(fmt::format("Aging of outstanding by days past due at {}", format_date(s.as_of)), cols);
  for (const auto& a : s.aging) {
    std::vector<reports::Cell> row{a.bank};
    for (auto v : a.outstanding_minor) row.push_back(Money(a.currency, v));
    t.add_row(std::move(row));
  }
  return t;
}

reports::Table status_fund_table(const ledger::LedgerStatus& s) {
  const auto& f = s.fund;
  reports::Table t(fmt::format("Fund account at {}", format_date(s.as_of)),
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
    t.add_row({"cap used: " + c.agreement, m(c.claims_paid_minor),
               c.cap_minor ? reports::Cell{c.utilisation} : reports::Cell{}});
  return t;
}

reports::Table status_claims_table(const ledger::LedgerStatus& s) {
  reports::Table t("Claims",
                   {{"date", ColumnType::date},
                    {"bank", ColumnType::text},
                    {"loan", ColumnType::text},
                    {"agreement", ColumnType::text},
                    {"loss", ColumnType::money},
                    {"fund paid", ColumnType::money},
                    {"fund owes", ColumnType::money},
                    {"recovered", ColumnType::money},
                    {"back to fund", ColumnType::money}});
  for (const auto& c : s.claims)
    t.add_row({c.date, c.bank, c.loan, c.agreement, Money(c.currency, c.loss_minor), Money(c.currency, c.fund_paid_minor),
               Money(c.currency, c.fund_due_minor), Money(c.currency, c.recovered_minor), Money(c.currency, c.recovered_fund_minor)});
  return t;
}

void print_status_text(const ledger::LedgerStatus& s, std::ostream& out) {
  reports::TextOptions o{.color = reports::use_color_on_stdout()};
  out << reports::render_text(status_totals_table(s), o) << "\n"
      << reports::render_text(status_aging_table(s), o) << "\n"
      << reports::render_text(status_fund_table(s), o) << "\n"
      << reports::render_text(status_claims_table(s), o);
}

}  // namespace gfund::cli
