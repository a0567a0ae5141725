// The roff man page (cli/man_page.hpp).
#include "cli/man_page.hpp"

#include <fmt/format.h>

#include "cli/app_tree.hpp"

namespace gfund::cli {

namespace {

// Text made safe for roff: a backslash is "\e", a dash "\-" (so it is not
// hyphenated), and a line starting with '.' or '\'' is not read as a request.
std::string roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (const char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
    line_start = c == '\n';
  }
  return out;
}

// The value placeholder of an option: its CLI11 type without the check
// ("ENUM:value in {...}" -> its choices, "TEXT" -> "TEXT").
std::string placeholder(const CLI::Option& opt) {
  if (const auto choices = fixed_choices(opt); !choices.empty()) {
    std::string out;
    for (const auto& c : choices) out += (out.empty() ? "" : "|") + c;
    return out;
  }
  const std::string type = opt.get_type_name();
  return type.substr(0, type.find(':'));
}

std::string option_item(const CLI::Option& opt) {
  std::string names;
  if (opt.get_positional()) names = "\\fI" + roff(opt.get_name()) + "\\fR";
  for (const auto& n : typed_names(opt)) names += (names.empty() ? "" : ", ") + ("\\fB" + roff(n) + "\\fR");
  if (takes_value(opt)) names += " \\fI" + roff(placeholder(opt)) + "\\fR";
  std::string help = opt.get_description();
  if (opt.get_required()) help += " (required)";
  return ".TP\n" + names + "\n" + roff(help) + "\n";
}

std::string verb_section(const CLI::App& verb) {
  std::string out = fmt::format(".SS \"gfund {}\"\n{}\n", roff(verb.get_name()), roff(verb.get_description()));
  for (const CLI::Option* opt : options_of(verb))
    if (!(opt->get_name() == "--help" || opt->get_name() == "-h,--help")) out += option_item(*opt);
  return out;
}

}  // namespace

std::string man_page(const CLI::App& root, const std::string& version) {
  std::string verbs, sections;
  for (const CLI::App* v : verbs_of(root)) {
    verbs += (verbs.empty() ? "" : ", ") + ("\\fB" + roff(v->get_name()) + "\\fR");
    sections += verb_section(*v);
  }
  std::string top;
  for (const CLI::Option* opt : options_of(root)) top += option_item(*opt);
  return fmt::format(
      ".TH GFUND 1 \"\" \"gfund {}\" \"User Commands\"\n"
      ".SH NAME\ngfund \\- {}\n"
      ".SH SYNOPSIS\n.B gfund\n[\\fB\\-\\-quiet\\fR] \\fIcommand\\fR [\\fIoptions\\fR]\n.br\n"
      ".B gfund\n\\fIcommand\\fR \\fB\\-\\-help\\fR\n"
      ".SH DESCRIPTION\n"
      "gfund keeps a loan guarantee fund's ledger (SQLite), simulates defaults (Monte Carlo), sizes the fund "
      "and writes its reports. Each command below is typed after \\fBgfund\\fR; \\fBgfund\\fR \\fIcommand\\fR "
      "\\fB\\-\\-help\\fR prints the same options. Commands: {}.\n"
      ".SH OPTIONS\nThese options are taken before or after any command.\n{}"
      ".SH COMMANDS\n{}"
      ".SH ENVIRONMENT\n.TP\n.B GFUND_DB\nThe ledger a command takes when \\fB\\-\\-db\\fR is not typed.\n"
      ".TP\n.B GFUND_DATA_DIR\nThe folder of gfund's shipped data (demo fixtures, models, plans, scenarios).\n"
      ".SH FILES\n.TP\n.I ./gfund.toml\\fR, \\fI$XDG_CONFIG_HOME/gfund/config.toml\\fR, "
      "\\fI~/.config/gfund/config.toml\n"
      "The settings file (the first found): keys \\fBdb\\fR and \\fBmodel\\fR (docs/settings.md).\n"
      ".SH EXIT STATUS\n0 success; 1 a check found differences; 64 usage; 65 bad data; 66 missing input; "
      "70 internal error; 74 input/output error; 75 ledger busy.\n",
      roff(version), roff(root.get_description().substr(root.get_description().find(" - ") + 3)), verbs, top,
      sections);
}

}  // namespace gfund::cli
