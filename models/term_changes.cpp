#include "models/term_changes.hpp"

#include <charconv>

#include <fmt/format.h>

#include "models/errors.hpp"

namespace gfund {

namespace {

constexpr TermField kFields[] = {
    {"coverage", "share of a covered loss the fund pays, (0, 1]"},
    {"structure", "pari_passu or first_loss"},
    {"per_loan_cap", "most paid on one loan, major units, or none"},
    {"portfolio_cap", "most paid on all the agreement's loans, major units, or none"},
    {"portfolio_cap_rate", "the same cap as a share of enrolled volume, (0, 1], or none"},
    {"fee", "guarantee fee per year on guaranteed outstanding, [0, 0.2]"},
    {"lock_in_months", "months after the agreement starts with no claims, 0..60"},
    {"payout_at_claim", "share of a claim paid at claim, (0, 1]; the rest when recovery ends"},
};

int parse_months(std::string_view v) {
  int n = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || end != v.data() + v.size()) throw DataError(fmt::format("'{}' must be a whole number of months", v));
  return n;
}

std::optional<Money> cap_amount(std::string_view v, const Currency& c) {
  if (v == "none") return std::nullopt;
  return parse_money(v, c);
}

// Applies one change to the plain data; no validation beyond parsing.
void apply(GuaranteeTermsData& d, std::string_view name, std::string_view v, const Currency& c) {
  if (name == "coverage") d.coverage = parse_ratio(v);
  else if (name == "structure") d.structure = parse_structure(v);
  else if (name == "per_loan_cap") d.per_loan_cap = cap_amount(v, d.per_loan_cap ? d.per_loan_cap->currency() : c);
  else if (name == "portfolio_cap") {
    d.portfolio_cap = cap_amount(v, d.portfolio_cap ? d.portfolio_cap->currency() : c);
    if (d.portfolio_cap) d.portfolio_cap_rate.reset();
  } else if (name == "portfolio_cap_rate") {
    d.portfolio_cap_rate = v == "none" ? std::nullopt : std::optional<Ratio>(parse_ratio(v));
    if (d.portfolio_cap_rate) d.portfolio_cap.reset();
  } else if (name == "fee") d.annual_fee = parse_ratio(v);
  else if (name == "lock_in_months") d.lock_in_months = parse_months(v);
  else if (name == "payout_at_claim") d.payout_at_claim = parse_ratio(v);
  else {
    std::string known;
    for (const auto& f : kFields) known += (known.empty() ? "" : ", ") + std::string(f.name);
    throw DataError(fmt::format("unknown term; known: {}", known));
  }
}

// The constructor names its own member; the user typed the term's name.
std::string typed_name(const std::string& member, const TermChanges& changes) {
  const std::string alias = member == "annual_fee" ? "fee" : member;
  for (const auto& [name, value] : changes)
    if (name == alias) return name;
  return alias;
}

}  // namespace

std::span<const TermField> term_fields() { return kFields; }

bool is_term_field(std::string_view name) {
  for (const auto& f : kFields)
    if (f.name == name) return true;
  return false;
}

GuaranteeTerms with_term_changes(const GuaranteeTerms& current, const TermChanges& changes, const Currency& currency) {
  GuaranteeTermsData d = current;
  for (const auto& [name, value] : changes) {
    try {
      apply(d, name, value, currency);
    } catch (Error& e) {
      throw DataError(e.rule(), {.field = name});
    }
  }
  try {
    return GuaranteeTerms(std::move(d));
  } catch (Error& e) {
    throw DataError(e.rule(), {.field = typed_name(e.site().field, changes)});
  }
}

TermChanges parse_term_changes(std::string_view text) {
  TermChanges out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view piece = text.substr(0, comma);
    const auto eq = piece.find('=');
    if (eq == std::string_view::npos && !out.empty()) {
      out.back().second += "," + std::string(piece);  // a thousands separator: "per_loan_cap=1,200.50"
    } else if (eq == std::string_view::npos || eq == 0) {
      throw DataError(fmt::format("'{}' must be name=value", piece), {.field = "--terms"});
    } else
      out.emplace_back(std::string(piece.substr(0, eq)), std::string(piece.substr(eq + 1)));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return out;
}

}  // namespace gfund
