#pragma once
// `gfund import`: CSV files as banks send them (header row, quoted fields,
// CRLF, BOM, thousands separators in amounts), all files of one command in
// one transaction, fed to the Writer in dependency order (banks,
// associations, borrowers, agreements, loans, disbursements, repayments,
// events). The kind of a file is named by --kind or found in its file name.
//
// Columns (header names case-insensitive; [optional]):
//   banks:         id,name
//   associations:  id,name
//   borrowers:     id,sector,province,registration,birth_year[,association][,gender][,first_time_borrower]
//   agreements:    see engine/portfolio/agreements_csv.hpp
//   loans:         bank,loan,borrower,currency,principal,annual_rate,term_months,disbursed
//                  [,schedule,grace,grace_months,first_due,agreement]
//   disbursements: bank,loan,ref,date,amount[,currency]
//   repayments:    bank,loan,ref,date,amount[,currency,kind]   kind: repayment (default), penalty, fee
//   events:        date,kind,ref,[bank,loan,amount,currency,annual_rate,term_months,schedule]
//                  kind: write_off, restructure, claim, claim_settlement, recovery, guarantee_fee, capital_in,
//                        capital_out (claim_settlement: amount optional, default the whole claim balance due)
//   fx_rates:      date,currency,per_fund_unit   major units of currency per fund major unit, from date on
#include <string>
#include <vector>

#include "engine/ledger/writer.hpp"

namespace gfund::ledger {

enum class CsvKind { banks, associations, borrowers, agreements, loans, disbursements, repayments, events, fx_rates };
std::string_view to_string(CsvKind k);
CsvKind parse_csv_kind(std::string_view s);  // UsageError if unknown
// The kind named in a file name ("synthetic_loans.csv" -> loans); UsageError if none.
CsvKind csv_kind_from_name(const std::string& path);

struct ImportFile {
  CsvKind kind;
  std::string path;
};

// Imports the files into the ledger in one transaction.
WriteReport import_files(const std::string& db_path, std::vector<ImportFile> files, const WriteOptions& options);

}  // namespace gfund::ledger
