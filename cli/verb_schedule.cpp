// gfund schedule: print one loan's repayment schedule — the first thing a
// loan officer tries, and a quick check of gfund's rounding rules.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/verbs.hpp"
#include "models/errors.hpp"
#include "models/schedule.hpp"
#include "reports/table.hpp"

namespace gfund::cli {

void add_schedule_verb(CLI::App& app) {
  struct Opts {
    std::string principal, currency, rate, type = "annuity", grace = "none", first_due, disbursed;
    int months = 12, grace_months = 0;
    bool csv = false, json = false, half_up = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("schedule", "Print a loan's monthly repayment schedule");
  cmd->add_option("--principal", o->principal, "Amount lent, e.g. 1,500.00 or '6000000 KHR'")->required();
  cmd->add_option("--currency", o->currency, "Currency code when --principal has none (USD, KHR; default USD)");
  cmd->add_option("--rate", o->rate, "Nominal annual rate, e.g. 15% or 0.15")->required();
  cmd->add_option("--months", o->months, "Term in months, grace included")->capture_default_str();
  cmd->add_option("--type", o->type, "annuity | equal_principal | flat | balloon")->capture_default_str();
  cmd->add_option("--grace", o->grace, "none | interest_only | full")->capture_default_str();
  cmd->add_option("--grace-months", o->grace_months, "Months of grace at the start")->capture_default_str();
  cmd->add_option("--first-due", o->first_due, "Due date of the first installment (YYYY-MM-DD)");
  cmd->add_option("--disbursed", o->disbursed, "Disbursement date; first due = one month later unless --first-due");
  cmd->add_flag("--half-up", o->half_up, "Round halves up instead of to even");
  auto* fmt_group = cmd->add_option_group("format");
  fmt_group->add_flag("--csv", o->csv, "CSV output");
  fmt_group->add_flag("--json", o->json, "JSON output");
  fmt_group->require_option(0, 1);
  cmd->callback([o] {
    ScheduleSpec spec;
    std::optional<Currency> cur;
    if (!o->currency.empty()) cur = currency_from_code(o->currency);
    try {
      spec.principal = parse_money(o->principal, cur);
    } catch (const DataError&) {
      if (cur) throw;
      spec.principal = parse_money(o->principal, usd());  // no code anywhere: USD
    }
    spec.annual_rate = parse_ratio(o->rate);
    spec.term_months = o->months;
    spec.type = parse_schedule_type(o->type);
    spec.grace = parse_grace_kind(o->grace);
    spec.grace_months = o->grace_months;
    if (spec.grace != GraceKind::none && spec.grace_months == 0) throw UsageError("--grace needs --grace-months > 0");
    spec.rounding = o->half_up ? Rounding::half_up : Rounding::half_even;
    if (!o->first_due.empty()) spec.first_due = parse_date(o->first_due);
    else if (!o->disbursed.empty()) spec.first_due = add_months(parse_date(o->disbursed), 1);
    else throw UsageError("give --first-due or --disbursed");
    auto rows = build_schedule(spec);

    const std::string code(spec.principal.currency().code_view());
    reports::Table t(fmt::format("Schedule: {} at {} a year, {} months, {}", format_money(spec.principal),
                                 format_percent(spec.annual_rate), spec.term_months, to_string(spec.type)),
                     {{"no", reports::ColumnType::integer},
                      {"due", reports::ColumnType::date},
                      {"principal", reports::ColumnType::money, code},
                      {"interest", reports::ColumnType::money, code},
                      {"payment", reports::ColumnType::money, code},
                      {"capitalised", reports::ColumnType::money, code},
                      {"balance", reports::ColumnType::money, code}});
    Money tp = Money::zero(spec.principal.currency()), ti = tp;
    for (const auto& in : rows) {
      t.add_row({std::int64_t{in.number}, in.due, in.principal, in.interest, in.total(), in.capitalised, in.balance_after});
      tp += in.principal;
      ti += in.interest;
    }
    t.set_note(fmt::format("total principal {}, total interest {}, total paid {}", format_money(tp), format_money(ti),
                           format_money(tp + ti)));
    if (o->json) std::cout << reports::to_json(t).dump(2) << "\n";
    else if (o->csv) reports::render_csv(t, std::cout);
    else std::cout << reports::render_text(t, reports::stdout_text_options());
  });
}

}  // namespace gfund::cli
