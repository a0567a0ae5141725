#include "reports/ledger_views.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "engine/portfolio/loan_position.hpp"
#include "reports/fx_basis.hpp"
#include "reports/view_support.hpp"

namespace gfund::reports {
namespace {
using namespace view;

// A board reads PAR30 above 5% as a portfolio in trouble (a common
// microfinance benchmark); the card turns red there.
constexpr double kPar30Alert = 0.05;

// Aging colours run from healthy to lost.
const std::vector<std::string> kAgingColours{"#2a9d8f", "#a3c45a", "#e9c46a", "#e08a1e", "#d1495b", "#7a1f2b"};

std::vector<std::string> bucket_names() {
  std::vector<std::string> out;
  for (int b = 0; b < kAgingBuckets; ++b) {
    std::string s(to_string(static_cast<AgingBucket>(b)));
    out.push_back(s == "current" ? "Current" : s + " days");
  }
  return out;
}

std::vector<const ledger::StatusTotals*> rows_of(const ledger::LedgerStatus& s, const std::string& level) {
  std::vector<const ledger::StatusTotals*> out;
  for (const auto& t : s.totals)
    if (t.level == level) out.push_back(&t);
  return out;
}

std::string display_key(const ledger::StatusTotals& t) {
  if (t.key == "(none)") return "No association";
  if (t.level == "fund") return t.key == "all currencies" ? "All currencies" : "All loans";
  return t.key;
}

Table totals_table(const std::string& title, const std::string& key_label, const std::vector<const ledger::StatusTotals*>& rows,
                   const std::vector<const ledger::StatusTotals*>& fund_rows, bool with_total) {
  std::string unit = common_unit(rows, [](const ledger::StatusTotals* t) { return t->currency; });
  if (rows.empty()) unit = fund_rows.empty() ? "" : code(fund_rows.front()->currency);
  Table t(title, {text_col("key", key_label), text_col("currency", "Currency"), int_col("loans", "Loans"),
                  int_col("live_loans", "Live loans"), money_col("disbursed", "Disbursed", unit),
                  money_col("outstanding", "Outstanding", unit), pct_col("par30", "PAR30"), pct_col("par90", "PAR90"),
                  money_col("written_off", "Written off", unit), money_col("claims_paid", "Claims paid", unit),
                  money_col("recoveries", "Recoveries", unit), money_col("guaranteed_exposure", "Guaranteed exposure", unit)});
  auto add = [&](const ledger::StatusTotals& r, const std::string& key) {
    const auto& c = r.currency;
    t.add_row({key, code(c), count(r.loans), count(r.live_loans), money(c, r.disbursed_minor), money(c, r.outstanding_minor),
               r.par30(), r.par90(), money(c, r.written_off_minor), money(c, r.claims_paid_minor),
               money(c, r.recoveries_minor), money(c, r.guaranteed_exposure_minor)});
  };
  for (const auto* r : rows) add(*r, display_key(*r));
  // A total row only where it adds up: one currency, and the rows partition the fund.
  if (with_total && !unit.empty() && fund_rows.size() == 1 && !rows.empty()) {
    add(*fund_rows.front(), "Total");
    t.set_total_rows(1);
  }
  return t;
}

// "; USD 12.6%, KHR 0.0%": each currency's own PAR30 beside the headline.
std::string par30_by_currency(const ledger::LedgerStatus& s) {
  std::string out;
  const auto fund_rows = rows_of(s, "fund");
  if (fund_rows.size() < 2) return out;
  for (const auto* r : fund_rows) out += fmt::format("{} {} {:.1f}%", out.empty() ? "; PAR30" : ",", code(r->currency), r->par30() * 100);
  return out;
}

std::vector<Kpi> fund_kpis(const ledger::LedgerStatus& s) {
  const auto& f = s.fund;
  const auto& fc = f.currency;
  const std::string unit = code(fc);
  const ledger::StatusTotals* fund_row = nullptr;
  for (const auto* r : rows_of(s, "fund"))
    if (r->currency == fc) fund_row = r;
  std::vector<Kpi> kpis;
  kpis.push_back({"Fund balance", money(fc, f.balance_minor), money_col("", "", unit),
                  "capital + fees + recoveries − claims paid"});
  kpis.push_back({"Available capital", money(fc, f.available_capital_minor), money_col("", "", unit),
                  fmt::format("balance − claims owed {} (the capital sizing uses)",
                              format_money(Money(fc, f.claims_due_minor), false))});
  kpis.push_back({"Guaranteed exposure", money(fc, f.guaranteed_exposure_minor), money_col("", "", unit),
                  fmt::format("leverage {:.2f}x capital", f.leverage)});
  std::size_t over = 0;
  for (const auto& c : f.caps) over += c.exposure_over_cap() ? 1 : 0;
  kpis.push_back({"Maximum liability", money(fc, f.max_liability_minor), money_col("", "", unit),
                  over ? fmt::format("{} agreement(s) promise more than their remaining cap", over)
                       : "guaranteed exposure within each remaining cap",
                  over > 0});
  const auto& all = s.in_fund_currency;
  if (all.total && !all.rates.empty()) {
    // Every currency converted into the fund's: the per-currency rows are in "Portfolio by currency".
    const auto& t = *all.total;
    kpis.push_back({"Outstanding", money(fc, t.outstanding_minor), money_col("", "", unit),
                    fmt::format("{} live loans, all currencies in {}: {}", t.live_loans, unit, fx_basis(all, fc))});
    kpis.push_back({"PAR30", t.par30(), pct_col("", "", 1),
                    fmt::format("all currencies; PAR90 {:.1f}%{}", t.par90() * 100, par30_by_currency(s)),
                    t.par30() > kPar30Alert});
  } else if (fund_row) {
    // Loans in other currencies are not added in without a rate: say they exist.
    std::string others;
    for (const auto* r : rows_of(s, "fund"))
      if (!(r->currency == fc) && r->live_loans > 0)
        others += fmt::format("; {} more in {} ({})", r->live_loans, code(r->currency), fx_basis(all, fc));
    kpis.push_back({"Outstanding", money(fc, fund_row->outstanding_minor), money_col("", "", unit),
                    fmt::format("{} live loans in {}{}", fund_row->live_loans, unit, others)});
    kpis.push_back({"PAR30", fund_row->par30(), pct_col("", "", 1),
                    fmt::format("{} loans only; PAR90 {:.1f}%{}", unit, fund_row->par90() * 100, par30_by_currency(s)),
                    fund_row->par30() > kPar30Alert});
  }
  kpis.push_back({"Claims paid", money(fc, f.claims_paid_minor), money_col("", "", unit),
                  fmt::format("{} claims", s.claims.size())});
  kpis.push_back({"Claims pipeline", money(fc, s.pipeline.fund_would_owe_minor), money_col("", "", unit),
                  fmt::format("{} loan(s) past the claim trigger, not yet claimed", s.pipeline.loans.size())});
  kpis.push_back({"Claims owed (not yet paid)", money(fc, f.claims_due_minor), money_col("", "", unit),
                  "staged payout: paid by claim-settle"});
  kpis.push_back({"Provision", money(fc, s.provisioning.total_minor()), money_col("", "", unit),
                  "guaranteed exposure by aging bucket x rate + claims owed"});
  kpis.push_back({"Fees receivable", money(fc, f.fees_receivable_minor()), money_col("", "", unit),
                  fmt::format("earned {} − received {}", format_money(Money(fc, f.fees_accrued_minor), false),
                              format_money(Money(fc, f.fees_in_minor), false))});
  return kpis;
}

// From capital to the balance (cash held) to the available capital (the
// balance less claims owed and not yet paid: the figure sizing runs on).
Table account_table(const ledger::FundView& f) {
  const auto& fc = f.currency;
  Table account("Fund account", {text_col("item", "Item"), money_col("amount", "Amount", code(fc))});
  account.add_row({text("Capital paid in"), money(fc, f.capital_in_minor)});
  account.add_row({text("Capital withdrawn"), money(fc, -f.capital_out_minor)});
  account.add_row({text("Guarantee fees received"), money(fc, f.fees_in_minor)});
  account.add_row({text("Claims paid"), money(fc, -f.claims_paid_minor)});
  account.add_row({text("Recoveries returned to the fund"), money(fc, f.recoveries_minor)});
  account.add_row({text("= Balance (cash held)"), money(fc, f.balance_minor)});
  account.add_row({text("Claims owed, not yet paid"), money(fc, -f.claims_due_minor)});
  account.add_row({text("= Available capital"), money(fc, f.available_capital_minor)});
  account.set_total_rows(1);
  account.set_note(fmt::format("Available capital (balance less claims owed, never below zero) is the capital the fund "
                               "can still pay new claims from, and the capital simulation and sizing use. Leverage "
                               "(guaranteed outstanding / net capital): {:.2f}x.",
                               f.leverage));
  return account;
}

Table caps_table(const ledger::FundView& f) {
  const auto& fc = f.currency;
  const std::string unit = code(fc);
  Table caps("Agreements: caps and maximum liability",
             {text_col("agreement", "Agreement"), money_col("enrolled", "Enrolled", unit), money_col("cap", "Portfolio cap", unit),
              money_col("claims_paid", "Claims paid", unit), money_col("claims_owed", "Claims owed (not yet paid)", unit),
              pct_col("utilisation", "Cap used", 1), money_col("remaining_cap", "Remaining cap", unit),
              money_col("guaranteed_exposure", "Guaranteed exposure", unit),
              money_col("max_liability", "Maximum liability", unit), text_col("alert", "Alert")});
  for (const auto& c : f.caps)
    caps.add_row({c.agreement, money(fc, c.enrolled_minor), c.cap_minor ? money(fc, *c.cap_minor) : Cell{},
                  money(fc, c.claims_paid_minor), money(fc, c.claims_due_minor), c.cap_minor ? Cell{c.utilisation} : Cell{},
                  c.remaining_cap_minor ? money(fc, *c.remaining_cap_minor) : Cell{}, money(fc, c.guaranteed_exposure_minor),
                  money(fc, c.max_liability_minor), text(c.exposure_over_cap() ? "exposure above remaining cap" : "")});
  caps.set_note("Remaining cap = portfolio cap − claims owed against it (paid + not yet paid), the rule a new claim "
                "meets. Maximum liability = guaranteed exposure, capped by the remaining cap. A blank cap means "
                "the agreement has no portfolio cap.");
  return caps;
}

Table fees_table(const ledger::FundView& f) {
  const auto& fc = f.currency;
  const std::string unit = code(fc);
  Table fees("Guarantee fees receivable", {text_col("agreement", "Agreement"), money_col("earned", "Fees earned", unit),
                                           money_col("received", "Fees received", unit),
                                           money_col("receivable", "Fees receivable", unit)});
  std::int64_t received = 0;
  for (const auto& c : f.caps) {
    fees.add_row({c.agreement, money(fc, c.fees_accrued_minor), money(fc, c.fees_received_minor),
                  money(fc, c.fees_receivable_minor())});
    received += c.fees_received_minor;
  }
  fees.add_row({text("Total"), money(fc, f.fees_accrued_minor), money(fc, f.fees_in_minor), money(fc, f.fees_receivable_minor())});
  fees.set_total_rows(1);
  std::string note = "Earned: each month end, guaranteed live unclaimed outstanding x the agreement's fee rate / 12. "
                     "Received: the bank's fee payments (split pro rata to fees earned when a bank has several "
                     "agreements). Negative receivable = paid ahead.";
  if (received != f.fees_in_minor)
    note += fmt::format(" {} received from banks with no agreement is in the total only.",
                        format_money(Money(fc, f.fees_in_minor - received)));
  fees.set_note(note);
  return fees;
}

// Each currency's own row, then (with a rate for each) all of them in the fund currency.
Table portfolio_by_currency(const ledger::LedgerStatus& s) {
  auto rows = rows_of(s, "fund");
  const auto& all = s.in_fund_currency;
  if (all.total && !all.rates.empty()) rows.push_back(&*all.total);
  Table t = totals_table("Portfolio by currency", "Portfolio", rows, {}, false);
  const std::string basis = fx_basis(all, s.fund.currency);
  if (all.total && !all.rates.empty()) {
    t.set_total_rows(1);
    t.set_note(fmt::format("The last row adds every currency in {}: {}. Each other row is in its own currency.",
                           code(s.fund.currency), basis));
  } else if (!basis.empty()) {
    t.set_note(fmt::format("Not added across currencies: {} (import fx_rates.csv or give --fx).", basis));
  }
  return t;
}

Section fund_section(const ledger::LedgerStatus& s) {
  Section sec{"Fund summary",
              "The fund's own account, what it owes and is owed, the loans it guarantees, and how far each agreement's "
              "cap is used.",
              "Fund", {}};
  sec.blocks.push_back(fund_kpis(s));
  sec.blocks.push_back(account_table(s.fund));
  sec.blocks.push_back(portfolio_by_currency(s));
  sec.blocks.push_back(caps_table(s.fund));
  for (const auto& c : s.fund.caps)
    if (c.exposure_over_cap())
      sec.blocks.push_back(Paragraph{fmt::format(
          "Alert: {} guarantees {} {} on live loans but has only {} {} of its portfolio cap left; claims beyond it "
          "would be cut by the cap.",
          c.agreement, format_money(Money(s.fund.currency, c.guaranteed_exposure_minor), false), code(s.fund.currency),
          format_money(Money(s.fund.currency, *c.remaining_cap_minor), false), code(s.fund.currency))});
  sec.blocks.push_back(fees_table(s.fund));
  if (s.loans_above_rate_cap > 0)
    sec.blocks.push_back(Paragraph{fmt::format("{} loan(s) carry an interest rate above the 18%-a-year cap.", s.loans_above_rate_cap)});
  return sec;
}

// Bars per entity for the rows in the fund currency.
Section entity_section(const ledger::LedgerStatus& s, const std::string& level, const std::string& heading,
                       const std::string& sheet, const std::string& key_label, const std::string& intro) {
  Section sec{heading, intro, sheet, {}};
  auto rows = rows_of(s, level);
  sec.blocks.push_back(totals_table(heading + ": exposure and arrears", key_label, rows, rows_of(s, "fund"), level == "bank"));
  const auto& fc = s.fund.currency;
  Chart par{"", ChartKind::bar};
  par.title = "PAR30 and PAR90 by " + std::string(level == "bank" ? "bank" : "association");
  par.y_title = "% of outstanding";
  par.y_format = ValueFormat::percent;
  Chart expo{"Outstanding and guaranteed exposure", ChartKind::bar};
  expo.y_title = code(fc);
  expo.y_format = ValueFormat::money;
  Series p30{"PAR30", {}, "#e08a1e"}, p90{"PAR90", {}, "#c0392b"}, out{"Outstanding", {}, ""}, gx{"Guaranteed", {}, "#2a9d8f"};
  for (const auto* r : rows) {
    if (!(r->currency == fc)) continue;
    par.categories.push_back(display_key(*r));
    expo.categories.push_back(display_key(*r));
    p30.values.push_back(r->par30());
    p90.values.push_back(r->par90());
    out.values.push_back(major(fc, r->outstanding_minor));
    gx.values.push_back(major(fc, r->guaranteed_exposure_minor));
  }
  par.series = {p30, p90};
  expo.series = {out, gx};
  expo.note = fmt::format("Loans in {} only.", code(fc));
  sec.blocks.push_back(par);
  sec.blocks.push_back(expo);
  return sec;
}

// Provision per aging bucket (provisioning.hpp), in the fund currency.
Table provisioning_table(const ledger::LedgerStatus& s) {
  const auto& fc = s.fund.currency;
  const auto& p = s.provisioning;
  const auto names = bucket_names();
  Table t("Provisioning by aging bucket",
          {text_col("bucket", "Days past due"), money_col("guaranteed_exposure", "Guaranteed exposure", code(fc)),
           {"rate", ColumnType::ratio, "", 0, "Provision rate"}, money_col("provision", "Provision", code(fc))});
  for (std::size_t b = 0; b < p.exposure_minor.size(); ++b)
    t.add_row({names[b], money(fc, p.exposure_minor[b]), p.rates.rate[b], money(fc, p.provision_minor[b])});
  t.add_row({text("Claims owed, not yet paid"), money(fc, p.claims_owed_minor), Ratio::percent(100),
             money(fc, p.claims_owed_minor)});
  t.add_row({text("Total"), Cell{}, Cell{}, money(fc, p.total_minor())});
  t.set_total_rows(1);
  t.set_note("Provision = guaranteed exposure of the live, unclaimed loans in each bucket x the bucket's rate, plus the "
             "claims the fund owes and has not paid at 100%. Rates read as the chance a loan in the bucket ends in a "
             "claim; the defaults (1, 10, 25, 50, 75, 100%) are overridden with --provision-rates.");
  return t;
}

Section aging_section(const ledger::LedgerStatus& s) {
  Section sec{"Aging of arrears", "Outstanding principal and loans by days past due, per bank.", "Aging", {}};
  auto names = bucket_names();
  std::string unit = common_unit(s.aging, [](const ledger::AgingRow& a) { return a.currency; });
  if (s.aging.empty()) unit = code(s.fund.currency);
  std::vector<Column> cols{text_col("bank", "Bank"), text_col("currency", "Currency")};
  std::vector<Column> count_cols = cols;
  const char* keys[] = {"current", "dpd_1_30", "dpd_31_60", "dpd_61_90", "dpd_91_180", "dpd_over_180"};
  for (int b = 0; b < kAgingBuckets; ++b) {
    cols.push_back(money_col(keys[b], names[static_cast<std::size_t>(b)], unit));
    count_cols.push_back(int_col(keys[b], names[static_cast<std::size_t>(b)]));
  }
  cols.push_back(money_col("total", "Total", unit));
  count_cols.push_back(int_col("total", "Total"));
  Table amounts("Outstanding by days past due", cols), loans("Loans by days past due", count_cols);
  Chart chart{"Aging buckets by bank", ChartKind::stacked_bar};
  chart.y_title = "Outstanding (" + code(s.fund.currency) + ")";
  chart.y_format = ValueFormat::money;
  for (int b = 0; b < kAgingBuckets; ++b)
    chart.series.push_back({names[static_cast<std::size_t>(b)], {}, kAgingColours[static_cast<std::size_t>(b)]});
  for (const auto& a : s.aging) {
    std::vector<Cell> r{a.bank, code(a.currency)}, n{a.bank, code(a.currency)};
    Money total = Money::zero(a.currency);
    std::int64_t total_n = 0;
    for (std::size_t b = 0; b < static_cast<std::size_t>(kAgingBuckets); ++b) {
      r.push_back(money(a.currency, a.outstanding_minor[b]));
      total += Money(a.currency, a.outstanding_minor[b]);
      n.push_back(count(a.loans[b]));
      total_n += a.loans[b];
    }
    r.push_back(total);
    n.push_back(count(total_n));
    amounts.add_row(std::move(r));
    loans.add_row(std::move(n));
    if (a.currency == s.fund.currency) {
      chart.categories.push_back(a.bank);
      for (std::size_t b = 0; b < static_cast<std::size_t>(kAgingBuckets); ++b)
        chart.series[b].values.push_back(major(a.currency, a.outstanding_minor[b]));
    }
  }
  if (!unit.empty() && s.aging.size() > 1) {
    // All banks, when one currency makes the columns addable.
    const Currency& c = s.aging.front().currency;
    std::vector<Cell> r{text("Total"), code(c)}, n{text("Total"), code(c)};
    std::int64_t all = 0, all_n = 0;
    for (std::size_t b = 0; b < static_cast<std::size_t>(kAgingBuckets); ++b) {
      Money m = Money::zero(c);
      std::int64_t k = 0;
      for (const auto& a : s.aging) m += Money(c, a.outstanding_minor[b]), k += a.loans[b];
      r.push_back(m);
      n.push_back(count(k));
      all += m.minor();
      all_n += k;
    }
    r.push_back(money(c, all));
    n.push_back(count(all_n));
    amounts.add_row(std::move(r));
    loans.add_row(std::move(n));
    amounts.set_total_rows(1);
    loans.set_total_rows(1);
  }
  sec.blocks.push_back(chart);
  sec.blocks.push_back(amounts);
  sec.blocks.push_back(loans);
  sec.blocks.push_back(provisioning_table(s));
  return sec;
}

Section par_section(const ledger::LedgerStatus& s) {
  Section sec{"Portfolio at risk over time",
              "PAR30 and PAR90 at each month end: outstanding principal of loans more than 30 / 90 days past due, as a share of all outstanding.",
              "PAR trend", {}};
  const auto& fc = s.fund.currency;
  Chart chart{"PAR30 and PAR90 by month", ChartKind::line};
  chart.y_title = "% of outstanding";
  chart.x_title = "Month end";
  chart.y_format = ValueFormat::percent;
  chart.wide = true;
  Series p30{"PAR30", {}, "#e08a1e"}, p90{"PAR90", {}, "#c0392b"};
  std::string unit = common_unit(s.par_history, [](const ledger::ParPoint& p) { return p.currency; });
  if (s.par_history.empty()) unit = code(fc);
  Table t("PAR by month end", {{"month_end", ColumnType::date, "", 0, "Month end"}, text_col("currency", "Currency"),
                               money_col("outstanding", "Outstanding", unit), money_col("par30_amount", "Over 30 days", unit),
                               pct_col("par30", "PAR30"), money_col("par90_amount", "Over 90 days", unit),
                               pct_col("par90", "PAR90")});
  auto ratio = [](std::int64_t a, std::int64_t b) { return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0; };
  for (const auto& p : s.par_history) {
    t.add_row({p.month_end, code(p.currency), money(p.currency, p.outstanding_minor), money(p.currency, p.par30_minor),
               ratio(p.par30_minor, p.outstanding_minor), money(p.currency, p.par90_minor),
               ratio(p.par90_minor, p.outstanding_minor)});
    if (p.currency == fc) {
      auto d = format_date(p.month_end);
      chart.categories.push_back(d.substr(0, 7));
      p30.values.push_back(ratio(p.par30_minor, p.outstanding_minor));
      p90.values.push_back(ratio(p.par90_minor, p.outstanding_minor));
    }
  }
  chart.series = {p30, p90};
  // The page shows the last month ends in every currency; the workbook all of them.
  std::set<std::string> currencies;
  for (const auto& p : s.par_history) currencies.insert(code(p.currency));
  t.set_page_rows(kPageTrendMonths * std::max<std::size_t>(currencies.size(), 1), Table::PageKeep::latest);
  sec.blocks.push_back(chart);
  sec.blocks.push_back(t);
  return sec;
}

Section vintage_section(const ledger::LedgerStatus& s) {
  Section sec{"Vintage default curves",
              "Share of loans defaulted by months since disbursement, for loans disbursed in the same period.", "Vintages", {}};
  auto pooled = pool_vintages_by_year(s.vintages);
  Chart chart{"Cumulative default rate by disbursement year", ChartKind::line};
  chart.x_title = "Months since disbursement";
  chart.y_title = "% of loans defaulted";
  chart.y_format = ValueFormat::percent;
  chart.wide = true;
  std::size_t longest = 0;
  for (const auto& p : pooled) longest = std::max(longest, p.cumulative_default_rate.size());
  for (std::size_t m = 0; m < longest; ++m) chart.categories.push_back(std::to_string(m));
  for (const auto& p : pooled) {
    Series se{fmt::format("{} ({} loans)", p.year, p.loans), {}, ""};
    for (std::size_t m = 0; m < longest; ++m)
      se.values.push_back(m < p.cumulative_default_rate.size() ? p.cumulative_default_rate[m] : std::nan(""));
    chart.series.push_back(std::move(se));
  }
  chart.note = "Loans pooled by year of first disbursement; each curve stops where the year's youngest vintage has been observed.";
  sec.blocks.push_back(chart);
  Table t("Vintages by month of disbursement",
          {text_col("vintage", "Vintage"), int_col("loans", "Loans"), pct_col("at_6", "Defaulted by 6 months", 1),
           pct_col("at_12", "by 12 months", 1), pct_col("at_24", "by 24 months", 1), int_col("observed", "Months observed"),
           pct_col("latest", "Defaulted to date", 1)});
  for (const auto& v : s.vintages) {
    const auto& r = v.cumulative_default_rate;
    auto at = [&](std::size_t m) -> Cell { return m < r.size() ? Cell{r[m]} : Cell{}; };
    t.add_row({v.vintage, count(v.loans), at(6), at(12), at(24),
               count(r.empty() ? 0 : static_cast<std::int64_t>(r.size()) - 1), r.empty() ? Cell{} : Cell{r.back()}});
  }
  sec.blocks.push_back(t);
  return sec;
}

// Loans the banks could claim today and have not (claims_pipeline.hpp).
Table pipeline_table(const ledger::LedgerStatus& s) {
  const auto& fc = s.fund.currency;
  const std::string unit = code(fc);
  Table t("Claims pipeline: past the claim trigger, not yet claimed",
          {text_col("bank", "Bank"), text_col("loan", "Loan"), text_col("agreement", "Agreement"),
           int_col("days_past_due", "Days past due"), money_col("outstanding", "Outstanding", unit),
           money_col("fund_would_owe", "Fund would owe", unit), text_col("limited_by", "Limited by")});
  for (const auto& p : s.pipeline.loans) {
    std::string limit(p.limit == ClaimLimit::none ? "" : to_string(p.limit));
    if (p.written_off) limit += limit.empty() ? "written off" : ", written off";
    t.add_row({p.bank, p.loan, p.agreement, count(p.days_past_due), money(p.currency, p.outstanding_minor),
               money(p.currency, p.fund_would_owe_minor), text(limit)});
  }
  t.add_row({text("Total"), Cell{}, Cell{}, Cell{}, Cell{}, money(fc, s.pipeline.fund_would_owe_minor), Cell{}});
  t.set_total_rows(1);
  t.set_note("Guaranteed loans past their agreement's claim trigger (and lock-in) at the as-of date that no claim names "
             "yet. The amount is what the ledger's claim rule would record if each were claimed today, one after "
             "another in loan order: coverage, the per-loan cap, the remaining portfolio cap and the available capital.");
  return t;
}

Section claims_section(const ledger::LedgerStatus& s) {
  Section sec{"Claims and recoveries",
              "Every claim the fund paid and every recovery since, with the share of recoveries returned to the fund.",
              "Claims", {}};
  const auto& fc = s.fund.currency;
  std::string cu = common_unit(s.claims, [](const ledger::ClaimRow& c) { return c.currency; });
  if (s.claims.empty()) cu = code(fc);
  Table claims("Claims paid", {{"date", ColumnType::date, "", 0, "Date"}, text_col("bank", "Bank"), text_col("loan", "Loan"),
                               text_col("agreement", "Agreement"), text_col("ref", "Claim ref"), money_col("loss", "Loss claimed", cu),
                               money_col("fund_paid", "Paid by fund", cu), money_col("fund_due", "Owed, not yet paid", cu),
                               money_col("recovered", "Recovered since", cu),
                               money_col("recovered_fund", "Returned to fund", cu)});
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> by_bank;  // fund currency: paid, returned
  for (const auto& c : s.claims) {
    claims.add_row({c.date, c.bank, c.loan, c.agreement, c.ref, money(c.currency, c.loss_minor),
                    money(c.currency, c.fund_paid_minor), money(c.currency, c.fund_due_minor),
                    money(c.currency, c.recovered_minor), money(c.currency, c.recovered_fund_minor)});
    if (c.currency == fc) {
      by_bank[c.bank].first += c.fund_paid_minor;
      by_bank[c.bank].second += c.recovered_fund_minor;
    }
  }
  if (!s.claims.empty() && !cu.empty()) {
    Money loss = Money::zero(s.claims[0].currency), paid = loss, due = loss, rec = loss, recf = loss;
    for (const auto& c : s.claims) {
      loss += Money(c.currency, c.loss_minor);
      paid += Money(c.currency, c.fund_paid_minor);
      due += Money(c.currency, c.fund_due_minor);
      rec += Money(c.currency, c.recovered_minor);
      recf += Money(c.currency, c.recovered_fund_minor);
    }
    claims.add_row({Cell{}, text("Total"), Cell{}, Cell{}, Cell{}, loss, paid, due, rec, recf});
    claims.set_total_rows(1);
  }
  Chart chart{"Claims paid and recovered, by bank", ChartKind::bar};
  chart.y_title = code(fc);
  chart.y_format = ValueFormat::money;
  Series paid{"Paid by fund", {}, "#1f5c99"}, back{"Returned to fund", {}, "#2a9d8f"};
  for (const auto& [bank, v] : by_bank) {
    chart.categories.push_back(bank);
    paid.values.push_back(major(fc, v.first));
    back.values.push_back(major(fc, v.second));
  }
  chart.series = {paid, back};
  sec.blocks.push_back(chart);
  sec.blocks.push_back(claims);
  sec.blocks.push_back(pipeline_table(s));
  std::string ru = common_unit(s.recoveries, [](const ledger::RecoveryRow& r) { return r.currency; });
  if (s.recoveries.empty()) ru = code(fc);
  Table rec("Recoveries", {{"date", ColumnType::date, "", 0, "Date"}, text_col("bank", "Bank"), text_col("loan", "Loan"),
                           text_col("agreement", "Agreement"), text_col("ref", "Ref"), money_col("amount", "Recovered", ru),
                           money_col("fund_share", "Returned to fund", ru)});
  for (const auto& r : s.recoveries)
    rec.add_row({r.date, r.bank, r.loan, r.agreement, r.ref, money(r.currency, r.amount_minor),
                 money(r.currency, r.fund_share_minor)});
  sec.blocks.push_back(rec);
  return sec;
}

}  // namespace

std::vector<PooledCurve> pool_vintages_by_year(const std::vector<ledger::VintageCurve>& vintages) {
  // Defaulted counts are rate x loans; summing counts and loans over the
  // year's vintages pools exactly. The curve stops where the youngest
  // vintage of the year stops: past it the mix of vintages would change
  // and a cumulative curve could fall.
  std::map<std::string, std::vector<const ledger::VintageCurve*>> by_year;
  for (const auto& v : vintages)
    if (v.loans > 0) by_year[v.vintage.substr(0, 4)].push_back(&v);
  std::vector<PooledCurve> out;
  for (const auto& [year, vs] : by_year) {
    PooledCurve p{year, 0, {}};
    std::size_t shortest = vs.front()->cumulative_default_rate.size();
    for (const auto* v : vs) {
      p.loans += v->loans;
      shortest = std::min(shortest, v->cumulative_default_rate.size());
    }
    for (std::size_t m = 0; m < shortest; ++m) {
      double defaulted = 0, loans = 0;
      for (const auto* v : vs) {
        defaulted += std::round(v->cumulative_default_rate[m] * static_cast<double>(v->loans));
        loans += static_cast<double>(v->loans);
      }
      p.cumulative_default_rate.push_back(defaulted / loans);
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<Section> ledger_sections(const ledger::LedgerStatus& s) {
  return {fund_section(s),
          entity_section(s, "bank", "Banks", "Banks", "Bank",
                         "Lending, arrears and claims per partner bank, at the as-of date."),
          entity_section(s, "association", "Associations", "Associations", "Association",
                         "The same figures per business association of the borrowers."),
          aging_section(s),
          par_section(s),
          vintage_section(s),
          claims_section(s)};
}

}  // namespace gfund::reports
