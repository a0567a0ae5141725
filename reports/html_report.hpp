#pragma once
// Renders a Document as one self-contained HTML file: inline CSS and SVG,
// no script, no external font, image or link, and a Content-Security-Policy
// that forbids the page any network request. Opens offline, prints on A4.
#include <string>

#include "reports/document.hpp"

namespace gfund::reports {

struct HtmlOptions {
  bool table_of_contents = true;  // links to each section under the header
  // A board page is not a register: longer tables show their first rows, a
  // line saying how many more there are, and their total rows. The workbook
  // and the CSV/JSON exports always carry every row. 0 = no limit.
  std::size_t max_table_rows = 200;
  // A dashboard reads and prints short: a table with more rows than this is
  // drawn in full in an appendix at the end, its section pointing to it.
  // 0 = every table in its section.
  std::size_t appendix_rows = 0;
  // CSS appended after the house style (a one-page summary's @page and
  // density); must be static text, never data.
  std::string extra_css;
};

std::string render_html(const Document& doc, const HtmlOptions& options = {});

// The same document as GitHub-flavoured Markdown (term sheets, e-mail):
// facts as a list, tables as pipe tables, charts named with a pointer to the
// HTML version.
std::string render_markdown(const Document& doc);

// Writes render_html(doc) to path atomically (IoError naming the path).
void write_html(const Document& doc, const std::string& path, const HtmlOptions& options = {});

}  // namespace gfund::reports
