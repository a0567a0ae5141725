#include "server/quote_json.hpp"

#include "reports/simulation_views.hpp"
#include "reports/svg_chart.hpp"

namespace gfund::server {

namespace {

nlohmann::json estimate(const risk::Estimate& e) { return {{"value", e.value}, {"lo", e.lo}, {"hi", e.hi}, {"se", e.se}}; }

nlohmann::json optional_money(const std::optional<Money>& m) {
  return m ? nlohmann::json(m->minor()) : nlohmann::json(nullptr);
}

nlohmann::json terms_json(const GuaranteeTerms& t) {
  return {{"coverage", t.coverage.to_double()},
          {"structure", std::string(to_string(t.structure))},
          {"per_loan_cap_minor", optional_money(t.per_loan_cap)},
          {"portfolio_cap_minor", optional_money(t.portfolio_cap)},
          {"portfolio_cap_rate", t.portfolio_cap_rate ? nlohmann::json(t.portfolio_cap_rate->to_double()) : nullptr},
          {"fee", t.annual_fee.to_double()},
          {"lock_in_months", t.lock_in_months},
          {"payout_at_claim", t.payout_at_claim.to_double()},
          {"claim_trigger_dpd", t.claim_trigger_dpd}};
}

nlohmann::json volume_json(const std::optional<sizing::VolumeAnswer>& v) {
  if (!v) return nullptr;
  return {{"multiplier", v->multiplier}, {"lo", v->low}, {"hi", v->high}, {"at_search_limit", v->at_max},
          {"planned_monthly_minor", v->planned_monthly_minor}, {"most_monthly_minor", v->most_monthly_minor},
          {"leverage", v->leverage}};
}

nlohmann::json row_json(const sizing::TermsheetRow& r, const Currency& c) {
  const auto chart = reports::distribution_histogram(r.claims_distribution, c, "Claims on this agreement over the horizon",
                                                     "Claims net of recoveries (" + std::string(c.code_view()) + ")");
  return {{"label", r.label},
          {"terms", terms_json(r.terms)},
          {"caps", r.caps},
          {"bank_loss_rate_without_guarantee", estimate(r.bank_loss_rate_gross)},
          {"bank_loss_rate_with_guarantee", estimate(r.bank_loss_rate_net)},
          {"agreement_expected_claims_minor", estimate(r.fund_expected_claims_minor)},
          {"agreement_claims_99_minor", estimate(r.fund_claims_99_minor)},
          {"fund_expected_claims_minor", estimate(r.fund_total_expected_minor)},
          {"fund_claims_99_minor", estimate(r.fund_total_99_minor)},
          {"exhaustion_probability", estimate(r.exhaustion_probability)},
          {"break_even_fee", estimate(r.break_even_fee)},
          {"fee", r.fee},
          {"expected_fee_minor", r.expected_fee_minor},
          {"most_lending", volume_json(r.most_lending)},
          {"chart_svg", reports::render_svg(chart)}};
}

}  // namespace

nlohmann::json quote_json(const Quote& q) {
  const QuoteBasis& b = *q.basis;
  const auto& s = q.sheet;
  const Currency& cur = b.portfolio->currency;
  nlohmann::json j = {{"bank", s.bank},
                      {"association", s.association},
                      {"agreements", s.agreements},
                      {"as_of", q.basis->as_of},
                      {"currency", std::string(cur.code_view())},
                      {"currency_digits", cur.minor_digits},
                      {"scenarios", s.scenarios},
                      {"seed", s.seed},
                      {"method", b.method},
                      {"horizon_months", b.horizon_months},
                      {"capital_minor", s.capital_minor},
                      {"enrolled_minor", s.enrolled_minor},
                      {"target", sizing::describe(s.target)},
                      {"cost_loading", s.cost_loading},
                      {"volume", s.bank_volume},
                      {"volume_max", b.portfolio->volume_multiplier_max},
                      {"seconds", q.seconds},
                      {"draws_cached", q.cached},
                      {"warnings", b.warnings}};
  const int bank = b.portfolio->bank_index(s.bank);
  j["planned_monthly_minor"] = bank >= 0 ? b.portfolio->planned_monthly_volume_minor(bank, -1) : 0;
  j["current"] = row_json(s.rows.at(0), cur);
  j["proposed"] = row_json(s.rows.size() > 1 ? s.rows[1] : s.rows[0], cur);
  return j;
}

nlohmann::json agreements_json(const QuoteBasis& b) {
  const auto& p = *b.portfolio;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& a : p.agreements) {
    const int bank = p.bank_index(a.bank);
    const std::string line = a.terms.association.empty() ? "all borrowers" : "members of " + a.terms.association;
    list.push_back({{"id", a.id},
                    {"bank", a.bank},
                    {"association", a.terms.association},
                    {"label", a.bank + " - " + a.id + " (" + line + ")"},
                    {"terms", terms_json(a.terms)},
                    {"currency", std::string(a.currency.code_view())},      // the caps' currency
                    {"currency_digits", a.currency.minor_digits},
                    {"planned_monthly_minor", bank >= 0 ? p.planned_monthly_volume_minor(bank, -1) : 0},
                    {"volume_max", p.volume_multiplier_max}});
  }
  return {{"as_of", b.as_of}, {"currency", std::string(p.currency.code_view())}, {"agreements", list}};
}

nlohmann::json error_json(const std::string& field, const std::string& rule) {
  return {{"error", {{"field", field}, {"rule", rule}, {"message", field.empty() ? rule : field + ": " + rule}}}};
}

}  // namespace gfund::server
