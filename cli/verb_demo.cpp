// gfund demo: the main job on the shipped fixtures (see README).
#include <iostream>

#include "cli/verbs.hpp"
#include "engine/portfolio/agreements_csv.hpp"
#include "reports/table.hpp"

namespace gfund::cli {

void add_demo_verb(CLI::App& app) {
  auto dir = std::make_shared<std::string>(GFUND_FIXTURES_DIR "/demo");
  auto* cmd = app.add_subcommand("demo", "Run gfund end to end on the shipped synthetic fixtures");
  cmd->add_option("--fixtures", *dir, "Folder with the demo CSV files")->capture_default_str();
  cmd->callback([dir] {
    auto agreements = read_agreements_csv(*dir + "/agreements.csv");
    reports::Table t("Guarantee agreements (synthetic demo fixtures)",
                     {{"agreement", reports::ColumnType::text},
                      {"bank", reports::ColumnType::text},
                      {"association", reports::ColumnType::text},
                      {"coverage", reports::ColumnType::ratio},
                      {"structure", reports::ColumnType::text},
                      {"trigger", reports::ColumnType::integer, "dpd"}});
    for (const auto& a : agreements)
      t.add_row({a.id, a.bank, a.terms.association, a.terms.coverage, std::string(to_string(a.terms.structure)),
                 std::int64_t{a.terms.claim_trigger_dpd}});
    std::cout << reports::render_text(t, {.color = reports::use_color_on_stdout()});
  });
}

}  // namespace gfund::cli
