// The staff lists on the demo ledger (fixtures/demo, as of 2023-12-31): each
// figure checked against the status's own totals or recomputed here from
// the ledger's loans, one replay per loan and date (position_at), so the
// one-pass builder in read_status cannot drift from them.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

#include "engine/ledger/csv_import.hpp"
#include "engine/ledger/ledger_data.hpp"
#include "engine/ledger/status.hpp"
#include "engine/ledger/store.hpp"
#include "fixtures/generator/generate_book.hpp"
#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

const Date kStaffAsOf = parse_date("2023-12-31");

// The demo ledger, imported once from the shipped fixtures.
const std::string& staff_demo_db() {
  static TempDir dir;
  static const std::string db = [] {
    const std::string path = dir.file("demo.db");
    ledger::create_ledger(path, "GF-KH-DEMO", "USD");
    std::vector<ledger::ImportFile> files;
    for (const auto& name : fixtures::generated_file_names({}))
      files.push_back({ledger::csv_kind_from_name(name), fixtures_dir() + "/demo/" + name});
    ledger::import_files(path, files, {});
    return path;
  }();
  return db;
}

const ledger::LedgerStatus& staff_demo_status() {
  static const ledger::LedgerStatus s = ledger::read_status(staff_demo_db(), kStaffAsOf);
  return s;
}

const ledger::LedgerData& staff_demo_data() {
  static const ledger::LedgerData d = ledger::read_ledger_file(staff_demo_db());
  return d;
}

const ledger::StatusTotals& staff_totals(const std::string& level, const std::string& key, const std::string& cur) {
  for (const auto& t : staff_demo_status().totals)
    if (t.level == level && t.key == key && t.currency.code_view() == cur) return t;
  throw std::runtime_error("no totals row " + level + " " + key + " " + cur);
}

TEST(StaffLists, ParTrendAtTheAsOfDateIsTheStatusParOfEachBank) {
  const auto& s = staff_demo_status();
  std::size_t banks = 0;
  for (const auto& t : s.totals) {
    if (t.level != "bank" || t.live_loans == 0) continue;
    ++banks;
    const ledger::BankParPoint* last = nullptr;
    for (const auto& p : s.staff.par_trend)
      if (p.bank == t.key && p.currency == t.currency && p.month_end == kStaffAsOf) last = &p;
    ASSERT_NE(last, nullptr) << t.key;
    EXPECT_EQ(last->par.live_loans, t.live_loans) << t.key;
    EXPECT_EQ(last->par.outstanding_minor, t.outstanding_minor) << t.key;
    EXPECT_EQ(last->par.par30_minor, t.par30_minor) << t.key;
    EXPECT_EQ(last->par.par90_minor, t.par90_minor) << t.key;
  }
  EXPECT_EQ(banks, 6u);  // BOOST, CNB, SMEB, WING in dollars; BOOST and WING in riel too
  // Pinned from the demo: BOOST's dollar loans 57.22% over 30 days past due.
  const auto& boost = staff_totals("bank", "BOOST", "USD");
  EXPECT_EQ(boost.outstanding_minor, 524274);
  EXPECT_EQ(boost.par30_minor, 300001);
}

TEST(StaffLists, ParTrendAtAMonthEndIsOneReplayPerLoanOnThatDay) {
  const auto& d = staff_demo_data();
  const Date when = parse_date("2022-06-30");
  std::map<std::pair<std::string, std::string>, ledger::ParFigures> expected;
  for (const auto& l : d.loans) {
    const LoanPosition p = ledger::position_at(d, l, when);
    if (!p.live()) continue;
    auto& e = expected[{l.bank, std::string(l.currency.code_view())}];
    ++e.live_loans;
    e.outstanding_minor += p.outstanding_minor();
    if (p.days_past_due > 30) e.par30_minor += p.outstanding_minor();
    if (p.days_past_due > 90) e.par90_minor += p.outstanding_minor();
  }
  std::size_t seen = 0;
  for (const auto& p : staff_demo_status().staff.par_trend) {
    if (p.month_end != when) continue;
    ++seen;
    const auto& e = expected.at({p.bank, std::string(p.currency.code_view())});
    EXPECT_EQ(p.par.live_loans, e.live_loans) << p.bank;
    EXPECT_EQ(p.par.outstanding_minor, e.outstanding_minor) << p.bank;
    EXPECT_EQ(p.par.par30_minor, e.par30_minor) << p.bank;
    EXPECT_EQ(p.par.par90_minor, e.par90_minor) << p.bank;
  }
  EXPECT_EQ(seen, expected.size());
  EXPECT_GT(seen, 0u);
}

TEST(StaffLists, ParByProvinceAndBySectorAddUpToTheFund) {
  const auto& s = staff_demo_status();
  for (const auto seg : {ledger::Segment::province, ledger::Segment::sector}) {
    std::map<std::string, ledger::ParFigures> sum;
    for (const auto& r : s.staff.par_by_segment) {
      if (r.segment != seg) continue;
      auto& m = sum[std::string(r.currency.code_view())];
      m.live_loans += r.par.live_loans;
      m.outstanding_minor += r.par.outstanding_minor;
      m.par30_minor += r.par.par30_minor;
      m.par90_minor += r.par.par90_minor;
    }
    ASSERT_EQ(sum.size(), 2u);
    for (const auto& [cur, m] : sum) {
      const auto& fund = staff_totals("fund", "", cur);
      EXPECT_EQ(m.live_loans, fund.live_loans) << cur;
      EXPECT_EQ(m.outstanding_minor, fund.outstanding_minor) << cur;
      EXPECT_EQ(m.par30_minor, fund.par30_minor) << cur;
      EXPECT_EQ(m.par90_minor, fund.par90_minor) << cur;
    }
  }
  // Phnom Penh's dollar loans, recomputed from the borrowers' provinces.
  const auto& d = staff_demo_data();
  ledger::ParFigures pp;
  for (const auto& l : d.loans)
    if (d.borrowers.at(l.borrower).province == "Phnom Penh" && l.currency.code_view() == "USD")
      pp.add(ledger::position_at(d, l, kStaffAsOf));
  const ledger::SegmentPar* row = nullptr;
  for (const auto& r : s.staff.par_by_segment)
    if (r.segment == ledger::Segment::province && r.key == "Phnom Penh" && r.currency.code_view() == "USD") row = &r;
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->par.live_loans, pp.live_loans);
  EXPECT_EQ(row->par.outstanding_minor, pp.outstanding_minor);
  EXPECT_EQ(row->par.live_loans, 9);
  EXPECT_EQ(row->par.outstanding_minor, 1037894);
}

TEST(StaffLists, ArrearsListIsEveryLiveLoanPastDueByBankThenDaysDescending) {
  const auto& d = staff_demo_data();
  std::set<std::pair<std::string, std::string>> past_due;
  for (const auto& l : d.loans) {
    const LoanPosition p = ledger::position_at(d, l, kStaffAsOf);
    if (p.live() && p.days_past_due > 0) past_due.insert({l.bank, l.ref});
  }
  const auto& arrears = staff_demo_status().staff.arrears;
  std::set<std::pair<std::string, std::string>> listed;
  for (const auto& a : arrears) listed.insert({a.bank, a.loan});
  EXPECT_EQ(listed, past_due);
  ASSERT_EQ(arrears.size(), 10u);
  for (std::size_t i = 0; i < arrears.size(); ++i) {
    const auto& a = arrears[i];
    EXPECT_GT(a.overdue_minor, 0) << a.loan;
    EXPECT_EQ(a.bucket, aging_bucket(a.days_past_due)) << a.loan;
    if (i > 0) {
      const auto& b = arrears[i - 1];
      EXPECT_TRUE(b.bank < a.bank || (b.bank == a.bank && b.days_past_due >= a.days_past_due)) << a.loan;
    }
    // Every loan in the demo's arrears is short of its 90-day trigger, or not guaranteed.
    EXPECT_EQ(a.claim, a.agreement.empty() ? ledger::ClaimStatus::not_guaranteed : ledger::ClaimStatus::before_trigger);
  }
  const auto& first = arrears.front();
  EXPECT_EQ(first.loan, "BOOST-L0000042");
  EXPECT_EQ(first.days_past_due, 79);
  EXPECT_EQ(first.outstanding_minor, 129971);
  EXPECT_EQ(first.overdue_minor, 16917);
  EXPECT_EQ(first.claim_trigger_dpd, std::optional<int>(90));
}

// Overdue recomputed from the stored schedule and repayments of a loan with
// no charges and no restructure: installments due before as_of less
// everything repaid.
TEST(StaffLists, OverdueOfALoanIsItsInstallmentsDueLessItsRepayments) {
  const auto& d = staff_demo_data();
  std::size_t checked = 0;
  for (const auto& a : staff_demo_status().staff.arrears) {
    const auto* l = d.find_loan(a.bank, a.loan);
    ASSERT_NE(l, nullptr);
    bool plain = true;
    std::int64_t repaid = 0, due = 0;
    for (const auto& e : l->events) {
      if (e.date > kStaffAsOf) break;
      if (e.kind == LoanEventKind::repayment) repaid += e.amount_minor;
      if (e.kind != LoanEventKind::repayment && e.kind != LoanEventKind::disbursement) plain = false;
    }
    if (!plain) continue;
    for (const auto& x : l->dues)
      if (x.due < kStaffAsOf) due += x.principal_minor + x.interest_minor;
    EXPECT_EQ(a.overdue_minor, due - repaid) << a.loan;
    ++checked;
  }
  EXPECT_GE(checked, 4u);  // the demo's arrears without charges or restructure
}

TEST(StaffLists, RestructuredLoansCarryTheirPrincipalIntoTheNewSchedule) {
  const auto& d = staff_demo_data();
  const auto& rows = staff_demo_status().staff.restructured;
  ASSERT_EQ(rows.size(), 5u);  // the demo's five restructure events
  for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_FALSE(rows[i].date < rows[i - 1].date);
  for (const auto& r : rows) {
    const auto* l = d.find_loan(r.bank, r.loan);
    ASSERT_NE(l, nullptr);
    std::size_t at = 0;
    while (at < l->events.size() && !(l->events[at].kind == LoanEventKind::restructure && l->events[at].date == r.date)) ++at;
    ASSERT_LT(at, l->events.size()) << r.loan;
    const LoanPosition before = ledger::position_before(d, *l, at, r.date);
    EXPECT_EQ(r.rescheduled_minor, before.outstanding_minor()) << r.loan;
    EXPECT_EQ(r.days_past_due_before, before.days_past_due) << r.loan;
  }
  const auto& wing = rows[3];
  EXPECT_EQ(wing.loan, "WING-L0000029");
  EXPECT_EQ(wing.date, parse_date("2023-04-06"));
  ASSERT_TRUE(wing.terms.has_value());
  EXPECT_EQ(wing.terms->annual_rate, Ratio::percent(14));
  EXPECT_EQ(wing.terms->term_months, 41);
  EXPECT_EQ(wing.rescheduled_minor, 364583);
}

TEST(StaffLists, WrittenOffLoansAddUpToTheWrittenOffTotals) {
  const auto& s = staff_demo_status();
  ASSERT_EQ(s.staff.written_off.size(), 11u);  // the demo's eleven write-offs
  std::map<std::string, std::int64_t> by_currency;
  std::set<std::string> claimed;
  for (const auto& c : s.claims) claimed.insert(c.loan);
  for (const auto& w : s.staff.written_off) {
    by_currency[std::string(w.currency.code_view())] += w.written_off_minor;
    EXPECT_EQ(w.claimed, claimed.count(w.loan) == 1) << w.loan;
  }
  EXPECT_EQ(by_currency.at("USD"), staff_totals("fund", "", "USD").written_off_minor);
  EXPECT_EQ(by_currency.at("KHR"), staff_totals("fund", "", "KHR").written_off_minor);
  EXPECT_EQ(by_currency.at("USD"), 896103);
  EXPECT_EQ(s.staff.written_off.front().loan, "BOOST-L0000097");
  EXPECT_EQ(s.staff.written_off.front().written_off_minor, 9'400'000);
}

// Per currency, the months add up to the ledger's totals; the quarters to the months.
TEST(StaffLists, FlowsAddUpToTheLedgerTotalsInEachCurrency) {
  const auto& s = staff_demo_status();
  const auto& d = staff_demo_data();
  std::map<std::string, ledger::FlowRow> month_sum, quarter_sum;
  auto add = [](ledger::FlowRow& to, const ledger::FlowRow& r) {
    to.disbursed_minor += r.disbursed_minor, to.principal_repaid_minor += r.principal_repaid_minor;
    to.interest_received_minor += r.interest_received_minor, to.written_off_minor += r.written_off_minor;
    to.claims_paid_minor += r.claims_paid_minor, to.recoveries_minor += r.recoveries_minor;
    to.guarantee_fees_minor += r.guarantee_fees_minor;
  };
  for (const auto& r : s.staff.flows_monthly) add(month_sum[std::string(r.currency.code_view())], r);
  for (const auto& r : s.staff.flows_quarterly) add(quarter_sum[std::string(r.currency.code_view())], r);
  ASSERT_EQ(month_sum.size(), 2u);
  EXPECT_EQ(s.staff.flows_monthly.front().currency.code_view(), "USD");  // the fund's currency first
  std::map<std::string, std::int64_t> principal, interest;
  for (const auto& l : d.loans) {
    const LoanPosition p = ledger::position_at(d, l, kStaffAsOf);
    principal[std::string(l.currency.code_view())] += p.principal_paid_minor;
    interest[std::string(l.currency.code_view())] += p.interest_paid_minor;
  }
  for (const auto& [cur, m] : month_sum) {
    const auto& fund = staff_totals("fund", "", cur);
    EXPECT_EQ(m.disbursed_minor, fund.disbursed_minor) << cur;
    EXPECT_EQ(m.written_off_minor, fund.written_off_minor) << cur;
    EXPECT_EQ(m.claims_paid_minor, fund.claims_paid_minor) << cur;
    EXPECT_EQ(m.recoveries_minor, fund.recoveries_minor) << cur;
    EXPECT_EQ(m.principal_repaid_minor, principal[cur]) << cur;
    EXPECT_EQ(m.interest_received_minor, interest[cur]) << cur;
    const auto& q = quarter_sum.at(cur);
    EXPECT_EQ(std::tie(q.disbursed_minor, q.principal_repaid_minor, q.interest_received_minor, q.written_off_minor,
                       q.claims_paid_minor, q.recoveries_minor, q.guarantee_fees_minor),
              std::tie(m.disbursed_minor, m.principal_repaid_minor, m.interest_received_minor, m.written_off_minor,
                       m.claims_paid_minor, m.recoveries_minor, m.guarantee_fees_minor))
        << cur;
  }
  EXPECT_EQ(month_sum.at("USD").guarantee_fees_minor, s.fund.fees_in_minor);
  EXPECT_EQ(month_sum.at("KHR").guarantee_fees_minor, 0);
  EXPECT_EQ(month_sum.at("USD").disbursed_minor, 24'585'000);
}

TEST(StaffLists, AMonthsDisbursementsAreTheEventsOfThatMonth) {
  const auto& d = staff_demo_data();
  std::int64_t may_2021 = 0;
  for (const auto& l : d.loans)
    for (const auto& e : l.events)
      if (e.kind == LoanEventKind::disbursement && l.currency.code_view() == "USD" && e.date.year() == std::chrono::year{2021} &&
          e.date.month() == std::chrono::May)
        may_2021 += e.amount_minor;
  const ledger::FlowRow* row = nullptr;
  for (const auto& r : staff_demo_status().staff.flows_monthly)
    if (r.period == "2021-05" && r.currency.code_view() == "USD") row = &r;
  ASSERT_NE(row, nullptr);
  EXPECT_GT(may_2021, 0);
  EXPECT_EQ(row->disbursed_minor, may_2021);
  EXPECT_EQ(row->first_day, parse_date("2021-05-01"));
  EXPECT_EQ(row->last_day, parse_date("2021-05-31"));
  // The last period ends at the as-of date, inside its month.
  const auto mid = ledger::read_status(staff_demo_db(), parse_date("2023-12-15"));
  EXPECT_EQ(mid.staff.flows_monthly.front().currency.code_view(), "USD");
  std::size_t december = 0;
  for (const auto& r : mid.staff.flows_monthly) {
    if (r.period != "2023-12") continue;
    ++december;
    EXPECT_EQ(r.last_day, parse_date("2023-12-15"));
  }
  EXPECT_EQ(december, 2u);  // dollars and riel
}

TEST(StaffLists, BeforeTheFirstLoanEveryListIsEmpty) {
  const auto s = ledger::read_status(staff_demo_db(), parse_date("2019-01-31"));
  EXPECT_TRUE(s.staff.par_trend.empty());
  EXPECT_TRUE(s.staff.par_by_segment.empty());
  EXPECT_TRUE(s.staff.arrears.empty());
  EXPECT_TRUE(s.staff.restructured.empty());
  EXPECT_TRUE(s.staff.written_off.empty());
  for (const auto& r : s.staff.flows_monthly) EXPECT_EQ(r.disbursed_minor, 0);
  EXPECT_EQ(s.staff.banks, (std::vector<std::string>{"BOOST", "CNB", "SMEB", "WING"}));
}

}  // namespace
}  // namespace gfund::testing
