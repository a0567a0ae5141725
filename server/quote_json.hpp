#pragma once
// The JSON of `gfund serve`'s API (docs/serve.md): a quote's figures, and
// the error body of a refused request. Amounts are minor units of the
// fund's currency (as in `gfund termsheet --json`), rates and probabilities
// fractions; every Monte Carlo estimate carries its 95% interval.
#include <string>

#include <nlohmann/json.hpp>

#include "models/errors.hpp"
#include "server/quote_service.hpp"

namespace gfund::server {

nlohmann::json quote_json(const Quote& q);
// The agreements a page may pick, each with its current terms and the
// bank's planned lending a month: {"as_of", "agreements": [...]}.
nlohmann::json agreements_json(const QuoteBasis& b);

// {"error": {"field": ..., "rule": ..., "message": "coverage: must be ..."}}
nlohmann::json error_json(const std::string& field, const std::string& rule);

}  // namespace gfund::server
