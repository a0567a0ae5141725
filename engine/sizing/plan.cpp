#include "engine/sizing/plan.hpp"

#include <cmath>

#include <Random123/philox.h>
#include <fmt/format.h>

#include "models/entities.hpp"
#include "models/limits.hpp"
#include "models/money.hpp"

namespace gfund::sizing {

namespace {

SizeDistribution parse_distribution(const ConfigNode& n, std::string_view key) {
  auto s = n.opt_string(key).value_or("fixed");
  if (s == "fixed") return SizeDistribution::fixed;
  if (s == "uniform") return SizeDistribution::uniform;
  if (s == "lognormal") return SizeDistribution::lognormal;
  throw n.error(key, "must be fixed, uniform or lognormal");
}

// A line's monthly lending and loan count within the named limits, every
// product checked: volume = loans x mean fits an int64, loans = volume /
// mean stays at most kPlannedLoansPerMonthMax.
void check_line_volume(const ConfigNode& n, PlanLine& l) {
  const Money mean(l.currency, l.size_mean_minor);
  if (l.size_mean_minor > kPlanCellVolumeMinorMax || l.size_max_minor > kPlanCellVolumeMinorMax)
    throw n.error("loan_size", fmt::format("a loan may be at most {}", format_money(Money(l.currency, kPlanCellVolumeMinorMax))));
  if (l.loans_per_month) {
    std::int64_t volume = 0;
    if (__builtin_mul_overflow(std::int64_t{*l.loans_per_month}, l.size_mean_minor, &volume) ||
        volume > kPlanCellVolumeMinorMax)
      throw n.error("loans_per_month", fmt::format("{} loans a month of {} each is more lending than a plan may hold "
                                                   "({} a month at most)",
                                                   *l.loans_per_month, format_money(mean),
                                                   format_money(Money(l.currency, kPlanCellVolumeMinorMax))));
    return;
  }
  const std::int64_t volume = *l.volume_per_month_minor;
  if (volume > kPlanCellVolumeMinorMax)
    throw n.error("volume_per_month", fmt::format("{} a month is more lending than a plan may hold ({} at most)",
                                                  format_money(Money(l.currency, volume)),
                                                  format_money(Money(l.currency, kPlanCellVolumeMinorMax))));
  const std::int64_t loans = volume / l.size_mean_minor;
  if (loans > kPlannedLoansPerMonthMax)
    throw n.error("volume_per_month",
                  fmt::format("{} a month at a mean loan of {} is {} loans a month; a plan line may plan at most {} "
                              "loans a month (raise the mean loan size or lower the volume)",
                              format_money(Money(l.currency, volume)), format_money(mean), loans,
                              kPlannedLoansPerMonthMax));
}

PlanLine parse_line(const ConfigNode& n, const Currency& fund_currency) {
  n.check_keys({"bank", "association", "agreement", "sector", "currency", "first_month", "months", "volume_per_month",
                "loans_per_month", "loan_size", "term_months", "annual_rate", "schedule", "pd", "lgd"});
  PlanLine l;
  l.line = n.site("bank").line;
  l.bank = n.req_string("bank");
  try {
    check_id(l.bank, "bank");
  } catch (const Error& e) {
    throw n.error("bank", e.rule());
  }
  l.association = n.opt_string("association").value_or("");
  l.agreement = n.opt_string("agreement").value_or("");
  l.sector = n.opt_string("sector").value_or("unknown");
  try {
    const auto code = n.opt_string("currency");
    l.currency = code ? currency_from_code(*code) : fund_currency;
  } catch (const Error& e) {
    throw n.error("currency", e.rule());
  }
  l.first_month = static_cast<int>(n.opt_int("first_month", 1, 360).value_or(1));
  l.months = static_cast<int>(n.req_int("months", 1, 360));
  if (auto v = n.opt_money("volume_per_month", l.currency)) {
    if (!v->is_positive()) throw n.error("volume_per_month", "must be > 0");
    l.volume_per_month_minor = v->minor();
  }
  if (auto c = n.opt_int("loans_per_month", 1, kPlannedLoansPerMonthMax)) l.loans_per_month = static_cast<int>(*c);
  if (l.volume_per_month_minor.has_value() == l.loans_per_month.has_value())
    throw n.error("volume_per_month", "give exactly one of volume_per_month and loans_per_month");
  auto size = n.opt_table("loan_size");
  if (!size) throw n.error("loan_size", "is required (a table: distribution, mean, cv, min, max)");
  size->check_keys({"distribution", "mean", "cv", "min", "max"});
  l.size_distribution = parse_distribution(*size, "distribution");
  auto mean = size->opt_money("mean", l.currency);
  auto mn = size->opt_money("min", l.currency);
  auto mx = size->opt_money("max", l.currency);
  l.size_cv = size->opt_number("cv", 0.0, 3.0).value_or(0.0);
  if (mn) l.size_min_minor = mn->minor();
  if (mx) l.size_max_minor = mx->minor();
  if (mn && mn->minor() <= 0) throw size->error("min", "must be > 0");
  if (mn && mx && mx->minor() < mn->minor()) throw size->error("max", "must be >= min");
  if (l.size_distribution == SizeDistribution::uniform) {
    if (!mn || !mx) throw size->error("distribution", "uniform needs min and max");
    l.size_mean_minor = (mn->minor() + mx->minor()) / 2;
  } else {
    if (!mean) throw size->error("mean", "is required");
    if (!mean->is_positive()) throw size->error("mean", "must be > 0");
    l.size_mean_minor = mean->minor();
  }
  if (l.size_distribution == SizeDistribution::lognormal && l.size_cv <= 0)
    throw size->error("cv", "lognormal needs cv > 0");
  check_line_volume(n, l);
  l.term_months = static_cast<int>(n.req_int("term_months", 1, kTermMonthsMax));
  l.annual_rate = n.opt_fraction("annual_rate", 0.0, 1.0).value_or(0.15);
  try {
    l.schedule = parse_schedule_type(n.opt_string("schedule").value_or("annuity"));
  } catch (const Error& e) {
    throw n.error("schedule", e.rule());
  }
  l.pd_annual = n.opt_fraction("pd", 1e-6, 0.999999);
  l.lgd = n.opt_fraction("lgd", 0.0, 1.0);
  return l;
}

double uniform01(std::uint64_t seed, std::uint32_t a, std::uint32_t b, std::uint32_t c) {
  using G = r123::Philox4x32;
  G::key_type k = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  G::ctr_type ctr = {{a, b, c, 0x706c616eu}};  // "plan"
  auto r = G()(ctr, k);
  std::uint64_t u = (static_cast<std::uint64_t>(r[0]) << 21) ^ r[1];
  return (static_cast<double>(u & ((1ull << 53) - 1)) + 0.5) / 9007199254740992.0;
}

double normal(std::uint64_t seed, std::uint32_t a, std::uint32_t b) {
  double u1 = uniform01(seed, a, b, 1), u2 = uniform01(seed, a, b, 2);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

std::int64_t draw_size(const PlanLine& l, std::uint64_t seed, std::uint32_t cell, std::uint32_t k) {
  double x = static_cast<double>(l.size_mean_minor);
  switch (l.size_distribution) {
    case SizeDistribution::fixed: break;
    case SizeDistribution::uniform:
      x = static_cast<double>(l.size_min_minor) +
          uniform01(seed, cell, k, 3) * static_cast<double>(l.size_max_minor - l.size_min_minor);
      break;
    case SizeDistribution::lognormal: {
      double s2 = std::log(1.0 + l.size_cv * l.size_cv);
      x = static_cast<double>(l.size_mean_minor) * std::exp(std::sqrt(s2) * normal(seed, cell, k) - 0.5 * s2);
      break;
    }
  }
  if (l.size_min_minor > 0) x = std::max(x, static_cast<double>(l.size_min_minor));
  if (l.size_max_minor > 0) x = std::min(x, static_cast<double>(l.size_max_minor));
  // A lognormal draw far in the tail stays a loan a cell can hold (no overflow).
  x = std::min(x, static_cast<double>(kPlanCellVolumeMinorMax));
  // A loan is a whole number of cash units (KHR: 100 riel), at least one.
  const std::int64_t unit = l.currency.cash_unit_minor;
  std::int64_t units = std::max<std::int64_t>(1, std::llround(x / static_cast<double>(unit)));
  return units * unit;
}

}  // namespace

Plan parse_plan(const toml::table& table, const std::string& file_name, const Currency& fund_currency) {
  ConfigNode root(table, file_name, "");
  root.check_keys({"seed", "lending"});
  Plan p;
  p.file = file_name;
  p.seed = static_cast<std::uint64_t>(root.opt_int("seed", 0, INT64_MAX).value_or(1));
  for (const auto& n : root.table_array("lending")) p.lines.push_back(parse_line(n, fund_currency));
  if (p.lines.empty()) throw root.error("lending", "a plan needs at least one [[lending]] line");
  return p;
}

Plan read_plan_file(const std::string& path, const Currency& fund_currency) {
  return parse_plan(load_config_file(path), path, fund_currency);
}

std::vector<PlannedLoan> expand_plan(const Plan& plan, int horizon_months, double volume_multiplier_max) {
  GFUND_ASSERT(volume_multiplier_max >= 1.0 && volume_multiplier_max <= kVolumeMultiplierMax);
  std::vector<PlannedLoan> out;
  int cell = 0;
  for (std::size_t li = 0; li < plan.lines.size(); ++li) {
    const auto& l = plan.lines[li];
    for (int m = 0; m < l.months; ++m, ++cell) {
      const int start = l.first_month + m;
      if (start > horizon_months) continue;
      // The cell's 1x lending: a volume, or a count of loans at the mean size.
      const std::int64_t cell_volume =
          l.volume_per_month_minor ? *l.volume_per_month_minor : std::int64_t{*l.loans_per_month} * l.size_mean_minor;
      const double limit = static_cast<double>(cell_volume) * volume_multiplier_max;
      std::int64_t before = 0;
      // Bounded: every loan is at least one cash unit, and the whole plan
      // at most kPlannedLoansMax loans (sizes drawn below the mean make
      // more loans than volume / mean).
      for (std::uint32_t k = 0; static_cast<double>(before) < limit; ++k) {
        if (out.size() >= static_cast<std::size_t>(kPlannedLoansMax))
          throw DataError(fmt::format("the plan makes more than {} planned loans (at up to {}x its volume); plan "
                                      "fewer or larger loans",
                                      kPlannedLoansMax, volume_multiplier_max),
                          ErrorSite{plan.file, l.line, "volume_per_month"});
        std::int64_t size = draw_size(l, plan.seed, static_cast<std::uint32_t>(cell), k);
        out.push_back(PlannedLoan{static_cast<int>(li), cell, start, size, before, cell_volume});
        before += size;
      }
    }
  }
  return out;
}

}  // namespace gfund::sizing
