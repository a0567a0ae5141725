#pragma once
// A small real ledger for report tests, imported through the ledger's own
// CSV path: two banks, one association, four USD loans, repayments, a claim
// and a recovery. Tests compare what reports show with what read_status says.
#include <string>

#include "engine/ledger/csv_import.hpp"
#include "engine/ledger/store.hpp"
#include "support/test_support.hpp"

namespace gfund::testing {

// with_riel_loan adds an unguaranteed KHR loan at WING, so totals come in
// two currencies that must never be added together.
inline std::string make_test_ledger(const TempDir& dir, const std::string& name = "fund.db", bool with_riel_loan = false) {
  std::string db = dir.file(name);
  ledger::create_ledger(db, "TESTFUND", "USD");
  auto file = [&](const std::string& n, const std::string& text) {
    write_file(dir.file(n), text);
    return dir.file(n);
  };
  std::vector<ledger::ImportFile> files{
      {ledger::CsvKind::banks, file("banks.csv", "id,name\nWING,Wing Bank\nBOOST,Boost Capital\n")},
      {ledger::CsvKind::associations, file("associations.csv", "id,name\nCWEA,Cambodian Women Entrepreneurs Association\n")},
      {ledger::CsvKind::borrowers,
       file("borrowers.csv",
            "id,sector,province,registration,birth_year,association,gender,first_time_borrower\n"
            "B1,food,Phnom Penh,informal,1995,CWEA,female,yes\nB2,retail,Siem Reap,informal,1998,,female,no\n"
            "B3,handicraft,Kampot,formal,1992,CWEA,male,\nB4,services,Phnom Penh,informal,2000,,female,yes\n")},
      {ledger::CsvKind::agreements,
       file("agreements.csv",
            "id,bank,association,currency,coverage,structure,per_loan_cap,portfolio_cap,portfolio_cap_rate,"
            "claim_trigger_dpd,lock_in_months,payout_at_claim,annual_fee,fee_surcharge_informal,fee_payer,available_from,"
            "available_to\n"
            "WING-2019,WING,,USD,50%,pari_passu,\"2,500.00\",\"40,000.00\",,90,3,100%,1%,0.5%,bank,2019-06-01,2023-06-30\n"
            "BOOST-2019,BOOST,,USD,80%,pari_passu,\"2,000.00\",\"35,000.00\",,90,3,100%,1.5%,0.5%,bank,2019-06-01,2023-06-30\n")},
      {ledger::CsvKind::loans,
       file("loans.csv",
            "bank,loan,borrower,currency,principal,annual_rate,term_months,disbursed\n"
            "WING,W1,B1,USD,\"1,500.00\",15%,12,2020-01-15\nWING,W2,B2,USD,\"2,000.00\",16%,12,2020-02-10\n"
            "BOOST,X1,B3,USD,\"1,200.00\",14%,12,2020-01-20\nBOOST,X2,B4,USD,800.00,15%,6,2020-03-05\n" +
                std::string(with_riel_loan ? "WING,WK1,B4,KHR,\"4,000,000\",16%,12,2020-04-01\n" : ""))},
      {ledger::CsvKind::disbursements,
       file("disbursements.csv",
            "bank,loan,ref,date,amount\nWING,W1,D-W1,2020-01-15,\"1,500.00\"\nWING,W2,D-W2,2020-02-10,\"2,000.00\"\n"
            "BOOST,X1,D-X1,2020-01-20,\"1,200.00\"\nBOOST,X2,D-X2,2020-03-05,800.00\n" +
                std::string(with_riel_loan ? "WING,WK1,D-WK1,2020-04-01,\"4,000,000\"\n" : ""))},
      {ledger::CsvKind::repayments,
       file("repayments.csv",
            "bank,loan,ref,date,amount\nWING,W1,R-W1-1,2020-02-15,140.00\nWING,W1,R-W1-2,2020-03-15,140.00\n"
            "BOOST,X1,R-X1-1,2020-02-20,110.00\nBOOST,X1,R-X1-2,2020-03-20,110.00\nBOOST,X1,R-X1-3,2020-04-20,110.00\n"
            "BOOST,X2,R-X2-1,2020-04-05,140.00\n")},
      {ledger::CsvKind::events,
       file("events.csv",
            "date,kind,ref,bank,loan,amount\n2019-12-01,capital_in,CAP-1,,,\"50,000.00\"\n"
            "2020-08-20,claim,CL-W2,WING,W2,\n2020-10-01,recovery,RC-W2,WING,W2,300.00\n")},
  };
  ledger::import_files(db, files, {});
  return db;
}

}  // namespace gfund::testing
