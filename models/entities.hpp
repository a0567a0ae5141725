#pragma once
// The parties and contracts of a guarantee fund, as plain validated values.
// Each type is an aggregate of fields (XxxData, for designated initializers)
// wrapped by a class whose constructor checks every field and throws
// DataError naming the field and the rule. No I/O here.
#include <optional>
#include <string>

#include "models/date.hpp"
#include "models/limits.hpp"
#include "models/money.hpp"
#include "models/ratio.hpp"
#include "models/schedule_type.hpp"

namespace gfund {

// Identifiers are short codes chosen by people ("WING", "CWEA", bank loan
// refs): 1..64 chars of letters, digits and - _ . / : #
void check_id(const std::string& id, const char* field);

struct BankData {
  std::string id;    // "WING"
  std::string name;  // "Wing Bank"
};
class Bank : public BankData {
 public:
  explicit Bank(BankData d);
};

struct AssociationData {
  std::string id;    // "CWEA"
  std::string name;  // "Cambodian Women Entrepreneurs Association"
};
class Association : public AssociationData {
 public:
  explicit Association(AssociationData d);
};

enum class Registration { formal, informal };  // business registered with the state or not
Registration parse_registration(std::string_view text);  // "formal" / "informal"
std::string_view to_string(Registration r);

// The borrower's gender as the bank recorded it; the fund reports outreach to
// women from it. Optional in import: a ledger without it reports "not recorded".
enum class Gender { female, male, other };
Gender parse_gender(std::string_view text);  // "female" / "male" / "other"
std::string_view to_string(Gender g);
// A yes/no column ("first_time_borrower"): "yes" / "no" (also "true"/"false", "1"/"0").
bool parse_yes_no(std::string_view text);

struct BorrowerData {
  std::string id;           // unique per fund, e.g. "B0001"
  std::string sector;       // "food", "retail", "handicraft", "services", "street vending", ...
  std::string province;     // "Phnom Penh", "Siem Reap", ...
  Registration registration = Registration::informal;
  int birth_year = 0;       // 1940..2015
  std::string association;  // association id; empty = no association
  std::optional<Gender> gender;     // none = not recorded
  std::optional<bool> first_time;   // first loan from a formal lender; none = not recorded
};
class Borrower : public BorrowerData {
 public:
  explicit Borrower(BorrowerData d);
};

// Cambodia caps micro-loan interest at 18% a year (NBC Prakas, 2017).
inline constexpr Ratio kRateCapAnnual = Ratio::percent(18);

struct LoanData {
  std::string ref;            // the bank's own loan reference (unique per bank)
  std::string bank;           // bank id
  std::string borrower;       // borrower id
  Money principal;            // > 0, a multiple of the currency's cash unit
  Ratio annual_rate;          // nominal, per year, 0..100%
  int term_months = 12;       // 1..kTermMonthsMax, including grace months
  ScheduleType schedule = ScheduleType::annuity;
  GraceKind grace = GraceKind::none;
  int grace_months = 0;       // 0..term_months-1; 0 iff grace == none
  Date disbursed{};           // disbursement date
  Date first_due{};           // first installment due; unset (!ok()) = disbursed + 1 month
};
class Loan : public LoanData {
 public:
  explicit Loan(LoanData d);
  Date first_due_date() const;
  bool above_rate_cap() const { return annual_rate > kRateCapAnnual; }
};

struct FundData {
  std::string id;   // "GF-KH"
  Currency currency;
  Money capital;    // committed capital, >= 0, in `currency`
};
class Fund : public FundData {
 public:
  explicit Fund(FundData d);
};

}  // namespace gfund
