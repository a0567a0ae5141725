#include "reports/style.hpp"

namespace gfund::reports {

std::string_view house_css() {
  // System fonts only: the file must not fetch anything. Tabular figures so
  // columns of amounts line up digit under digit.
  static constexpr std::string_view css = R"CSS(
:root { --ink:#1f2933; --muted:#5f6b7a; --rule:#d9dee4; --soft:#f4f6f8; --accent:#1f5c99; --alert:#b42318; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.page { max-width: 1180px; margin: 0 auto; padding: 28px 32px 40px; }
header.doc { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: flex-end; gap: 16px;
  border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 18px; }
header.doc h1 { margin: 0; font-size: 26px; letter-spacing: -0.01em; }
header.doc .subtitle { margin: 4px 0 0; color: var(--muted); font-size: 15px; }
dl.facts { display: grid; grid-template-columns: auto auto; gap: 2px 14px; margin: 0; font-size: 13px; }
dl.facts dt { color: var(--muted); text-align: right; }
dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; font-weight: 600; }
nav.toc { display: flex; flex-wrap: wrap; gap: 6px 8px; margin: 0 0 22px; font-size: 13px; }
nav.toc a { color: var(--accent); text-decoration: none; padding: 3px 10px; border: 1px solid var(--rule);
  border-radius: 999px; background: var(--soft); }
section.view { margin: 0 0 34px; }
section.view > h2 { font-size: 19px; margin: 0 0 4px; padding-top: 6px; }
section.view > p.intro { margin: 0 0 14px; color: var(--muted); max-width: 80ch; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin: 0 0 18px; }
.kpi { border: 1px solid var(--rule); border-left: 4px solid var(--accent); border-radius: 6px; padding: 10px 12px;
  background: #fff; }
.kpi.alert { border-left-color: var(--alert); }
.kpi .label { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
.kpi .value { font-size: 21px; font-weight: 650; font-variant-numeric: tabular-nums; white-space: nowrap; }
.kpi .value .unit { font-size: 13px; font-weight: 500; color: var(--muted); margin-left: 3px; }
.kpi.alert .value { color: var(--alert); }
.kpi .detail { font-size: 12px; color: var(--muted); }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); gap: 16px; margin: 0 0 18px; }
figure.chart.wide { grid-column: 1 / -1; }
figure.chart { margin: 0; border: 1px solid var(--rule); border-radius: 6px; padding: 10px 12px 8px; background: #fff; }
figure.chart figcaption { font-weight: 600; font-size: 14px; margin-bottom: 2px; }
figure.chart svg { display: block; width: 100%; height: auto; }
figure.chart .note, .table-note { font-size: 12px; color: var(--muted); margin: 4px 0 0; }
.table-wrap { overflow-x: auto; margin: 0 0 18px; }
table.data { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
table.data caption { text-align: left; font-weight: 600; font-size: 14px; padding: 0 0 6px; }
table.data th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; padding: 6px 10px;
  border-bottom: 2px solid var(--ink); vertical-align: bottom; }
table.data th .unit { display: block; font-weight: 400; font-size: 11px; }
table.data td { padding: 5px 10px; border-bottom: 1px solid var(--rule); white-space: nowrap; }
table.data tbody tr:nth-child(even) td { background: #fafbfc; }
table.data .num { text-align: right; }
table.data tr.total td { font-weight: 700; border-top: 2px solid var(--ink); background: var(--soft); }
table.data td.empty { text-align: center; color: var(--muted); font-style: italic; padding: 14px; }
p.para { max-width: 90ch; }
p.appendix-ref { font-size: 13px; margin: 0; padding: 6px 10px; border-left: 3px solid var(--rule); }
section.appendix h3 { font-size: 13px; color: var(--muted); margin: 14px 0 4px; }
footer.doc { margin-top: 30px; padding-top: 10px; border-top: 1px solid var(--rule); font-size: 12px; color: var(--muted); }
@media (max-width: 720px) {
  .page { padding: 16px; }
  .charts { grid-template-columns: 1fr; }
}
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { font-size: 11px; }
  .page { max-width: none; padding: 0; }
  nav.toc { display: none; }
  section.view { break-before: page; margin: 0; }
  section.view:first-of-type { break-before: auto; }
  section.view > h2 { break-after: avoid; }
  figure.chart, .kpi, table.data tr { break-inside: avoid; }
  table.data thead { display: table-header-group; }
  .charts { grid-template-columns: 1fr 1fr; }
  .table-wrap { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
)CSS";
  return css;
}

}  // namespace gfund::reports
