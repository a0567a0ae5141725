#include "models/entities.hpp"

#include <cctype>

#include <fmt/format.h>

#include "models/errors.hpp"
#include "models/text.hpp"

namespace gfund {
namespace {
[[noreturn]] void bad(const char* field, std::string rule) { throw DataError(std::move(rule), ErrorSite{{}, 0, field}); }
}  // namespace

void check_id(const std::string& id, const char* field) {
  if (id.empty() || id.size() > kIdBytesMax)
    bad(field, fmt::format("'{}' must be 1..{} characters", id.substr(0, kIdBytesMax), kIdBytesMax));
  for (unsigned char c : id)
    if (!(std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/' || c == ':' || c == '#'))
      bad(field, fmt::format("'{}' may hold only letters, digits and - _ . / : #", id));
}

Bank::Bank(BankData d) : BankData(std::move(d)) {
  check_id(id, "bank");
  check_text(name, "name", kNameBytesMax);
  if (name.empty()) name = id;
}

Association::Association(AssociationData d) : AssociationData(std::move(d)) {
  check_id(id, "association");
  check_text(name, "name", kNameBytesMax);
  if (name.empty()) name = id;
}

Registration parse_registration(std::string_view text) {
  if (text == "formal" || text == "registered") return Registration::formal;
  if (text == "informal" || text == "unregistered") return Registration::informal;
  throw DataError(fmt::format("'{}' must be formal or informal", text));
}
std::string_view to_string(Registration r) { return r == Registration::formal ? "formal" : "informal"; }

Gender parse_gender(std::string_view text) {
  if (text == "female" || text == "f" || text == "F") return Gender::female;
  if (text == "male" || text == "m" || text == "M") return Gender::male;
  if (text == "other") return Gender::other;
  throw DataError(fmt::format("'{}' must be female, male or other (or empty: not recorded)", text));
}

std::string_view to_string(Gender g) {
  switch (g) {
    case Gender::female: return "female";
    case Gender::male: return "male";
    case Gender::other: return "other";
  }
  return "other";
}

bool parse_yes_no(std::string_view text) {
  if (text == "yes" || text == "true" || text == "1") return true;
  if (text == "no" || text == "false" || text == "0") return false;
  throw DataError(fmt::format("'{}' must be yes or no (or empty: not recorded)", text));
}

Borrower::Borrower(BorrowerData d) : BorrowerData(std::move(d)) {
  check_id(id, "borrower");
  if (sector.empty()) bad("sector", "must not be empty");
  if (province.empty()) bad("province", "must not be empty");
  check_text(sector, "sector", kLabelBytesMax);
  check_text(province, "province", kLabelBytesMax);
  if (birth_year < 1940 || birth_year > 2015) bad("birth_year", fmt::format("{} must be in 1940..2015", birth_year));
  if (!association.empty()) check_id(association, "association");
}

Loan::Loan(LoanData d) : LoanData(std::move(d)) {
  check_id(ref, "loan");
  check_id(bank, "bank");
  check_id(borrower, "borrower");
  if (!principal.is_positive()) bad("principal", "must be > 0");
  if (principal.minor() % principal.currency().cash_unit_minor != 0)
    bad("principal", fmt::format("{} is not a multiple of the {} cash unit", format_money(principal),
                                 principal.currency().code_view()));
  if (annual_rate.ppm < 0 || annual_rate.ppm > Ratio::kOne) bad("annual_rate", "must be in 0..100% a year");
  if (term_months < 1 || term_months > kTermMonthsMax)
    bad("term_months", fmt::format("{} must be in 1..{}", term_months, kTermMonthsMax));
  if (grace_months < 0 || grace_months >= term_months)
    bad("grace_months", fmt::format("{} must be in 0..term_months-1 ({})", grace_months, term_months - 1));
  if ((grace == GraceKind::none) != (grace_months == 0))
    bad("grace_months", "must be 0 exactly when grace is none");
  if (!disbursed.ok()) bad("disbursed", "must be a valid date");
  if (first_due.ok() && to_days(first_due) <= to_days(disbursed))
    bad("first_due", "must be after the disbursement date");
}

Date Loan::first_due_date() const { return first_due.ok() ? first_due : add_months(disbursed, 1); }

Fund::Fund(FundData d) : FundData(std::move(d)) {
  check_id(id, "fund");
  if (!(capital.currency() == currency)) bad("capital", "must be in the fund's currency");
  if (capital.is_negative()) bad("capital", "must be >= 0");
}

}  // namespace gfund
