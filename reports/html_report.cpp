#include "reports/html_report.hpp"

#include <fmt/format.h>

#include "reports/atomic_file.hpp"
#include "reports/escape.hpp"
#include "reports/number_format.hpp"
#include "reports/style.hpp"
#include "reports/svg_chart.hpp"

namespace gfund::reports {
namespace {

bool numeric(ColumnType t) { return t != ColumnType::text && t != ColumnType::date; }

std::string section_id(const Section& s, std::size_t i) { return fmt::format("s{}-{}", i + 1, slug(s.heading)); }

std::string render_table(const Table& t, std::size_t max_rows) {
  const auto& cols = t.columns();
  std::string h = "<div class=\"table-wrap\"><table class=\"data\">";
  if (!t.title().empty()) h += "<caption>" + escape_xml(t.title()) + "</caption>";
  h += "<thead><tr>";
  for (const auto& c : cols) {
    h += numeric(c.type) ? "<th class=\"num\">" : "<th>";
    h += escape_xml(c.heading());
    if (!c.unit.empty()) h += "<span class=\"unit\">" + escape_xml(c.unit) + "</span>";
    h += "</th>";
  }
  h += "</tr></thead>\n<tbody>\n";
  const auto& rows = t.rows();
  if (rows.empty())
    h += fmt::format("<tr><td class=\"empty\" colspan=\"{}\">Nothing to show</td></tr>\n", cols.size());
  std::size_t first_total = rows.size() - std::min(rows.size(), t.total_rows());
  std::size_t shown = max_rows == 0 ? first_total : std::min(first_total, max_rows);
  // The rows [skip_from, skip_to) give way to one line saying how many they are.
  const bool latest = t.page_keep() == Table::PageKeep::latest;
  const std::size_t skip_from = latest ? 0 : shown, skip_to = latest ? first_total - shown : first_total;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (r >= skip_from && r < skip_to) {
      if (r == skip_from)
        h += fmt::format("<tr><td class=\"empty\" colspan=\"{}\">… {} {} rows: the workbook and the CSV export list "
                         "them all</td></tr>\n",
                         cols.size(), group_number(static_cast<double>(skip_to - skip_from), 0), latest ? "earlier" : "more");
      continue;
    }
    h += r >= first_total ? "<tr class=\"total\">" : "<tr>";
    for (std::size_t i = 0; i < cols.size(); ++i) {
      // Dates never break at their hyphens (a narrow print column would).
      h += numeric(cols[i].type) ? "<td class=\"num\">" : cols[i].type == ColumnType::date ? "<td class=\"date\">" : "<td>";
      h += escape_xml(format_cell(rows[r][i], cols[i])) + "</td>";
    }
    h += "</tr>\n";
  }
  h += "</tbody></table>";
  if (!t.note().empty()) h += "<p class=\"table-note\">" + escape_xml(t.note()) + "</p>";
  return h + "</div>\n";
}

std::string render_kpis(const std::vector<Kpi>& kpis) {
  std::string h = "<div class=\"kpis\">\n";
  for (const auto& k : kpis) {
    h += fmt::format("<div class=\"kpi{}\"><div class=\"label\">{}</div><div class=\"value\">{}", k.alert ? " alert" : "",
                     escape_xml(k.label), escape_xml(format_cell(k.value, k.column)));
    if (!k.column.unit.empty()) h += "<span class=\"unit\">" + escape_xml(k.column.unit) + "</span>";
    h += "</div>";
    if (!k.detail.empty()) h += "<div class=\"detail\">" + escape_xml(k.detail) + "</div>";
    h += "</div>\n";
  }
  return h + "</div>\n";
}

std::string render_figure(const Chart& c) {
  std::string h = std::string(c.wide ? "<figure class=\"chart wide\">" : "<figure class=\"chart\">") + "<figcaption>" + escape_xml(c.title) + "</figcaption>\n" + render_svg(c);
  if (!c.note.empty()) h += "<p class=\"note\">" + escape_xml(c.note) + "</p>";
  return h + "</figure>\n";
}

std::string md_cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

}  // namespace

namespace {

std::string render_head(const Document& doc, const HtmlOptions& opt) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  // The page may not load anything: no scripts, no fonts, no images but
  // inline data. A report that phones home cannot be sent to a board.
  h += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
       "img-src data:\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + escape_xml(doc.title) + (doc.subtitle.empty() ? "" : " - " + escape_xml(doc.subtitle)) +
       "</title>\n<style>" + std::string(house_css()) + opt.extra_css + "</style>\n</head>\n<body>\n<div class=\"page\">\n";
  h += "<header class=\"doc\"><div><h1>" + escape_xml(doc.title) + "</h1>";
  if (!doc.subtitle.empty()) h += "<p class=\"subtitle\">" + escape_xml(doc.subtitle) + "</p>";
  h += "</div>";
  if (!doc.facts.empty()) {
    h += "<dl class=\"facts\">";
    for (const auto& [k, v] : doc.facts) h += "<dt>" + escape_xml(k) + "</dt><dd>" + escape_xml(v) + "</dd>";
    h += "</dl>";
  }
  return h + "</header>\n";
}

// A table longer than the appendix limit leaves a pointer in its section and
// is drawn in full in the appendix, so the sections read (and print) short.
struct Appendix {
  std::size_t limit = 0;  // 0 = no appendix
  std::vector<const Table*> tables;
  // Counts the rows the page would show (Table::page_rows), not those the workbook holds.
  bool takes(const Table& t) const { return limit > 0 && std::min(t.rows().size(), t.page_rows()) > limit; }
};

// A table the page leaves to the workbook (Table::page_rows 0): its title,
// its size and where to find it.
std::string workbook_pointer(const Table& t) {
  return fmt::format("<div class=\"table-wrap\"><p class=\"appendix-ref\"><strong>{}</strong>: {} rows, in the "
                     "workbook and the CSV export.</p></div>\n",
                     escape_xml(t.title()), group_number(static_cast<double>(t.rows().size()), 0));
}

// The rows a page shows of `t`: its own limit and the page's (0 = no limit).
std::size_t page_limit(const Table& t, const HtmlOptions& opt) {
  if (t.page_rows() == SIZE_MAX) return opt.max_table_rows;
  return opt.max_table_rows == 0 ? t.page_rows() : std::min(t.page_rows(), opt.max_table_rows);
}

std::string appendix_pointer(const Table& t, std::size_t number) {
  return fmt::format("<div class=\"table-wrap\"><p class=\"appendix-ref\"><strong>{}</strong>: {} rows, listed in "
                     "<a href=\"#appendix-{}\">appendix A{}</a>.</p></div>\n",
                     escape_xml(t.title()), group_number(static_cast<double>(t.rows().size()), 0), number, number);
}

std::string render_section(const Section& s, std::size_t i, const HtmlOptions& opt, Appendix& appendix) {
  std::string h = fmt::format("<section class=\"view\" id=\"{}\">\n<h2>{}</h2>\n", section_id(s, i), escape_xml(s.heading));
  if (!s.intro.empty()) h += "<p class=\"intro\">" + escape_xml(s.intro) + "</p>\n";
  // Consecutive charts share a grid row, two abreast on a laptop.
  bool in_charts = false;
  for (const auto& b : s.blocks) {
    bool is_chart = std::holds_alternative<Chart>(b);
    if (is_chart && !in_charts) h += "<div class=\"charts\">\n";
    if (!is_chart && in_charts) h += "</div>\n";
    in_charts = is_chart;
    if (const auto* t = std::get_if<Table>(&b)) {
      if (t->page_rows() == 0 && !t->rows().empty()) {
        h += workbook_pointer(*t);
      } else if (appendix.takes(*t)) {
        appendix.tables.push_back(t);
        h += appendix_pointer(*t, appendix.tables.size());
      } else {
        h += render_table(*t, page_limit(*t, opt));
      }
    } else if (const auto* c = std::get_if<Chart>(&b)) h += render_figure(*c);
    else if (const auto* k = std::get_if<std::vector<Kpi>>(&b)) h += render_kpis(*k);
    else if (const auto* p = std::get_if<Paragraph>(&b)) h += "<p class=\"para\">" + escape_xml(p->text) + "</p>\n";
  }
  if (in_charts) h += "</div>\n";
  return h + "</section>\n";
}

std::string render_appendix(const Appendix& appendix, const HtmlOptions& opt) {
  if (appendix.tables.empty()) return "";
  std::string h = "<section class=\"view appendix\" id=\"appendix\">\n<h2>Appendix: long tables</h2>\n";
  for (std::size_t n = 0; n < appendix.tables.size(); ++n) {
    h += fmt::format("<div id=\"appendix-{}\"><h3>A{}</h3>\n", n + 1, n + 1);
    h += render_table(*appendix.tables[n], page_limit(*appendix.tables[n], opt)) + "</div>\n";
  }
  return h + "</section>\n";
}

}  // namespace

std::string render_html(const Document& doc, const HtmlOptions& opt) {
  std::string h;
  h.reserve(1 << 16);
  h += render_head(doc, opt);
  if (opt.table_of_contents && doc.sections.size() > 1) {
    h += "<nav class=\"toc\" aria-label=\"Contents\">";
    for (std::size_t i = 0; i < doc.sections.size(); ++i)
      h += fmt::format("<a href=\"#{}\">{}</a>", section_id(doc.sections[i], i), escape_xml(doc.sections[i].heading));
    h += "</nav>\n";
  }
  Appendix appendix{.limit = opt.appendix_rows, .tables = {}};
  for (std::size_t i = 0; i < doc.sections.size(); ++i) h += render_section(doc.sections[i], i, opt, appendix);
  h += render_appendix(appendix, opt);
  if (!doc.footer.empty()) h += "<footer class=\"doc\">" + escape_xml(doc.footer) + "</footer>\n";
  h += "</div>\n</body>\n</html>\n";
  return h;
}

std::string render_markdown(const Document& doc) {
  std::string m = "# " + doc.title + "\n\n";
  if (!doc.subtitle.empty()) m += doc.subtitle + "\n\n";
  for (const auto& [k, v] : doc.facts) m += "- **" + k + ":** " + v + "\n";
  if (!doc.facts.empty()) m += "\n";
  for (const auto& s : doc.sections) {
    m += "## " + s.heading + "\n\n";
    if (!s.intro.empty()) m += s.intro + "\n\n";
    for (const auto& b : s.blocks) {
      if (const auto* t = std::get_if<Table>(&b)) {
        if (!t->title().empty()) m += "**" + t->title() + "**\n\n";
        std::string head = "|", rule = "|";
        for (const auto& c : t->columns()) {
          head += " " + md_cell(c.unit.empty() ? c.heading() : c.heading() + " (" + c.unit + ")") + " |";
          rule += numeric(c.type) ? " ---: |" : " --- |";
        }
        m += head + "\n" + rule + "\n";
        for (const auto& r : t->rows()) {
          m += "|";
          for (std::size_t i = 0; i < r.size(); ++i) m += " " + md_cell(format_cell(r[i], t->columns()[i])) + " |";
          m += "\n";
        }
        if (t->rows().empty()) m += "| *Nothing to show* |" + std::string(t->columns().size() > 1 ? std::string(t->columns().size() - 1, '|') : "") + "\n";
        m += "\n";
        if (!t->note().empty()) m += "*" + t->note() + "*\n\n";
      } else if (const auto* c = std::get_if<Chart>(&b)) {
        m += "*Chart: " + c->title + " (see the HTML version).*\n\n";
      } else if (const auto* k = std::get_if<std::vector<Kpi>>(&b)) {
        for (const auto& kpi : *k) {
          m += "- **" + kpi.label + ":** " + format_cell(kpi.value, kpi.column) + (kpi.column.unit.empty() ? "" : " " + kpi.column.unit);
          if (!kpi.detail.empty()) m += " (" + kpi.detail + ")";
          m += "\n";
        }
        m += "\n";
      } else if (const auto* p = std::get_if<Paragraph>(&b)) {
        m += p->text + "\n\n";
      }
    }
  }
  if (!doc.footer.empty()) m += "---\n" + doc.footer + "\n";
  return m;
}

void write_html(const Document& doc, const std::string& path, const HtmlOptions& options) {
  write_file_atomically(path, render_html(doc, options));
}

}  // namespace gfund::reports
