// The per-scenario CSV: a column list built once from the outcome layout,
// then each row read straight from the engine's outcome matrix. No figure
// is computed here but recoveries, which is the definition of net claims
// (gross - the fund's recovery share) read backwards, in integers.
#include "reports/scenario_csv.hpp"

#include <ostream>

#include "models/errors.hpp"
#include "models/money.hpp"
#include "reports/atomic_file.hpp"

namespace gfund::reports {

using risk::OutcomeLayout;

ScenarioTable::ScenarioTable(const risk::SimulationRun& run) : run_(run) {
  const auto& out = run.scenarios;
  const OutcomeLayout& lay = out.matrix.layout;
  // The ids name the layout's columns: a mismatch is a bug upstream, and
  // would put one bank's claims under another's name.
  GFUND_ASSERT(out.bank_ids.size() == lay.banks);
  GFUND_ASSERT(out.association_ids.size() == lay.associations);
  GFUND_ASSERT(out.matrix.cells.size() == out.matrix.scenarios * lay.width());
  const std::string ccy(run.result.currency.code_view());
  using K = Source::Kind;
  add({.name = "scenario", .type = ColumnType::integer}, {K::scenario});
  if (!out.matrix.weights.empty()) add({.name = "weight", .type = ColumnType::number}, {K::weight});
  add({.name = "defaults", .type = ColumnType::integer}, {K::count, OutcomeLayout::kDefaults});
  add({.name = "loss", .type = ColumnType::money, .unit = ccy}, {K::money, OutcomeLayout::kLoss});
  add({.name = "claims_gross", .type = ColumnType::money, .unit = ccy}, {K::money, OutcomeLayout::kClaimsGross});
  add({.name = "recoveries", .type = ColumnType::money, .unit = ccy},
      {K::money_less, OutcomeLayout::kClaimsGross, OutcomeLayout::kClaimsNet});
  add({.name = "claims", .type = ColumnType::money, .unit = ccy}, {K::money, OutcomeLayout::kClaimsNet});
  add({.name = "exhaustion_month", .type = ColumnType::integer}, {K::month, OutcomeLayout::kExhaustMonth});
  for (std::size_t b = 0; b < lay.banks; ++b)
    add({.name = "claims_bank_" + out.bank_ids[b], .type = ColumnType::money, .unit = ccy},
        {K::money, lay.bank_claims(b)});
  // "" (no association) gets a name of its own rather than a bare
  // "claims_assoc_", which a reader would take for a cut-off header; no
  // association id can make it, as they all come after "claims_assoc_".
  for (std::size_t a = 0; a < lay.associations; ++a) {
    const std::string& id = out.association_ids[a];
    add({.name = id.empty() ? "claims_no_assoc" : "claims_assoc_" + id, .type = ColumnType::money, .unit = ccy},
        {K::money, lay.assoc_claims(a)});
  }
}

void ScenarioTable::add(Column column, Source source) {
  columns_.push_back(std::move(column));
  sources_.push_back(source);
}

std::vector<Cell> ScenarioTable::row(std::size_t s) const {
  GFUND_ASSERT(s < rows());
  const std::int64_t* cells = run_.scenarios.matrix.row(s);
  const Currency& c = run_.result.currency;
  std::vector<Cell> r;
  r.reserve(sources_.size());
  for (const Source& src : sources_) {
    switch (src.kind) {
      case Source::Kind::scenario: r.emplace_back(static_cast<std::int64_t>(s)); break;
      case Source::Kind::weight: r.emplace_back(run_.scenarios.matrix.weights[s]); break;
      case Source::Kind::count: r.emplace_back(cells[src.col]); break;
      case Source::Kind::money: r.emplace_back(Money(c, cells[src.col])); break;
      case Source::Kind::money_less: r.emplace_back(Money(c, cells[src.col]) - Money(c, cells[src.minus])); break;
      case Source::Kind::month:
        // 0 is the layout's "never"; an empty cell reads as missing in a
        // spreadsheet or pandas, where a 0 would be averaged in.
        if (cells[src.col] == 0)
          r.emplace_back(std::monostate{});
        else
          r.emplace_back(cells[src.col]);
        break;
    }
  }
  return r;
}

void ScenarioTable::render_csv(std::ostream& out) const {
  render_csv_header(columns_, out);
  for (std::size_t s = 0; s < rows(); ++s) render_csv_row(columns_, row(s), out);
}

void write_scenario_csv(const std::string& path, const ScenarioTable& table) {
  // Streamed into the temporary file: a run of millions of rows is never
  // held as text.
  write_stream_atomically(path, [&](std::ostream& out) { table.render_csv(out); });
}

}  // namespace gfund::reports
