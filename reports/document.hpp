#pragma once
// A report as data: a titled document of sections, each a list of blocks
// (headline figures, tables, charts, short paragraphs). View builders
// (views/*.hpp) fill it from engine results; the HTML dashboard, the Excel
// workbook, the Markdown term sheet and the CSV/JSON exports are renderings
// of the same Document, so every format shows the same numbers.
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "reports/chart.hpp"
#include "reports/table.hpp"

namespace gfund::reports {

// A headline figure ("Outstanding 263,412.50 USD"), shown as a card on the
// dashboard. The exact figure must also be in one of the section's tables:
// the workbook and the exports carry tables, not cards.
struct Kpi {
  std::string label;   // "Outstanding"
  Cell value;          // typed, formatted like a table cell of `column`
  Column column;       // type, unit and decimals of the value
  std::string detail;  // one short line under it: "152 loans, 2 banks"
  bool alert = false;  // drawn in the warning colour (PAR above a limit, exhaustion likely)
};

struct Paragraph {
  std::string text;  // plain text, escaped when rendered
};

using Block = std::variant<Table, Chart, std::vector<Kpi>, Paragraph>;

struct Section {
  std::string heading;       // "Arrears and aging"
  std::string intro;         // one sentence saying what the reader sees
  std::string sheet;         // workbook sheet name (<= 31 chars); empty = heading, shortened
  std::vector<Block> blocks;
};

struct Document {
  std::string title;     // "Guarantee fund dashboard"
  std::string subtitle;  // "Synthetic demo fund"
  std::vector<std::pair<std::string, std::string>> facts;  // header facts: {"As of", "2025-03-31"}, {"Seed", "42"}
  std::vector<Section> sections;
  std::string footer;    // provenance line: "gfund 0.1.0 · figures exact to the cent"
};

// Every table of the document, in order, with the heading of its section.
std::vector<std::pair<const Section*, const Table*>> all_tables(const Document& doc);

}  // namespace gfund::reports
