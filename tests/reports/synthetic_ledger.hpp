#pragma once
// A synthetic ledger of any size for the report benchmark and for looking at
// the dashboard with realistic numbers: four partner banks, two
// associations, USD annuity loans disbursed over 2021-2023, most repaid on
// time, about one in ten stopping part-way, claims on half of those past the
// 90-day trigger, small recoveries. Imported through the ledger's own CSV
// path. Deterministic for a seed (std::mt19937_64: a fixture, not a model).
#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "engine/ledger/csv_import.hpp"
#include "engine/ledger/store.hpp"
#include "models/schedule.hpp"

namespace gfund::testing {

struct SyntheticLedgerOptions {
  int loans = 1000;
  std::uint64_t seed = 7;
  Date as_of = parse_date("2023-03-31");
};

inline std::string write_synthetic_ledger(const std::string& dir, const std::string& db, const SyntheticLedgerOptions& o) {
  ledger::create_ledger(db, "SYNTH", "USD");
  std::mt19937_64 rng(o.seed);
  auto uni = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
  auto pick = [&](int n) { return static_cast<int>(std::uniform_int_distribution<int>(0, n - 1)(rng)); };
  const char* banks[] = {"WING", "BOOST", "SMEB", "CNB"};
  const char* sectors[] = {"food", "retail", "handicraft", "services", "street vending", "tailoring"};
  const char* provinces[] = {"Phnom Penh", "Siem Reap", "Battambang", "Kampot", "Kandal", "Takeo"};
  std::ostringstream borrowers, loans, disb, rep, events;
  borrowers << "id,sector,province,registration,birth_year,association\n";
  loans << "bank,loan,borrower,currency,principal,annual_rate,term_months,disbursed\n";
  disb << "bank,loan,ref,date,amount\n";
  rep << "bank,loan,ref,date,amount\n";
  events << "date,kind,ref,bank,loan,amount\n";
  events << fmt::format("2020-12-01,capital_in,CAP-1,,,{}.00\n", std::int64_t{o.loans} * 400);
  const Date start = parse_date("2021-01-01");
  const int span_days = static_cast<int>(days_between(start, add_months(o.as_of, -1)));
  for (int i = 0; i < o.loans; ++i) {
    int b = pick(4);
    std::string bank = banks[b];
    std::string assoc = b == 2 ? (uni(0, 1) < 0.7 ? "CWEA" : "") : b == 3 ? (uni(0, 1) < 0.7 ? "YEAC" : "") : "";
    std::string borrower = fmt::format("B{:06}", i);
    borrowers << fmt::format("{},{},{},{},{},{}\n", borrower, sectors[pick(6)], provinces[pick(6)],
                             uni(0, 1) < 0.8 ? "informal" : "formal", 1985 + pick(20), assoc);
    std::string ref = fmt::format("{}-{:06}", bank, i);
    Date disbursed = from_days(to_days(start) + pick(span_days));
    int term = 6 + 3 * pick(3);
    std::int64_t principal_minor = (500 + 10 * pick(250)) * 100;
    Ratio rate = Ratio::from_ppm(120'000 + 5'000 * pick(13));
    Loan loan(LoanData{.ref = ref, .bank = bank, .borrower = borrower, .principal = Money(usd(), principal_minor),
                       .annual_rate = rate, .term_months = term, .disbursed = disbursed});
    loans << fmt::format("{},{},{},USD,{},{},{},{}\n", bank, ref, borrower, format_plain(loan.principal),
                         format_percent(rate), term, format_date(disbursed));
    disb << fmt::format("{},{},D-{},{},{}\n", bank, ref, ref, format_date(disbursed), format_plain(loan.principal));
    auto schedule = build_schedule(schedule_spec(loan));
    // Riskier at some banks, so the views have something to show.
    double pd = b == 1 ? 0.16 : b == 3 ? 0.12 : 0.07;
    bool stops = uni(0, 1) < pd;
    int paid = stops ? pick(term) : term;
    Money balance = loan.principal;
    for (int k = 0; k < paid; ++k) {
      const auto& in = schedule[static_cast<std::size_t>(k)];
      if (in.due > o.as_of) break;
      rep << fmt::format("{},{},R-{}-{},{},{}\n", bank, ref, ref, k + 1, format_date(in.due), format_plain(in.total()));
      balance = in.balance_after;
    }
    if (stops && paid < term) {
      Date claim_date = add_months(schedule[static_cast<std::size_t>(paid)].due, 4);
      bool guaranteed = b < 2 || !assoc.empty();  // SMEB and CNB guarantee association members only
      if (guaranteed && claim_date <= o.as_of && uni(0, 1) < 0.5) {
        events << fmt::format("{},claim,CL-{},{},{},\n", format_date(claim_date), ref, bank, ref);
        Date rec_date = add_months(claim_date, 3);
        if (rec_date <= o.as_of && uni(0, 1) < 0.4)
          events << fmt::format("{},recovery,RC-{},{},{},{}\n", format_date(rec_date), ref, bank, ref,
                                format_plain(Money(usd(), balance.minor() / 4)));
      }
    }
  }
  auto file = [&](const std::string& name, const std::string& text) {
    std::string p = dir + "/" + name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  };
  std::vector<ledger::ImportFile> files{
      {ledger::CsvKind::banks, file("banks.csv", "id,name\nWING,Wing Bank\nBOOST,Boost Capital\nSMEB,SME Bank\nCNB,Canadia Bank\n")},
      {ledger::CsvKind::associations,
       file("associations.csv", "id,name\nCWEA,Cambodian Women Entrepreneurs Association\n"
                                "YEAC,Young Entrepreneurs Association of Cambodia\n")},
      {ledger::CsvKind::borrowers, file("borrowers.csv", borrowers.str())},
      {ledger::CsvKind::agreements,
       file("agreements.csv",
            "id,bank,association,currency,coverage,structure,per_loan_cap,portfolio_cap,portfolio_cap_rate,"
            "claim_trigger_dpd,lock_in_months,payout_at_claim,annual_fee,fee_surcharge_informal,fee_payer,available_from,"
            "available_to\n"
            "WING-G,WING,,USD,50%,pari_passu,\"2,500.00\",,15%,90,3,100%,1%,0.5%,bank,2020-06-01,2024-12-31\n"
            "BOOST-G,BOOST,,USD,80%,pari_passu,\"2,000.00\",,15%,90,3,100%,1.5%,0.5%,bank,2020-06-01,2024-12-31\n"
            "SMEB-CWEA,SMEB,CWEA,USD,70%,pari_passu,\"3,000.00\",,20%,90,0,100%,1%,0.5%,borrower,2020-06-01,2024-12-31\n"
            "CNB-YEAC,CNB,YEAC,USD,100%,first_loss,\"3,000.00\",,10%,90,0,100%,1%,0%,bank,2020-06-01,2024-12-31\n")},
      {ledger::CsvKind::loans, file("loans.csv", loans.str())},
      {ledger::CsvKind::disbursements, file("disbursements.csv", disb.str())},
      {ledger::CsvKind::repayments, file("repayments.csv", rep.str())},
      {ledger::CsvKind::events, file("events.csv", events.str())},
  };
  ledger::import_files(db, files, {});
  return db;
}

}  // namespace gfund::testing
