// Generic renderers on hand-built data: chart shapes, SVG, HTML, Markdown.
#include <gtest/gtest.h>

#include <regex>

#include "models/errors.hpp"
#include "reports/chart.hpp"
#include "reports/html_report.hpp"
#include "reports/number_format.hpp"
#include "reports/svg_chart.hpp"
#include "sample_document.hpp"

namespace gfund::reports {
namespace {

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + needle.size())) ++n;
  return n;
}

TEST(NumberFormat, GroupsThousandsAndNeverPrintsNegativeZero) {
  EXPECT_EQ(group_number(1234567.891, 2), "1,234,567.89");
  EXPECT_EQ(group_number(-1234.5, 0), "-1,234");  // half-even in printf: 1234.5 -> 1234
  EXPECT_EQ(group_number(-0.004, 2), "0.00");
  EXPECT_EQ(group_number(999, 0), "999");
}

TEST(NumberFormat, TicksAreCompactAndDistinct) {
  EXPECT_EQ(format_tick(250000, ValueFormat::money, 50000), "250k");
  EXPECT_EQ(format_tick(1500000, ValueFormat::money, 500000), "1.5M");
  EXPECT_EQ(format_tick(0.025, ValueFormat::percent, 0.005), "2.5%");
  EXPECT_EQ(format_tick(0.02, ValueFormat::percent, 0.01), "2%");
  EXPECT_EQ(format_value(0.07341, ValueFormat::percent), "7.34%");
  EXPECT_EQ(compact(50000), "50k");
  EXPECT_EQ(compact(123456), "123k");
  EXPECT_EQ(compact(1234567), "1.23M");
  EXPECT_EQ(compact(12345.6), "12.3k");
  EXPECT_EQ(compact(950), "950");
}

TEST(NumberFormat, NiceTicksCoverTheRangeWithRoundSteps) {
  for (auto [lo, hi] : std::vector<std::pair<double, double>>{{0, 0.073}, {0, 123456}, {-5, 17}, {3, 3}, {0, 0}}) {
    Ticks t = nice_ticks(lo, hi);
    EXPECT_LE(t.first, lo) << lo << ".." << hi;
    EXPECT_GE(t.last(), hi) << lo << ".." << hi;
    EXPECT_GE(t.count, 2);
    EXPECT_LE(t.count, 12);
    double mant = t.step / std::pow(10.0, std::floor(std::log10(t.step)));
    EXPECT_TRUE(std::fabs(mant - 1) < 1e-9 || std::fabs(mant - 2) < 1e-9 || std::fabs(mant - 2.5) < 1e-9 ||
                std::fabs(mant - 5) < 1e-9)
        << t.step;
  }
}

TEST(Chart, ValidateRefusesMalformedCharts) {
  Chart c{"c", ChartKind::bar, {"a", "b"}};
  c.series = {{"s", {1.0}}};
  EXPECT_THROW(validate(c), Error);
  c.series = {{"s", {1.0, std::nan("")}}};
  EXPECT_THROW(validate(c), Error);
  c.series = {{"s", {1.0, 2.0}}};
  EXPECT_NO_THROW(validate(c));
  c.markers = {{"VaR", 1.0}};
  EXPECT_THROW(validate(c), Error);  // markers only on histograms
  Chart h{"h", ChartKind::histogram};
  h.bin_edges = {0, 1, 1};
  h.series = {{"s", {1, 2}}};
  EXPECT_THROW(validate(h), Error);  // edges must increase
}

TEST(Svg, LineChartDrawsOnePolylinePerSeriesAndALegend) {
  auto doc = testing::sample_document();
  const auto& par = std::get<Chart>(doc.sections[1].blocks[0]);
  std::string svg = render_svg(par);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_EQ(count(svg, "<polyline"), 2u);
  EXPECT_EQ(count(svg, "<circle"), 30u);  // one point per month and series
  EXPECT_NE(svg.find(">PAR30<"), std::string::npos);
  EXPECT_NE(svg.find(">PAR90<"), std::string::npos);
  EXPECT_NE(svg.find("PAR30, 2024-01: 2.00%"), std::string::npos);  // tooltip
  EXPECT_NE(svg.find(">8%<"), std::string::npos);                   // a y tick as percent
}

TEST(Svg, StackedBarsStackToTheCategoryTotal) {
  auto doc = testing::sample_document();
  const auto& aging = std::get<Chart>(doc.sections[1].blocks[1]);
  std::string svg = render_svg(aging);
  // 3 banks x 4 buckets minus the one zero bucket.
  EXPECT_EQ(count(svg, "<rect x="), 11u + 4u /* legend swatches */);
  EXPECT_NE(svg.find("fill=\"#c0392b\""), std::string::npos);  // the series' own colour
  EXPECT_NE(svg.find("90+, Wing: 2,000.00"), std::string::npos);
}

TEST(Svg, HistogramMarksVarAndEs) {
  auto doc = testing::sample_document();
  const auto& hist = std::get<Chart>(doc.sections[2].blocks[0]);
  std::string svg = render_svg(hist);
  EXPECT_NE(svg.find("VaR 99% 71"), std::string::npos);
  EXPECT_NE(svg.find("ES 99% 78.5k"), std::string::npos);
  EXPECT_EQ(count(svg, "stroke-dasharray"), 2u);
  EXPECT_EQ(count(svg, "<title>"), 20u);  // one per bin
}

TEST(Svg, EmptyChartSaysNoDataAndEscapesText) {
  Chart c{"Risk <by> \"bank\" & association", ChartKind::bar};
  std::string svg = render_svg(c);
  EXPECT_NE(svg.find("No data"), std::string::npos);
  EXPECT_NE(svg.find("Risk &lt;by&gt; &quot;bank&quot; &amp; association"), std::string::npos);
  EXPECT_EQ(svg.find("<by>"), std::string::npos);
}

TEST(Html, IsSelfContainedAndForbidsNetwork) {
  std::string html = render_html(testing::sample_document());
  EXPECT_NE(html.find("Content-Security-Policy\" content=\"default-src 'none'"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  // The only URL is the SVG namespace name, which is never fetched.
  std::regex url(R"((https?:)?//[A-Za-z0-9.-]+)");
  for (std::sregex_iterator it(html.begin(), html.end(), url), end; it != end; ++it)
    EXPECT_EQ(it->str(), "http://www.w3.org") << it->str();
}

TEST(Html, ShowsHeadingsNumbersAndEscapedText) {
  testing::SampleFigures f;
  std::string html = render_html(testing::sample_document(f));
  for (const char* h : {"<h1>Guarantee fund dashboard</h1>", "<h2>Fund summary</h2>", "<h2>Arrears and aging</h2>",
                        "<h2>Simulated claims</h2>"})
    EXPECT_NE(html.find(h), std::string::npos) << h;
  EXPECT_NE(html.find(">12,345,678.90 USD<"), std::string::npos);
  EXPECT_NE(html.find(">41,000,000 KHR<"), std::string::npos);  // currency shown when the column has no unit
  EXPECT_NE(html.find(">33.3333%<"), std::string::npos);
  EXPECT_NE(html.find(">5.12%<"), std::string::npos);
  EXPECT_NE(html.find("Wing &lt;Bank&gt; &amp; Co"), std::string::npos);
  EXPECT_NE(html.find("Nothing to show"), std::string::npos);  // the empty table
  EXPECT_NE(html.find("class=\"kpi alert\""), std::string::npos);
  EXPECT_EQ(count(html, "<svg"), 5u);
  EXPECT_NE(html.find("@media print"), std::string::npos);
}

TEST(Html, TotalRowsAreMarked) {
  Table t("T", {{"bank", ColumnType::text}, {"n", ColumnType::integer}});
  t.add_row({std::string("A"), std::int64_t{1}});
  t.add_row({std::string("Total"), std::int64_t{1}});
  t.set_total_rows(1);
  Document d{"D", "", {}, {Section{"S", "", "", {t}}}, ""};
  std::string html = render_html(d);
  EXPECT_EQ(count(html, "<tr class=\"total\">"), 1u);
  EXPECT_NE(html.find("<tr class=\"total\"><td>Total</td>"), std::string::npos);
}

TEST(Html, LongTablesShowTheirFirstRowsAndTotals) {
  Table t("Claims", {{"n", ColumnType::integer}});
  for (std::int64_t i = 1; i <= 1234; ++i) t.add_row({i});
  t.add_row({std::int64_t{-1}});
  t.set_total_rows(1);
  Document d{"D", "", {}, {Section{"S", "", "", {t}}}, ""};
  std::string html = render_html(d, {.max_table_rows = 100});
  EXPECT_NE(html.find("<td class=\"num\">100</td>"), std::string::npos);
  EXPECT_EQ(html.find("<td class=\"num\">101</td>"), std::string::npos);
  EXPECT_NE(html.find("… 1,134 more rows"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"total\"><td class=\"num\">-1</td>"), std::string::npos);
  EXPECT_NE(render_html(d, {.max_table_rows = 0}).find("<td class=\"num\">1,234</td>"), std::string::npos);
}

TEST(Markdown, RendersTablesWithAlignedNumbersAndEscapedPipes) {
  Table t("Options", {{"option", ColumnType::text, "", 2, "Option"}, {"coverage", ColumnType::ratio, "", 2, "Coverage"},
                      {"claims", ColumnType::money, "USD", 2, "Expected claims"}});
  t.add_row({std::string("A|B"), Ratio::percent(50), Money(usd(), 123456789)});
  Document d{"Term sheet", "Wing", {{"As of", "2025-03-31"}}, {Section{"Options", "Side by side.", "", {t}}}, "gfund"};
  std::string md = render_markdown(d);
  EXPECT_NE(md.find("# Term sheet\n"), std::string::npos);
  EXPECT_NE(md.find("- **As of:** 2025-03-31"), std::string::npos);
  EXPECT_NE(md.find("| Option | Coverage | Expected claims (USD) |\n| --- | ---: | ---: |\n"), std::string::npos);
  EXPECT_NE(md.find("| A\\|B | 50% | 1,234,567.89 |"), std::string::npos);
}

}  // namespace
}  // namespace gfund::reports
