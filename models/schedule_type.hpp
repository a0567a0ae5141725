#pragma once
#include <string_view>

namespace gfund {

// How a loan amortises (models/schedule.hpp builds the installments).
enum class ScheduleType {
  annuity,          // equal installments on the declining balance
  equal_principal,  // same principal each month, interest on the declining balance
  flat,             // interest on the original principal every month (common in Cambodia)
  balloon,          // interest monthly, all principal at the end
};
// Months at the start when no principal is due.
enum class GraceKind {
  none,
  interest_only,  // interest is paid, principal waits
  full,           // nothing is paid; interest is capitalised into the balance
};

ScheduleType parse_schedule_type(std::string_view text);  // "annuity", "equal_principal", "flat", "balloon"
std::string_view to_string(ScheduleType t);
GraceKind parse_grace_kind(std::string_view text);  // "none", "interest_only", "full"
std::string_view to_string(GraceKind g);

}  // namespace gfund
