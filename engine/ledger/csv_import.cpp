#include "engine/ledger/csv_import.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>

#include <fmt/format.h>

#include "engine/portfolio/agreements_csv.hpp"
#include "engine/portfolio/csv.hpp"

namespace gfund::ledger {
namespace {

using Cols = std::vector<std::string_view>;

constexpr std::array<std::string_view, 9> kKindNames{"banks",     "associations",  "borrowers",  "agreements", "loans",
                                                      "disbursements", "repayments", "events", "fx_rates"};

int parse_int(std::string_view v) {
  int x = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec != std::errc() || p != v.data() + v.size()) throw DataError(fmt::format("'{}' is not a whole number", v));
  return x;
}

// The writer the rows go to, and how many of them have been fed (progress).
struct Feed {
  Writer& w;
  const WriteProgress& progress;
  std::uint64_t done = 0, total = 0;
  void row_done() {
    if (progress && (++done % kWriteProgressStep == 0 || done == total)) progress(WriteStage::checking, done, total);
  }
};

// Runs `fn` with the current field name tracked, locating any error.
template <class Fn>
void at_row(Feed& feed, const CsvTable& t, const CsvRow& row, Fn fn) {
  feed.row_done();
  std::string field;
  try {
    fn(field);
  } catch (Error& e) {
    e.locate(ErrorSite{t.file(), row.line, field});
    throw;
  }
}

void import_banks(Feed& feed, const CsvTable& t) {
  Writer& w = feed.w;
  for (const auto& r : t.rows())
    at_row(feed, t, r, [&](std::string& f) {
      BankData b;
      f = "id"; b.id = t.require(r, f);
      f = "name"; b.name = t.require(r, f);
      f.clear();
      w.add_bank(b, ErrorSite{t.file(), r.line, ""});
    });
}

void import_associations(Feed& feed, const CsvTable& t) {
  Writer& w = feed.w;
  for (const auto& r : t.rows())
    at_row(feed, t, r, [&](std::string& f) {
      AssociationData a;
      f = "id"; a.id = t.require(r, f);
      f = "name"; a.name = t.require(r, f);
      f.clear();
      w.add_association(a, ErrorSite{t.file(), r.line, ""});
    });
}

void import_borrowers(Feed& feed, const CsvTable& t) {
  Writer& w = feed.w;
  for (const auto& r : t.rows())
    at_row(feed, t, r, [&](std::string& f) {
      BorrowerData b;
      f = "id"; b.id = t.require(r, f);
      f = "sector"; b.sector = t.require(r, f);
      f = "province"; b.province = t.require(r, f);
      f = "registration"; b.registration = parse_registration(t.require(r, f));
      f = "birth_year"; b.birth_year = parse_int(t.require(r, f));
      f = "association"; b.association = t.get(r, f);
      f = "gender"; if (auto v = t.get(r, f); !v.empty()) b.gender = parse_gender(v);
      f = "first_time_borrower"; if (auto v = t.get(r, f); !v.empty()) b.first_time = parse_yes_no(v);
      f.clear();
      w.add_borrower(b, ErrorSite{t.file(), r.line, ""});
    });
}

void import_loans(Feed& feed, const CsvTable& t) {
  Writer& w = feed.w;
  for (const auto& r : t.rows())
    at_row(feed, t, r, [&](std::string& f) {
      LoanInput in;
      LoanData& l = in.loan;
      f = "bank"; l.bank = t.require(r, f);
      f = "loan"; l.ref = t.require(r, f);
      f = "borrower"; l.borrower = t.require(r, f);
      f = "currency"; Currency c = currency_from_code(t.require(r, f));
      f = "principal"; l.principal = parse_money(t.require(r, f), c);
      f = "annual_rate"; l.annual_rate = parse_ratio(t.require(r, f));
      f = "term_months"; l.term_months = parse_int(t.require(r, f));
      f = "disbursed"; l.disbursed = parse_date(t.require(r, f));
      f = "schedule"; if (auto v = t.get(r, f); !v.empty()) l.schedule = parse_schedule_type(v);
      f = "grace"; if (auto v = t.get(r, f); !v.empty()) l.grace = parse_grace_kind(v);
      f = "grace_months"; if (auto v = t.get(r, f); !v.empty()) l.grace_months = parse_int(v);
      f = "first_due"; if (auto v = t.get(r, f); !v.empty()) l.first_due = parse_date(v);
      f = "agreement"; in.agreement = t.get(r, f);
      f.clear();
      in.site = ErrorSite{t.file(), r.line, ""};
      w.add_loan(in);
    });
}

void import_events(Feed& feed, const CsvTable& t, const char* fixed_kind) {
  Writer& w = feed.w;
  for (const auto& r : t.rows())
    at_row(feed, t, r, [&](std::string& f) {
      EventInput e;
      f = "kind";
      if (fixed_kind) {
        e.kind = fixed_kind;
        if (auto v = t.get(r, f); !v.empty()) e.kind = v;
        if (std::string_view(fixed_kind) == "repayment" && e.kind != "repayment" && e.kind != "penalty" &&
            e.kind != "fee")
          throw DataError(fmt::format("'{}' is not repayment, penalty or fee", e.kind));
      } else {
        e.kind = t.require(r, f);
      }
      f = "bank"; e.bank = t.get(r, f);
      f = "loan"; e.loan = t.get(r, f);
      f = "ref"; e.ref = t.require(r, f);
      f = "date"; e.date = parse_date(t.require(r, f));
      f = "amount"; e.amount = t.get(r, f);
      f = "currency"; e.currency = t.get(r, f);
      f = "annual_rate"; if (auto v = t.get(r, f); !v.empty()) e.annual_rate = parse_ratio(v);
      f = "term_months"; if (auto v = t.get(r, f); !v.empty()) e.term_months = parse_int(v);
      f = "schedule"; if (auto v = t.get(r, f); !v.empty()) e.schedule = parse_schedule_type(v);
      f.clear();
      e.site = ErrorSite{t.file(), r.line, ""};
      w.add_event(e);
    });
}

void import_fx_rates(Feed& feed, const CsvTable& t) {
  Writer& w = feed.w;
  for (const auto& r : t.rows())
    at_row(feed, t, r, [&](std::string& f) {
      FxRateInput x;
      f = "date"; x.date = parse_date(t.require(r, f));
      f = "currency"; x.currency = t.require(r, f);
      f = "per_fund_unit"; x.per_fund_unit = t.require(r, f);
      f.clear();
      w.add_fx_rate(x, ErrorSite{t.file(), r.line, ""});
    });
}

CsvTable read_table(const ImportFile& f) {
  static const Cols banks_req{"id", "name"};
  static const Cols borrowers_req{"id", "sector", "province", "registration", "birth_year"};
  static const Cols borrowers_opt{"association", "gender", "first_time_borrower"};
  static const Cols loans_req{"bank", "loan", "borrower", "currency", "principal", "annual_rate", "term_months",
                              "disbursed"};
  static const Cols loans_opt{"schedule", "grace", "grace_months", "first_due", "agreement"};
  static const Cols disb_req{"bank", "loan", "ref", "date", "amount"};
  static const Cols disb_opt{"currency"};
  static const Cols rep_opt{"currency", "kind"};
  static const Cols ev_req{"date", "kind", "ref"};
  static const Cols ev_opt{"bank", "loan", "amount", "currency", "annual_rate", "term_months", "schedule"};
  static const Cols fx_req{"date", "currency", "per_fund_unit"};
  switch (f.kind) {
    case CsvKind::banks:
    case CsvKind::associations: return CsvTable::read(f.path, banks_req);
    case CsvKind::borrowers: return CsvTable::read(f.path, borrowers_req, borrowers_opt);
    case CsvKind::agreements:
      return CsvTable::read(f.path, agreement_required_columns(), agreement_optional_columns());
    case CsvKind::loans: return CsvTable::read(f.path, loans_req, loans_opt);
    case CsvKind::disbursements: return CsvTable::read(f.path, disb_req, disb_opt);
    case CsvKind::repayments: return CsvTable::read(f.path, disb_req, rep_opt);
    case CsvKind::events: return CsvTable::read(f.path, ev_req, ev_opt);
    case CsvKind::fx_rates: return CsvTable::read(f.path, fx_req);
  }
  GFUND_ASSERT(false);
}

}  // namespace

std::string_view to_string(CsvKind k) { return kKindNames[static_cast<std::size_t>(k)]; }

CsvKind parse_csv_kind(std::string_view s) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i)
    if (kKindNames[i] == s) return static_cast<CsvKind>(i);
  throw UsageError(fmt::format("unknown import kind '{}' (banks, associations, borrowers, agreements, loans, "
                               "disbursements, repayments, events, fx_rates)",
                               s));
}

CsvKind csv_kind_from_name(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  // Longer names first: "loans" must not win over "disbursements" etc.
  for (std::string_view k : {"fx_rates", "disbursements", "repayments", "associations", "agreements", "borrowers",
                             "events", "banks", "loans"})
    if (stem.find(k) != std::string::npos) return parse_csv_kind(k);
  throw UsageError(fmt::format("{}: cannot tell what the file holds from its name; give --kind", path));
}

WriteReport import_files(const std::string& db_path, std::vector<ImportFile> files, const WriteOptions& options) {
  if (files.empty()) throw UsageError("no files to import");
  // Parse every file before taking the write lock: bad CSV fails fast and
  // the lock is held only while rows are checked and written.
  std::stable_sort(files.begin(), files.end(), [](const ImportFile& a, const ImportFile& b) { return a.kind < b.kind; });
  std::vector<CsvTable> tables;
  tables.reserve(files.size());
  for (const auto& f : files) tables.push_back(read_table(f));
  Writer w(db_path, options);
  Feed feed{w, options.progress};
  for (const auto& t : tables) feed.total += t.rows().size();
  for (std::size_t i = 0; i < files.size(); ++i) {
    const CsvTable& t = tables[i];
    switch (files[i].kind) {
      case CsvKind::banks: import_banks(feed, t); break;
      case CsvKind::associations: import_associations(feed, t); break;
      case CsvKind::borrowers: import_borrowers(feed, t); break;
      case CsvKind::agreements:
      {
        auto agreements = agreements_from_csv(t);  // one per row, in row order
        for (std::size_t r = 0; r < agreements.size(); ++r) {
          feed.row_done();
          w.add_agreement(agreements[r], ErrorSite{t.file(), t.rows()[r].line, ""});
        }
        break;
      }
      case CsvKind::loans: import_loans(feed, t); break;
      case CsvKind::disbursements: import_events(feed, t, "disbursement"); break;
      case CsvKind::repayments: import_events(feed, t, "repayment"); break;
      case CsvKind::events: import_events(feed, t, nullptr); break;
      case CsvKind::fx_rates: import_fx_rates(feed, t); break;
    }
  }
  return w.finish();
}

}  // namespace gfund::ledger
