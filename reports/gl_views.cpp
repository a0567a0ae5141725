#include "reports/gl_views.hpp"

#include <filesystem>

#include "reports/view_support.hpp"

namespace gfund::reports {

Table gl_journal_table(const ledger::GeneralLedger& gl, const Currency& c) {
  using namespace view;  // in the function: a unity build merges the reports files
  const std::string unit = code(c);
  Table t("General ledger journal",
          {int_col("entry", "Entry"), {"date", ColumnType::date, "", 0, "Date"}, text_col("account", "Account"),
           money_col("debit", "Debit", unit), money_col("credit", "Credit", unit), text_col("memo", "Memo")});
  for (const auto& e : gl.journal)
    for (const auto& l : e.lines)
      t.add_row({count(e.number), e.date, text(std::string(to_string(l.account))),
                 l.debit_minor ? money(c, l.debit_minor) : Cell{}, l.credit_minor ? money(c, l.credit_minor) : Cell{},
                 text(e.memo)});
  return t;
}

Table gl_trial_balance_table(const ledger::GeneralLedger& gl, const Currency& c) {
  using namespace view;
  const std::string unit = code(c);
  Table t("Trial balance", {text_col("account", "Account"), money_col("debit", "Debit", unit),
                            money_col("credit", "Credit", unit), money_col("balance", "Balance (debit - credit)", unit)});
  std::int64_t debit = 0, credit = 0;
  for (const auto& r : gl.trial_balance) {
    t.add_row({text(std::string(to_string(r.account))), money(c, r.debit_minor), money(c, r.credit_minor),
               money(c, r.balance_minor())});
    debit += r.debit_minor;
    credit += r.credit_minor;
  }
  t.add_row({text("Total"), money(c, debit), money(c, credit), money(c, debit - credit)});
  t.set_total_rows(1);
  return t;
}

std::string trial_balance_path(const std::string& journal_path) {
  std::filesystem::path p(journal_path);
  const std::string ext = p.has_extension() ? p.extension().string() : ".csv";
  return (p.parent_path() / (p.stem().string() + "-trial-balance" + ext)).string();
}

}  // namespace gfund::reports
