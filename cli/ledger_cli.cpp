#include "cli/ledger_cli.hpp"

#include "cli/console.hpp"
#include "cli/settings_file.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/verbs.hpp"
#include "engine/ledger/ledger_book.hpp"
#include "engine/ledger/writer.hpp"
#include "reports/ledger_text.hpp"

namespace gfund::cli {

Date ledger_as_of(const std::string& db_path, const std::string& text) {
  if (!text.empty()) {
    Date d;
    try {
      d = parse_date(text);
    } catch (const Error& e) {
      throw UsageError(e.rule(), ErrorSite{"", 0, "--as-of"});
    }
    // A missing ledger is reported by the verb where it opens it, in its order of checks.
    if (!std::filesystem::exists(db_path)) return d;
    if (const auto last = ledger::last_event_date(db_path); last && *last < d)
      warning(fmt::format("as of {}, after the ledger's last event ({}): a loan repaid since then but not yet "
                          "imported reads as past due",
                          format_date(d), format_date(*last)));
    return d;
  }
  if (const auto last = ledger::last_event_date(db_path)) {
    notice(fmt::format("as of {}, the ledger's last event (--as-of picks another date)", format_date(*last)));
    return *last;
  }
  return today_utc();
}

Date today_utc() { return Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())}; }

std::optional<Date> event_date_limit(bool allow_future) {
  if (allow_future) return std::nullopt;
  return Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now() + std::chrono::hours(14))};
}

void add_allow_future_flag(CLI::App& cmd, bool& allow_future) {
  cmd.add_flag("--allow-future", allow_future,
               "Accept events dated after today (refused by default: a future date is almost always a typo)");
}

void add_fx_option(CLI::App* cmd, std::vector<std::string>& fx) {
  cmd->add_option("--fx", fx,
                  "CODE=RATE: convert CODE at RATE units per unit of the fund's currency (e.g. KHR=4100) for the "
                  "headline figures; default the ledger's latest rate on or before the as-of date (import fx_rates)")
      ->take_all();
}

ledger::GivenFx given_fx(const std::vector<std::string>& fx) {
  ledger::GivenFx out;
  for (const auto& t : fx) {
    auto [code, rate] = ledger::parse_given_fx(t);
    if (!out.emplace(code, rate).second) throw UsageError(fmt::format("{} given twice", code), {.field = "--fx"});
  }
  return out;
}

void say_fx_used(const ledger::FundCurrencyTotals& t, const Currency& fund, const Date& as_of) {
  for (const auto& code : t.missing)
    notice(fmt::format("no {} rate on or before {}: headline figures stay per currency (import fx_rates.csv, or "
                       "--fx {}=RATE)",
                       code, format_date(as_of), code));
  if (!t.total) return;
  for (const auto& r : t.rates)
    notice(fmt::format("{} converted at {} per {} ({})", r.currency, r.text, fund.code_view(),
                       r.dated ? "the ledger's rate of " + format_date(*r.dated) : std::string("--fx")));
}

std::string risk_db_default(const std::string& db, const std::string& book) {
  if (!db.empty() || !book.empty()) return db;
  if (const char* env = std::getenv("GFUND_DB"); env && *env) {
    notice(fmt::format("ledger {} (from GFUND_DB; --db or --book for another)", env));
    return env;
  }
  if (const Settings& s = settings(); !s.db.empty()) {
    notice(fmt::format("ledger {} (db in the settings file; --db or --book for another)", s.db));
    return s.db;
  }
  return "";
}

CLI::Option* add_db_option(CLI::App* cmd, std::string& db, const std::string& help) {
  auto* opt = cmd->add_option("--db", db, help + " (default: $GFUND_DB, else db in the settings file, docs/settings.md)")
                  ->envname("GFUND_DB");
  // Precedence flag > GFUND_DB > settings file: CLI11 fills `db` from the
  // flag, else from the environment, over the settings file's value set here.
  if (const Settings& s = settings(); !s.db.empty()) db = s.db;
  else opt->required();
  return opt;
}

namespace {

struct EventOpts {
  std::string db, bank, loan, ref, date, amount, currency, kind, rate, schedule = "annuity";
  int term = 0;
  bool dry_run = false, allow_future = false, json = false;
};

// Runs `parse`, naming `flag` in the error it throws.
template <class F>
auto located(const char* flag, F parse) {
  try {
    return parse();
  } catch (Error& err) {
    err.locate(ErrorSite{"", 0, flag});
    throw;
  }
}

void add_event_options(CLI::App* cmd, EventOpts& o, const std::string& kind, bool amount_required, bool amount_allowed) {
  add_db_option(cmd, o.db);
  cmd->add_option("--bank", o.bank, "Bank id, e.g. WING")->required();
  cmd->add_option("--loan", o.loan, "The bank's loan reference")->required();
  auto* ref = cmd->add_option("--ref", o.ref,
                              kind == "restructure"
                                  ? "Transaction reference (default: restructure:<loan>:<date>; re-running with the "
                                    "same reference and terms adds nothing)"
                                  : "Transaction reference (unique per bank; re-running with the same adds nothing)");
  if (kind != "restructure") ref->required();
  cmd->add_option("--date", o.date, "Value date YYYY-MM-DD")->required();
  if (amount_allowed) {
    auto* a = cmd->add_option("--amount", o.amount,
                              kind == "claim" ? "Amount the fund is asked to pay (default: what the terms allow)"
                              : kind == "claim_settlement"
                                  ? "Amount of the claim balance due paid now (default: all of it)"
                                  : "Amount, e.g. 120.50 or '400,000 KHR'");
    if (amount_required) a->required();
    cmd->add_option("--currency", o.currency, "Currency of --amount (must be the loan's)");
  }
  if (kind == "repayment")
    cmd->add_option("--kind", o.kind, "repayment | penalty | fee (a charge added to what is owed)")->capture_default_str();
  if (kind == "restructure") {
    cmd->add_option("--rate", o.rate, "New annual rate, e.g. 15% or 0.15")->required();
    cmd->add_option("--months", o.term, "New term in months from the restructure date")->required();
    cmd->add_option("--type,--schedule", o.schedule, "New schedule type: annuity, equal_principal, flat, balloon")
        ->capture_default_str();
  }
  cmd->add_flag("--dry-run", o.dry_run, "Check and report without writing");
  cmd->add_flag("--json", o.json, "JSON output: what was added or already stored, and the notes");
  add_allow_future_flag(*cmd, o.allow_future);
}

ledger::EventInput event_input(const EventOpts& o) {
  ledger::EventInput e;
  e.kind = o.kind;
  e.bank = o.bank;
  e.loan = o.loan;
  e.ref = o.ref;
  e.date = located("--date", [&] { return parse_date(o.date); });
  if (e.ref.empty()) e.ref = fmt::format("restructure:{}:{}", o.loan, format_date(e.date));
  e.amount = o.amount;
  e.currency = o.currency;
  if (!o.rate.empty()) {
    e.annual_rate = located("--rate", [&] { return parse_ratio(o.rate); });
    e.term_months = o.term;
    e.schedule = located("--type", [&] { return parse_schedule_type(o.schedule); });
  }
  e.site = ErrorSite{"", 0, ""};
  return e;
}

}  // namespace

void print_import_report(const ledger::WriteReport& r, std::size_t notes_max) {
  if (!quiet()) std::cerr << reports::notes_text(r, notes_max);
  std::string summary = reports::write_summary_text(r);
  if (!r.notices.empty()) {
    summary.pop_back();
    summary += fmt::format("; {} note{} (rate-cap flags, backdated replays, claims){}\n", r.notices.size(),
                           r.notices.size() == 1 ? "" : "s", quiet() ? "" : " on stderr");
  }
  std::cout << summary;
}

void add_event_verb(CLI::App& app, const std::string& name, const std::string& kind, const std::string& help,
                    bool amount_required, bool amount_allowed) {
  auto o = std::make_shared<EventOpts>();
  o->kind = kind;
  auto* cmd = app.add_subcommand(name, help);
  add_event_options(cmd, *o, kind, amount_required, amount_allowed);
  cmd->callback([o] {
    ledger::Writer w(o->db, ledger::WriteOptions{.dry_run = o->dry_run,
                                                 .latest_event_date = event_date_limit(o->allow_future)});
    w.add_event(event_input(*o));
    const auto r = w.finish();
    if (o->json) std::cout << reports::write_report_json(r).dump(2) << "\n";
    else std::cout << reports::write_report_text(r);
  });
}

}  // namespace gfund::cli
