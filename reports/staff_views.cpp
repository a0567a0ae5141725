// The staff lists as tables and dashboard sections. Totals are drawn only
// where a column holds one currency; PAR shares are the engine's.
#include "reports/staff_views.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "reports/view_support.hpp"

namespace gfund::reports {
namespace {
using namespace view;

Column date_col(std::string name, std::string label) { return {std::move(name), ColumnType::date, "", 0, std::move(label)}; }
Cell opt_text(const std::string& s, const char* none) { return text(s.empty() ? none : s); }

template <class Rows>
std::vector<const typename Rows::value_type*> of_bank(const Rows& rows, const std::string& bank) {
  std::vector<const typename Rows::value_type*> out;
  for (const auto& r : rows)
    if (bank.empty() || r.bank == bank) out.push_back(&r);
  return out;
}

// The last `months` distinct dates of the PAR history (0 = all), ascending.
std::vector<Date> trend_dates(const ledger::StaffLists& s, std::size_t months) {
  std::set<Date> all;
  for (const auto& p : s.par_trend) all.insert(p.month_end);
  std::vector<Date> out(all.begin(), all.end());
  if (months > 0 && out.size() > months) out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(months));
  return out;
}

// The cells of a ParFigures: live loans, outstanding, PAR30 amount and share, PAR90 amount and share.
std::vector<Cell> par_cells(const Currency& c, const ledger::ParFigures& p) {
  return {count(p.live_loans), money(c, p.outstanding_minor), money(c, p.par30_minor), p.par30(),
          money(c, p.par90_minor), p.par90()};
}

std::vector<Column> par_columns(const std::string& unit) {
  return {int_col("live_loans", "Live loans"),        money_col("outstanding", "Outstanding", unit),
          money_col("par30_amount", "Over 30 days", unit), pct_col("par30", "PAR30"),
          money_col("par90_amount", "Over 90 days", unit), pct_col("par90", "PAR90")};
}

// Adds a total row of `figures` when the table is in one currency.
void add_total_if_one_currency(Table& t, const std::string& unit, const std::vector<Cell>& lead,
                               const std::vector<Cell>& figures) {
  if (unit.empty() || t.rows().empty()) return;
  std::vector<Cell> row = lead;
  row.insert(row.end(), figures.begin(), figures.end());
  t.add_row(std::move(row));
  t.set_total_rows(1);
}

Cell yes_no(bool b) { return text(b ? "yes" : "no"); }

}  // namespace

Table par_trend_table(const ledger::StaffLists& s, const std::string& bank, std::size_t months) {
  const auto rows = of_bank(s.par_trend, bank);
  const auto dates = trend_dates(s, months);
  std::string unit = common_unit(rows, [](const ledger::BankParPoint* p) { return p->currency; });
  std::vector<Column> cols{text_col("bank", "Bank"), text_col("currency", "Currency"), date_col("month_end", "Month end")};
  for (auto& c : par_columns(unit)) cols.push_back(std::move(c));
  Table t(bank.empty() ? "PAR by bank and month end" : fmt::format("PAR of {} by month end", bank), cols);
  for (const auto* p : rows) {
    if (!std::binary_search(dates.begin(), dates.end(), p->month_end)) continue;
    std::vector<Cell> r{p->bank, code(p->currency), p->month_end};
    for (auto& c : par_cells(p->currency, p->par)) r.push_back(std::move(c));
    t.add_row(std::move(r));
  }
  t.set_note("PAR30 / PAR90: principal outstanding of a bank's live loans more than 30 / 90 days past due, as a share "
             "of its outstanding, at each month end (the last row of a bank is the as-of date). One row per bank and "
             "currency: riel and dollar loans are never added together.");
  return t;
}

Table par_trend_wide_table(const ledger::StaffLists& s, std::size_t months) {
  const auto dates = trend_dates(s, months);
  std::map<std::pair<std::string, std::string>, std::map<Date, const ledger::ParFigures*>> by_key;  // (bank, currency)
  for (const auto& p : s.par_trend) by_key[{p.bank, code(p.currency)}][p.month_end] = &p.par;
  std::set<std::string> currencies;
  for (const auto& [k, v] : by_key) currencies.insert(k.second);
  std::vector<Column> cols{date_col("month_end", "Month end")};
  for (const auto& [k, v] : by_key) {
    const std::string name = currencies.size() > 1 ? k.first + " " + k.second : k.first;
    cols.push_back(pct_col(k.first + "_" + k.second + "_par30", name + " PAR30", 1));
    cols.push_back(pct_col(k.first + "_" + k.second + "_par90", name + " PAR90", 1));
  }
  Table t(fmt::format("PAR30 and PAR90 by bank, last {} month ends", dates.size()), cols);
  for (const Date& d : dates) {
    std::vector<Cell> r{d};
    for (const auto& [k, v] : by_key) {
      const auto it = v.find(d);
      r.push_back(it == v.end() ? Cell{} : Cell{it->second->par30()});
      r.push_back(it == v.end() ? Cell{} : Cell{it->second->par90()});
    }
    t.add_row(std::move(r));
  }
  t.set_note("A blank: the bank had no live loans in that currency then. Every month end, with the amounts, is in "
             "the table below (workbook and CSV).");
  return t;
}

Table par_segment_table(const ledger::StaffLists& s, ledger::Segment segment) {
  std::vector<const ledger::SegmentPar*> rows;
  for (const auto& r : s.par_by_segment)
    if (r.segment == segment) rows.push_back(&r);
  const std::string unit = common_unit(rows, [](const ledger::SegmentPar* r) { return r->currency; });
  const bool province = segment == ledger::Segment::province;
  std::vector<Column> cols{text_col(std::string(to_string(segment)), province ? "Province" : "Sector"),
                           text_col("currency", "Currency")};
  for (auto& c : par_columns(unit)) cols.push_back(std::move(c));
  Table t(province ? "PAR by province" : "PAR by sector", cols);
  ledger::ParFigures all;
  for (const auto* r : rows) {
    std::vector<Cell> row{r->key, code(r->currency)};
    for (auto& c : par_cells(r->currency, r->par)) row.push_back(std::move(c));
    t.add_row(std::move(row));
    all.live_loans += r->par.live_loans;
    all.outstanding_minor += r->par.outstanding_minor;
    all.par30_minor += r->par.par30_minor;
    all.par90_minor += r->par.par90_minor;
  }
  if (!rows.empty()) add_total_if_one_currency(t, unit, {text("Total"), text(unit)}, par_cells(rows[0]->currency, all));
  t.set_note(fmt::format("Live loans at the as-of date by the borrower's {}; PAR as in the bank tables.", to_string(segment)));
  return t;
}

Table arrears_table(const ledger::StaffLists& s, const std::string& bank) {
  const auto rows = of_bank(s.arrears, bank);
  const std::string unit = common_unit(rows, [](const ledger::ArrearsLoan* r) { return r->currency; });
  Table t(bank.empty() ? "Arrears list: loans past due, by bank" : fmt::format("Arrears list: {}", bank),
          {text_col("bank", "Bank"), text_col("loan", "Loan"), text_col("borrower", "Borrower"),
           text_col("association", "Association"), text_col("currency", "Currency"),
           money_col("outstanding", "Outstanding", unit), money_col("overdue", "Overdue", unit),
           int_col("days_past_due", "Days past due"), text_col("bucket", "Bucket"), text_col("claim", "Claim status"),
           int_col("claim_trigger_dpd", "Trigger (days)")});
  Money out = Money::zero(rows.empty() ? usd() : rows[0]->currency), overdue = out;
  for (const auto* r : rows) {
    t.add_row({r->bank, r->loan, r->borrower, opt_text(r->association, "none"), code(r->currency),
               money(r->currency, r->outstanding_minor), money(r->currency, r->overdue_minor), count(r->days_past_due),
               text(std::string(to_string(r->bucket))), text(std::string(to_string(r->claim))),
               r->claim_trigger_dpd ? count(*r->claim_trigger_dpd) : Cell{}});
    if (!unit.empty()) out += Money(r->currency, r->outstanding_minor), overdue += Money(r->currency, r->overdue_minor);
  }
  add_total_if_one_currency(t, unit, {text("Total"), text(fmt::format("{} loans", rows.size())), {}, {}, text(unit)},
                            {out, overdue, {}, {}, {}, {}});
  t.set_note("Overdue: installments (principal and interest) due before the as-of date and not paid, plus unpaid "
             "penalties and fees. Claimable: past the agreement's claim trigger and lock-in, not yet claimed (the "
             "claims pipeline); before trigger: guaranteed, a claim would be refused today.");
  return t;
}

Table arrears_summary_table(const ledger::StaffLists& s) {
  struct Sum {
    Currency currency;
    std::int64_t loans = 0, over30 = 0, claimable = 0, claimed = 0, outstanding = 0, overdue = 0;
  };
  std::map<std::pair<std::string, std::string>, Sum> by;
  for (const auto& r : s.arrears) {
    Sum& m = by[{r.bank, code(r.currency)}];
    m.currency = r.currency;
    ++m.loans;
    m.over30 += r.days_past_due > kPar30Dpd ? 1 : 0;
    m.claimable += r.claim == ledger::ClaimStatus::claimable ? 1 : 0;
    m.claimed += r.claim == ledger::ClaimStatus::claimed ? 1 : 0;
    m.outstanding += r.outstanding_minor;
    m.overdue += r.overdue_minor;
  }
  Table t("Loans in arrears by bank",
          {text_col("bank", "Bank"), text_col("currency", "Currency"), int_col("loans", "Loans past due"),
           int_col("over_30", "Over 30 days"), int_col("claimable", "Claimable"), int_col("claimed", "Claimed"),
           money_col("outstanding", "Outstanding"), money_col("overdue", "Overdue")});
  for (const auto& [k, m] : by)
    t.add_row({k.first, k.second, count(m.loans), count(m.over30), count(m.claimable), count(m.claimed),
               money(m.currency, m.outstanding), money(m.currency, m.overdue)});
  return t;
}

Table restructured_table(const ledger::StaffLists& s, const std::string& bank) {
  const auto rows = of_bank(s.restructured, bank);
  const std::string unit = common_unit(rows, [](const ledger::RestructuredLoan* r) { return r->currency; });
  Table t(bank.empty() ? "Restructured loans" : fmt::format("Restructured loans: {}", bank),
          {date_col("date", "Restructured on"), text_col("bank", "Bank"), text_col("loan", "Loan"),
           text_col("agreement", "Agreement"), text_col("currency", "Currency"), int_col("dpd_before", "DPD before"),
           money_col("rescheduled", "Rescheduled", unit), {"new_rate", ColumnType::ratio, "", 0, "New rate"},
           int_col("new_term", "Term (months)"), text_col("new_schedule", "Schedule"),
           money_col("outstanding", "Outstanding now", unit), int_col("days_past_due", "DPD now")});
  for (const auto* r : rows)
    t.add_row({r->date, r->bank, r->loan, opt_text(r->agreement, "none"), code(r->currency),
               count(r->days_past_due_before), money(r->currency, r->rescheduled_minor),
               r->terms ? Cell{r->terms->annual_rate} : Cell{}, r->terms ? count(r->terms->term_months) : Cell{},
               r->terms ? text(std::string(to_string(r->terms->schedule))) : Cell{},
               money(r->currency, r->outstanding_minor), count(r->days_past_due)});
  t.set_note("One row per restructure. DPD: days past due. Rescheduled: the principal carried into the new schedule "
             "(the interest in arrears at that date was waived); rate, term and schedule are the new terms (blank: "
             "restructured before gfund recorded them).");
  return t;
}

Table written_off_table(const ledger::StaffLists& s, const std::string& bank) {
  const auto rows = of_bank(s.written_off, bank);
  const std::string unit = common_unit(rows, [](const ledger::WrittenOffLoan* r) { return r->currency; });
  Table t(bank.empty() ? "Written-off loans" : fmt::format("Written-off loans: {}", bank),
          {date_col("date", "Written off on"), text_col("bank", "Bank"), text_col("loan", "Loan"),
           text_col("agreement", "Agreement"), text_col("currency", "Currency"),
           money_col("written_off", "Written off", unit), text_col("claimed", "Claimed"),
           money_col("fund_paid", "Paid by the fund", unit), money_col("recovered", "Recovered since", unit)});
  Money wo = Money::zero(rows.empty() ? usd() : rows[0]->currency), paid = wo, rec = wo;
  for (const auto* r : rows) {
    t.add_row({r->date, r->bank, r->loan, opt_text(r->agreement, "none"), code(r->currency),
               money(r->currency, r->written_off_minor), yes_no(r->claimed), money(r->currency, r->claim_fund_minor),
               money(r->currency, r->recovered_minor)});
    if (!unit.empty())
      wo += Money(r->currency, r->written_off_minor), paid += Money(r->currency, r->claim_fund_minor),
          rec += Money(r->currency, r->recovered_minor);
  }
  add_total_if_one_currency(t, unit, {Cell{}, text("Total"), text(fmt::format("{} loans", rows.size())), {}, text(unit)},
                            {wo, {}, paid, rec});
  t.set_note("Recovered since: recoveries after default from the borrower, all parties (the fund's share is in the "
             "claims table).");
  return t;
}

std::vector<Table> flows_tables(const ledger::StaffLists& s, ledger::FlowPeriod period) {
  std::vector<Table> out;
  const auto& rows = s.flows(period);
  const char* what = period == ledger::FlowPeriod::month ? "month" : "quarter";
  for (std::size_t i = 0; i < rows.size();) {
    const Currency c = rows[i].currency;
    const std::string u = code(c);
    Table t(fmt::format("Flows per {}, {}", what, u),
            {text_col("period", period == ledger::FlowPeriod::month ? "Month" : "Quarter"),
             money_col("disbursed", "Disbursed", u), money_col("principal_repaid", "Principal repaid", u),
             money_col("interest", "Interest received", u), money_col("charges", "Penalties and fees received", u),
             money_col("written_off", "Written off", u), money_col("claims_paid", "Claims paid by the fund", u),
             money_col("recoveries", "Recoveries", u), money_col("recoveries_to_fund", "of which to the fund", u),
             money_col("guarantee_fees", "Guarantee fees to the fund", u)});
    ledger::FlowRow total;
    for (; i < rows.size() && rows[i].currency == c; ++i) {
      const auto& r = rows[i];
      t.add_row({r.period, money(c, r.disbursed_minor), money(c, r.principal_repaid_minor),
                 money(c, r.interest_received_minor), money(c, r.charges_received_minor), money(c, r.written_off_minor),
                 money(c, r.claims_paid_minor), money(c, r.recoveries_minor), money(c, r.recoveries_to_fund_minor),
                 money(c, r.guarantee_fees_minor)});
      total.disbursed_minor += r.disbursed_minor;
      total.principal_repaid_minor += r.principal_repaid_minor;
      total.interest_received_minor += r.interest_received_minor;
      total.charges_received_minor += r.charges_received_minor;
      total.written_off_minor += r.written_off_minor;
      total.claims_paid_minor += r.claims_paid_minor;
      total.recoveries_minor += r.recoveries_minor;
      total.recoveries_to_fund_minor += r.recoveries_to_fund_minor;
      total.guarantee_fees_minor += r.guarantee_fees_minor;
    }
    t.add_row({text("Total"), money(c, total.disbursed_minor), money(c, total.principal_repaid_minor),
               money(c, total.interest_received_minor), money(c, total.charges_received_minor),
               money(c, total.written_off_minor), money(c, total.claims_paid_minor), money(c, total.recoveries_minor),
               money(c, total.recoveries_to_fund_minor), money(c, total.guarantee_fees_minor)});
    t.set_total_rows(1);
    t.set_note(fmt::format("Loans in {} only; the last period ends at the as-of date, {}. Repayments are split as the "
                           "ledger applies them (charges, interest, then principal). Totals equal the ledger's totals "
                           "to date.",
                           u, rows.empty() ? "" : format_date(rows.back().last_day)));
    out.push_back(std::move(t));
  }
  return out;
}

namespace {

// Quarters a printed page shows of the flows: two years.
constexpr std::size_t kPageQuarters = 8;

// PAR30 per bank at each month end, loans in the fund currency.
Chart par_by_bank_chart(const ledger::StaffLists& s, const Currency& fc) {
  Chart chart{"PAR30 by bank, by month", ChartKind::line};
  chart.y_title = "% of outstanding";
  chart.x_title = "Month end";
  chart.y_format = ValueFormat::percent;
  chart.wide = true;
  const auto dates = trend_dates(s, 0);
  std::map<std::string, std::map<Date, double>> by_bank;
  for (const auto& p : s.par_trend)
    if (p.currency == fc) by_bank[p.bank][p.month_end] = p.par.par30();
  for (const Date& d : dates) chart.categories.push_back(format_date(d).substr(0, 7));
  for (const auto& [bank, points] : by_bank) {
    Series se{bank, {}, ""};
    for (const Date& d : dates) {
      const auto it = points.find(d);
      se.values.push_back(it == points.end() ? std::nan("") : it->second);
    }
    chart.series.push_back(std::move(se));
  }
  chart.note = fmt::format("Loans in {} only; a gap: no live loans at that bank then.", code(fc));
  return chart;
}

Section par_by_bank_section(const ledger::LedgerStatus& st) {
  const auto& s = st.staff;
  Section sec{"PAR by bank, province and sector",
              "Portfolio at risk per partner bank over time, and by the borrowers' province and sector at the as-of date.",
              "PAR by bank", {}};
  sec.blocks.push_back(par_by_bank_chart(s, st.fund.currency));
  sec.blocks.push_back(par_trend_wide_table(s, kPageTrendMonths));
  Table all = par_trend_table(s);
  all.set_page_rows(0);
  sec.blocks.push_back(std::move(all));
  sec.blocks.push_back(par_segment_table(s, ledger::Segment::province));
  sec.blocks.push_back(par_segment_table(s, ledger::Segment::sector));
  return sec;
}

Section arrears_section(const ledger::LedgerStatus& st) {
  const auto& s = st.staff;
  Section sec{"Arrears, restructured and written-off loans",
              "Every loan past due at the as-of date, by bank, with what is overdue and where its claim stands; the "
              "loans restructured and written off to date.",
              "Arrears list", {}};
  sec.blocks.push_back(arrears_summary_table(s));
  sec.blocks.push_back(arrears_table(s));
  sec.blocks.push_back(restructured_table(s));
  sec.blocks.push_back(written_off_table(s));
  return sec;
}

Section flows_section(const ledger::LedgerStatus& st) {
  Section sec{"Flows per quarter and month",
              "Money lent, repaid, written off, claimed and recovered in each period, one table per currency.", "Flows",
              {}};
  for (auto& t : flows_tables(st.staff, ledger::FlowPeriod::quarter)) {
    t.set_page_rows(kPageQuarters, Table::PageKeep::latest);
    sec.blocks.push_back(std::move(t));
  }
  for (auto& t : flows_tables(st.staff, ledger::FlowPeriod::month)) {
    t.set_page_rows(0);
    sec.blocks.push_back(std::move(t));
  }
  return sec;
}

}  // namespace

std::vector<Table> staff_tables(const ledger::StaffLists& s, const StaffQuery& q) {
  switch (q.view) {
    case StaffView::arrears: return {arrears_table(s, q.bank)};
    case StaffView::restructured: return {restructured_table(s, q.bank)};
    case StaffView::written_off: return {written_off_table(s, q.bank)};
    case StaffView::par_trend: return {par_trend_table(s, q.bank, q.months)};
    case StaffView::flows_month: return flows_tables(s, ledger::FlowPeriod::month);
    case StaffView::flows_quarter: return flows_tables(s, ledger::FlowPeriod::quarter);
    case StaffView::par_province: return {par_segment_table(s, ledger::Segment::province)};
    case StaffView::par_sector: return {par_segment_table(s, ledger::Segment::sector)};
  }
  return {};
}

std::vector<Section> staff_sections(const ledger::LedgerStatus& status) {
  return {par_by_bank_section(status), arrears_section(status), flows_section(status)};
}

}  // namespace gfund::reports
