#include "server/quote_service.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>

#include "models/errors.hpp"
#include "models/term_changes.hpp"

namespace gfund::server {

namespace {

double parse_number(const std::string& name, const std::string& v) {
  double x = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec != std::errc{} || end != v.data() + v.size() || !(x >= 0))
    throw DataError("must be a number >= 0", {.field = name});
  return x;
}

}  // namespace

std::string date_parameter(const std::string& name, const std::string& value) {
  try {
    return format_date(parse_date(value));
  } catch (const Error& e) {
    throw DataError(e.rule(), {.field = name});
  }
}

QuoteAsk parse_quote_params(const QueryParams& params, double cost_loading) {
  QuoteAsk q;
  q.ask.cost_loading = cost_loading;
  std::set<std::string> seen;
  for (const auto& [name, value] : params) {
    if (!seen.insert(name).second) throw DataError("given twice", {.field = name});
    if (name == "token") continue;
    if (name == "bank") q.ask.bank = value;
    else if (name == "association") q.ask.association = value;
    else if (name == "as_of") q.as_of = date_parameter(name, value);
    else if (name == "volume") q.ask.bank_volume = parse_number(name, value);
    else if (is_term_field(name)) q.ask.changes.emplace_back(name, value);
    else throw DataError("unknown parameter (see docs/serve.md)", {.field = name});
  }
  if (q.ask.bank.empty()) throw DataError("is required", {.field = "bank"});
  return q;
}

QuoteService::QuoteService(Loader loader) : loader_(std::move(loader)) {}

std::shared_ptr<const QuoteBasis> QuoteService::basis(const std::string& as_of, bool* cached) {
  std::lock_guard lock(mutex_);
  if (default_ && (as_of.empty() || as_of == default_->as_of)) {
    if (cached) *cached = true;
    return default_;
  }
  const auto hit = std::find_if(others_.begin(), others_.end(), [&](const auto& b) { return b->as_of == as_of; });
  if (cached) *cached = hit != others_.end();
  if (hit != others_.end()) {
    std::rotate(hit, hit + 1, others_.end());  // most recently used last
    return others_.back();
  }
  const auto t0 = std::chrono::steady_clock::now();
  std::shared_ptr<QuoteBasis> b = loader_(as_of);
  b->draw_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (as_of.empty()) return default_ = b;  // (a set default_ answered "" above)
  if (others_.size() + 1 >= kCachedDatesMax) others_.erase(others_.begin());
  others_.push_back(b);
  return b;
}

Quote QuoteService::quote(const QuoteAsk& ask) {
  const auto t0 = std::chrono::steady_clock::now();
  Quote q;
  q.basis = basis(ask.as_of, &q.cached);
  const QuoteBasis& b = *q.basis;
  q.sheet = sizing::termsheet_for(*b.portfolio, b.draws, *b.base, b.capital_minor, b.target, ask.ask);
  q.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return q;
}

}  // namespace gfund::server
