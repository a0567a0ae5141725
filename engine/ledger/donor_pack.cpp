#include "engine/ledger/donor_pack.hpp"

#include <array>
#include <map>
#include <set>
#include <utility>

#include "engine/ledger/fund_account.hpp"
#include "engine/ledger/ledger_data.hpp"
#include "engine/ledger/loan_outcomes.hpp"

namespace gfund::ledger {
namespace {

// The dimensions and their groups, in the order a donor reads them.
struct Dimension {
  const char* name;
  std::vector<const char*> groups;
};
const std::array<Dimension, 5>& dimensions() {
  static const std::array<Dimension, 5> d{{
      {"Gender", {"female", "male", "other", "not recorded"}},
      {"Age at first loan", {"under 25", "25 to 30", "31 to 35", "over 35"}},
      {"First-time borrower", {"yes", "no", "not recorded"}},
      {"Business", {"registered", "informal"}},
      {"Association member", {"member", "not a member"}},
  }};
  return d;
}

int age_at_first_loan(const LoanOutcome& o) { return static_cast<int>(o.disbursed.year()) - o.birth_year; }

// The group index of a loan in each dimension (same order as dimensions()).
std::array<int, 5> groups_of(const LoanOutcome& o) {
  const int age = age_at_first_loan(o);
  return {o.gender ? static_cast<int>(*o.gender) : 3,
          age < 25 ? 0 : age <= kYouthAgeMax ? 1 : age <= 35 ? 2 : 3,
          o.first_time ? (*o.first_time ? 0 : 1) : 2,
          o.registration == Registration::formal ? 0 : 1,
          o.association.empty() ? 1 : 0};
}

struct Acc {
  std::int64_t loans = 0;
  std::map<std::string, std::int64_t> principal_minor;  // by currency code
  std::set<std::string> borrowers;
};

std::vector<Currency> currencies_lent(const Currency& fund, const std::vector<LoanOutcome>& outcomes) {
  std::map<std::string, Currency> others;
  for (const auto& o : outcomes)
    if (!(o.currency == fund)) others.emplace(std::string(o.currency.code_view()), o.currency);
  std::vector<Currency> out{fund};
  for (const auto& [code, c] : others) out.push_back(c);
  return out;
}

void add_outreach(DonorPack& p, const std::vector<LoanOutcome>& outcomes) {
  std::map<std::pair<int, int>, Acc> acc;
  for (const auto& o : outcomes) {
    const auto g = groups_of(o);
    for (int d = 0; d < 5; ++d) {
      Acc& a = acc[{d, g[static_cast<std::size_t>(d)]}];
      ++a.loans;
      a.principal_minor[std::string(o.currency.code_view())] += o.principal_minor;
      a.borrowers.insert(o.borrower);
    }
    p.women_loans += g[0] == 0;
    p.youth_loans += age_at_first_loan(o) <= kYouthAgeMax;
    p.first_time_loans += g[2] == 0;
  }
  p.currencies = currencies_lent(p.currency, outcomes);
  for (const auto& [key, a] : acc) {
    const auto& dim = dimensions()[static_cast<std::size_t>(key.first)];
    OutreachRow row{.dimension = dim.name,
                    .group = dim.groups[static_cast<std::size_t>(key.second)],
                    .loans = a.loans,
                    .borrowers = static_cast<std::int64_t>(a.borrowers.size()),
                    .principal = {}};
    for (const auto& c : p.currencies) {
      auto it = a.principal_minor.find(std::string(c.code_view()));
      row.principal.emplace_back(c, it == a.principal_minor.end() ? 0 : it->second);
    }
    p.outreach.push_back(std::move(row));
  }
}

void add_cohorts(DonorPack& p, const std::vector<LoanOutcome>& outcomes) {
  std::map<int, CohortRow> by_year;
  for (const auto& o : outcomes) {
    CohortRow& c = by_year[static_cast<int>(o.disbursed.year())];
    c.year = static_cast<int>(o.disbursed.year());
    ++c.loans;
    c.defaulted += o.defaulted;
  }
  for (const auto& [y, c] : by_year) p.cohorts.push_back(c);
}

}  // namespace

DonorPack donor_pack(const LedgerData& data, const Date& as_of) {
  DonorPack p;
  p.as_of = as_of;
  p.currency = data.fund_currency;
  const FundAccount f = fund_account(data, as_of);
  p.net_capital_minor = f.capital_in_minor - f.capital_out_minor;
  p.fees_in_minor = f.fees_in_minor;
  p.claims_paid_minor = f.claims_paid_minor;
  p.claims_owed_minor = f.claims_paid_minor + f.claims_due_minor;
  p.recoveries_minor = f.recoveries_minor;
  for (const auto& [id, t] : agreement_totals(data, as_of)) p.guaranteed_lending_minor += t.enrolled_minor;
  const std::vector<LoanOutcome> outcomes = loan_outcomes(data, as_of);
  std::set<std::string> borrowers;
  for (const auto& o : outcomes) borrowers.insert(o.borrower);
  p.loans = static_cast<std::int64_t>(outcomes.size());
  p.borrowers = static_cast<std::int64_t>(borrowers.size());
  add_outreach(p, outcomes);
  add_cohorts(p, outcomes);
  return p;
}

DonorPack read_donor_pack(const std::string& db_path, const Date& as_of) {
  return donor_pack(read_ledger_file(db_path), as_of);
}

}  // namespace gfund::ledger
