#include "engine/bridge/ledger_inputs.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "engine/ledger/ledger_book.hpp"
#include "models/errors.hpp"

namespace gfund::bridge {

namespace {
std::int64_t value_or_zero(const std::map<std::string, std::int64_t>& m, const std::string& key) {
  const auto it = m.find(key);
  return it == m.end() ? 0 : it->second;
}
}  // namespace

LedgerInputs ledger_inputs(const std::string& db_path, const Date& as_of) {
  ledger::LedgerBook lb = ledger::read_ledger_book(db_path, as_of);
  LedgerInputs in;
  in.book = std::move(lb.book);
  in.book.as_of = as_of;
  in.agreements = std::move(lb.agreements);
  in.fund_currency = lb.fund_currency;
  in.enrolled_minor = std::move(lb.enrolled_minor);
  // Staged claims: what the fund still owes on earlier claims counts against
  // each agreement's cap and is not free to pay new ones (the ledger's
  // available capital, FundAccount::available_minor).
  in.claims_counted_minor = std::move(lb.claims_paid_minor);
  for (const auto& [agreement, due] : lb.claims_due_minor) in.claims_counted_minor[agreement] += due;
  in.capital_available_minor = lb.fund_available_minor;
  in.source = fmt::format("{} as of {}", db_path, format_date(as_of));
  return in;
}

risk::FundInputs fund_inputs(const LedgerInputs& in) {
  risk::FundInputs f;
  f.currency = in.fund_currency;
  f.capital_minor = in.capital_available_minor;
  f.claims_paid_minor = in.claims_counted_minor;
  f.enrolled_minor = in.enrolled_minor;
  return f;
}

std::vector<std::int64_t> claims_counted_by_agreement(const LedgerInputs& in) {
  std::vector<std::int64_t> out;
  for (const auto& a : in.agreements) out.push_back(value_or_zero(in.claims_counted_minor, a.id));
  return out;
}

std::vector<std::int64_t> enrolled_by_agreement(const LedgerInputs& in) {
  std::vector<std::int64_t> out;
  for (const auto& a : in.agreements) {
    // The ledger pays claims in the fund's currency only (Writer::add_agreement).
    GFUND_ASSERT(a.currency == in.fund_currency);
    out.push_back(value_or_zero(in.enrolled_minor, a.id));
  }
  return out;
}

}  // namespace gfund::bridge
