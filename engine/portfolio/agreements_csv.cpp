#include "engine/portfolio/agreements_csv.hpp"

#include <array>
#include <charconv>

#include <fmt/format.h>

#include "models/errors.hpp"

namespace gfund {
namespace {

constexpr std::array<std::string_view, 5> kRequired{"id", "bank", "currency", "coverage", "structure"};
constexpr std::array<std::string_view, 12> kOptional{
    "association", "per_loan_cap", "portfolio_cap", "portfolio_cap_rate", "claim_trigger_dpd", "lock_in_months",
    "payout_at_claim", "annual_fee", "fee_surcharge_informal", "fee_payer", "available_from", "available_to"};

int parse_int(std::string_view v) {
  int x = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec != std::errc() || p != v.data() + v.size()) throw DataError(fmt::format("'{}' is not a whole number", v));
  return x;
}

}  // namespace

std::span<const std::string_view> agreement_required_columns() { return kRequired; }
std::span<const std::string_view> agreement_optional_columns() { return kOptional; }

std::vector<Agreement> agreements_from_csv(const CsvTable& t) {
  std::vector<Agreement> out;
  for (const auto& row : t.rows()) {
    std::string field;
    try {
      AgreementData a;
      GuaranteeTermsData g;
      field = "id"; a.id = t.require(row, field);
      field = "bank"; a.bank = t.require(row, field);
      field = "currency"; a.currency = currency_from_code(t.require(row, field));
      field = "coverage"; g.coverage = parse_ratio(t.require(row, field));
      field = "structure"; g.structure = parse_structure(t.require(row, field));
      field = "association"; g.association = t.get(row, field);
      field = "per_loan_cap"; if (auto v = t.get(row, field); !v.empty()) g.per_loan_cap = Money(a.currency, parse_minor(v, a.currency));
      field = "portfolio_cap"; if (auto v = t.get(row, field); !v.empty()) g.portfolio_cap = Money(a.currency, parse_minor(v, a.currency));
      field = "portfolio_cap_rate"; if (auto v = t.get(row, field); !v.empty()) g.portfolio_cap_rate = parse_ratio(v);
      field = "claim_trigger_dpd"; if (auto v = t.get(row, field); !v.empty()) g.claim_trigger_dpd = parse_int(v);
      field = "lock_in_months"; if (auto v = t.get(row, field); !v.empty()) g.lock_in_months = parse_int(v);
      field = "payout_at_claim"; if (auto v = t.get(row, field); !v.empty()) g.payout_at_claim = parse_ratio(v);
      field = "annual_fee"; if (auto v = t.get(row, field); !v.empty()) g.annual_fee = parse_ratio(v);
      field = "fee_surcharge_informal"; if (auto v = t.get(row, field); !v.empty()) g.fee_surcharge_informal = parse_ratio(v);
      field = "fee_payer"; if (auto v = t.get(row, field); !v.empty()) g.fee_payer = parse_fee_payer(v);
      field = "available_from"; if (auto v = t.get(row, field); !v.empty()) g.available_from = parse_date(v);
      field = "available_to"; if (auto v = t.get(row, field); !v.empty()) g.available_to = parse_date(v);
      field.clear();
      a.terms = GuaranteeTerms(std::move(g));
      out.emplace_back(std::move(a));
    } catch (Error& e) {
      e.locate(ErrorSite{t.file(), row.line, field});
      throw;
    }
  }
  return out;
}

std::vector<Agreement> read_agreements_csv(const std::string& path) {
  return agreements_from_csv(CsvTable::read(path, kRequired, kOptional));
}

}  // namespace gfund
