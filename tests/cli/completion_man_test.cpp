// `gfund completion bash` and `gfund man` come from the CLI's own
// definitions: the script, sourced in a real bash, completes the verbs, a
// verb's options (every one its --help lists) and an option's fixed values;
// the page renders in groff without a warning and names every verb.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>

#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

// What _gfund offers for `words` with the cursor on the last one.
std::string completion_offers(const std::vector<std::string>& words) {
  std::string array;
  for (const auto& w : words) array += " '" + w + "'";
  const auto r = run_shell("bash -c 'source <(\"$0\" completion bash) && COMP_WORDS=(" + array.substr(1) +
                           ") && COMP_CWORD=" + std::to_string(words.size() - 1) +
                           " && _gfund && echo \"${COMPREPLY[*]}\"' '" + gfund_exe() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out.substr(0, r.out.find('\n'));
}

std::set<std::string> words_of(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

// The verbs `gfund --help` lists under "Subcommands:".
std::vector<std::string> listed_verbs() {
  const std::string help = run_gfund({"--help"}).out;
  std::vector<std::string> out;
  std::istringstream in(help.substr(help.find("Subcommands:")));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line))
    if (line.size() > 2 && line[0] == ' ' && line[2] != ' ') out.push_back(line.substr(2, line.find(' ', 2) - 2));
  return out;
}

// The long options a verb's --help lists.
std::set<std::string> help_options(const std::string& verb) {
  const std::string help = run_gfund({verb, "--help"}).out;
  std::set<std::string> out;
  const std::regex option("^\\s+(?:-\\w,)?(--[a-z0-9-]+)");
  std::istringstream in(help);
  for (std::string line; std::getline(in, line);)
    if (std::smatch m; std::regex_search(line, m, option)) out.insert(m[1]);
  return out;
}

TEST(Completion, CompletesVerbsOptionsAndFixedValuesInBash) {
  EXPECT_EQ(completion_offers({"gfund", "sta"}), "status");
  EXPECT_EQ(words_of(completion_offers({"gfund", "s"})),
            (std::set<std::string>{"schedule", "status", "snapshot", "simulate", "size", "stress", "serve", "seal"}));
  EXPECT_EQ(completion_offers({"gfund", "status", "--j"}), "--json");
  EXPECT_EQ(completion_offers({"gfund", "-q", "calibrate", "--pr"}), "--prior");
  EXPECT_EQ(words_of(completion_offers({"gfund", "simulate", "--method", ""})), (std::set<std::string>{"is", "plain"}));
  EXPECT_EQ(completion_offers({"gfund", "completion", ""}), "bash");
  EXPECT_EQ(completion_offers({"gfund", "status", "--db", ""}), "");  // a value: bash's file names
  EXPECT_EQ(completion_offers({"gfund", "nosuchverb", "--"}), "");
}

TEST(Completion, EveryVerbOffersEveryOptionItsHelpLists) {
  const auto verbs = listed_verbs();
  ASSERT_GE(verbs.size(), 25u);
  EXPECT_EQ(words_of(completion_offers({"gfund", ""})).count("calibrate"), 1u);
  for (const auto& verb : verbs) {
    const auto offered = words_of(completion_offers({"gfund", verb, "--"}));
    for (const auto& opt : help_options(verb)) EXPECT_EQ(offered.count(opt), 1u) << verb << " " << opt;
    EXPECT_EQ(offered.count("--quiet"), 1u) << verb;  // the top-level option every verb falls through to
  }
}

TEST(ManPage, RendersWithoutWarningsAndNamesEveryVerb) {
  const auto page = run_gfund({"man"});
  ASSERT_EQ(page.exit_code, 0) << page.err;
  for (const char* s : {".TH GFUND 1", ".SH NAME\ngfund \\- ", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH COMMANDS",
                        ".SH ENVIRONMENT", "GFUND_DB", "gfund.toml"})
    EXPECT_NE(page.out.find(s), std::string::npos) << s;
  for (const auto& verb : listed_verbs())
    EXPECT_NE(page.out.find(".SS \"gfund " + std::regex_replace(verb, std::regex("-"), "\\-") + "\""),
              std::string::npos)
        << verb;
  // Rendered by groff (man's own formatter): no warning, every verb's heading and an option's help text.
  TempDir dir;
  write_file(dir.file("gfund.1"), page.out);
  const auto r = run_shell("groff -man -Tutf8 -ww -P-cbou '" + dir.file("gfund.1") + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("GFUND(1)"), std::string::npos) << r.out.substr(0, 400);
  for (const auto& verb : listed_verbs()) EXPECT_NE(r.out.find("gfund " + verb + "\n"), std::string::npos) << verb;
  EXPECT_NE(r.out.find("--db"), std::string::npos);
  EXPECT_NE(r.out.find("Model file to write (TOML)"), std::string::npos);  // calibrate --out's help
  const auto via_man = run_shell("MANPAGER=cat MANWIDTH=80 man -l '" + dir.file("gfund.1") + "' 2>&1");
  EXPECT_EQ(via_man.exit_code, 0) << via_man.out;
  EXPECT_NE(via_man.out.find("calibrate"), std::string::npos) << via_man.out.substr(0, 400);
}

}  // namespace
}  // namespace gfund::testing
