#include "engine/portfolio/book.hpp"

#include <array>
#include <charconv>
#include <fstream>
#include <ostream>
#include <sstream>

#include <fmt/format.h>

#include "engine/portfolio/csv.hpp"
#include "models/errors.hpp"
#include "models/money.hpp"

namespace gfund {
namespace {

constexpr std::array<std::string_view, 13> kRequired{
    "loan", "bank", "association", "agreement", "sector", "province", "registration", "currency",
    "outstanding", "annual_rate", "remaining_months", "schedule", "days_past_due"};
constexpr std::array<std::string_view, 2> kOptional{"pd", "lgd"};

int parse_int(std::string_view v, int lo, int hi, const char* what) {
  int x = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec != std::errc() || p != v.data() + v.size()) throw DataError(fmt::format("'{}' is not a whole number", v));
  if (x < lo || x > hi) throw DataError(fmt::format("{} must be in {}..{} {}", x, lo, hi, what));
  return x;
}

double parse_prob(std::string_view v, bool allow_zero_one) {
  Ratio r = parse_ratio(v);
  double p = r.to_double();
  if (allow_zero_one ? (p < 0 || p > 1) : (p <= 0 || p >= 1))
    throw DataError(fmt::format("'{}' must be a probability in {}", v, allow_zero_one ? "[0, 1]" : "(0, 1)"));
  return p;
}

Book from_table(const CsvTable& t) {
  Book book;
  book.loans.reserve(t.rows().size());
  for (const auto& row : t.rows()) {
    std::string_view field;
    // Text as write_book_csv wrote it: formula escapes removed.
    const auto text = [&](bool required) {
      return std::string(unescape_csv_formula(required ? t.require(row, field) : t.get(row, field)));
    };
    try {
      BookLoan b;
      field = "loan"; b.loan = text(true); check_id(b.loan, "loan");
      field = "bank"; b.bank = text(true); check_id(b.bank, "bank");
      field = "association"; b.association = text(false);
      field = "agreement"; b.agreement = text(false);
      field = "sector"; b.sector = text(true);
      field = "province"; b.province = text(true);
      field = "registration"; b.registration = parse_registration(t.require(row, field));
      field = "currency"; b.currency = currency_from_code(t.require(row, field));
      field = "outstanding"; b.outstanding_minor = parse_minor(t.require(row, field), b.currency);
      if (b.outstanding_minor < 0) throw DataError("must be >= 0");
      field = "annual_rate"; b.annual_rate = parse_ratio(t.require(row, field));
      if (b.annual_rate.ppm < 0 || b.annual_rate.ppm > Ratio::kOne) throw DataError("must be in 0..100%");
      field = "remaining_months"; b.remaining_months = parse_int(t.require(row, field), 1, kTermMonthsMax, "months");
      field = "schedule"; b.schedule = parse_schedule_type(t.require(row, field));
      field = "days_past_due"; b.days_past_due = parse_int(t.require(row, field), 0, 100000, "days");
      field = "pd"; if (auto v = t.get(row, field); !v.empty()) b.pd_annual = parse_prob(v, false);
      field = "lgd"; if (auto v = t.get(row, field); !v.empty()) b.lgd = parse_prob(v, true);
      book.loans.push_back(std::move(b));
    } catch (Error& e) {
      e.locate(ErrorSite{t.file(), row.line, std::string(field)});
      throw;
    }
  }
  return book;
}

}  // namespace

Book parse_book_csv(std::string_view text, const std::string& file_name) {
  return from_table(CsvTable::parse(text, file_name, kRequired, kOptional));
}

Book read_book_csv(const std::string& path) { return from_table(CsvTable::read(path, kRequired, kOptional)); }

void write_book_csv(const Book& book, std::ostream& out) {
  std::vector<std::string> f(kRequired.begin(), kRequired.end());
  f.emplace_back("pd");
  f.emplace_back("lgd");
  write_csv_row(out, f);
  for (const auto& b : book.loans) {
    // Text cells are defused (a sector "=1+2"); from_table reverses it.
    f = {escape_csv_formula(b.loan), escape_csv_formula(b.bank), escape_csv_formula(b.association),
         escape_csv_formula(b.agreement), escape_csv_formula(b.sector), escape_csv_formula(b.province),
         std::string(to_string(b.registration)),
         std::string(b.currency.code_view()), format_plain(Money(b.currency, b.outstanding_minor)),
         to_string(b.annual_rate.to_decimal(), 6), std::to_string(b.remaining_months),
         std::string(to_string(b.schedule)), std::to_string(b.days_past_due),
         b.pd_annual ? fmt::format("{:.6g}", *b.pd_annual) : "", b.lgd ? fmt::format("{:.6g}", *b.lgd) : ""};
    write_csv_row(out, f);
  }
}

}  // namespace gfund
