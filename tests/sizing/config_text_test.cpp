// Configuration text the parsers must refuse cleanly (issue 18, item 5): a
// JSON number too large for a double, and a non-ASCII byte where a TOML key
// starts (undefined behaviour inside toml++ 3.3 if it ever got there). Each is
// a DataError naming the file and the line, through the library and through
// the CLI (exit 65, never 70) for a model, a plan and a scenario file.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "engine/risk/config_text.hpp"
#include "engine/risk/model_file.hpp"
#include "engine/sizing/config_file.hpp"
#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

// The message of the DataError `f` throws ("" when it throws none).
template <class F>
std::string refusal(F&& f) {
  try {
    f();
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

TEST(ConfigText, JsonNumberTooLargeForADoubleNamesFileAndLine) {
  const std::string text = "{\n  \"pd\": {\n    \"default\": 9e667\n  }\n}\n";
  EXPECT_EQ(refusal([&] { risk::parse_json_text(text, "m.json"); }),
            "m.json:3: not valid JSON: number out of range: '9e667'");
  EXPECT_EQ(refusal([&] { risk::parse_model_json(text, "m.json"); }),
            "m.json:3: not valid JSON: number out of range: '9e667'");
  EXPECT_EQ(refusal([&] { sizing::parse_config_text(text, "p.json", true); }),
            "p.json:3: not valid JSON: number out of range: '9e667'");
  // Other syntax errors keep nlohmann's own account, with the line found.
  EXPECT_NE(refusal([&] { risk::parse_json_text("{\n\"a\": tru }", "x.json"); }).find("x.json:2: not valid JSON: "),
            std::string::npos);
}

TEST(ConfigText, NonAsciiWhereATomlKeyStartsIsRefusedBeforeToml) {
  EXPECT_EQ(refusal([&] { risk::parse_toml_text("a = 1\n\xC3\xA9 = 2\n", "s.toml"); }),
            "s.toml:2: not valid TOML: a non-ASCII character outside a quoted string or a comment (a key that holds "
            "one must be quoted: \"name\" = ...)");
  EXPECT_NE(refusal([&] { risk::parse_toml_text("[[scenario]]\n\x80name = 1\n", "s.toml"); }).find("s.toml:2: "),
            std::string::npos);
  EXPECT_NE(refusal([&] { risk::parse_toml_text("a = \"ok\"\nb = 'x\xFF'\n", "s.toml"); }).find("s.toml:2: not valid TOML: not UTF-8"),
            std::string::npos);
}

// toml++ 3.3 asserts (a release build assumes) that a key starts with a
// bare-key byte or a quote; "[#x]" reached that assertion in the fuzz run.
TEST(ConfigText, PunctuationWhereATomlKeyStartsIsRefusedBeforeToml) {
  const std::string rule = "not valid TOML: a key must start with a letter, a digit, '_', '-' or a quote";
  EXPECT_EQ(refusal([&] { risk::parse_toml_text("[#x]\n", "s.toml"); }), "s.toml:1: " + rule);
  EXPECT_EQ(refusal([&] { risk::parse_toml_text("a = 1\n[[ ]s]]\n", "s.toml"); }), "s.toml:2: " + rule);
  EXPECT_EQ(refusal([&] { risk::parse_toml_text("a = 1\n\nb.#c = 2\n", "s.toml"); }), "s.toml:3: " + rule);
  EXPECT_EQ(refusal([&] { risk::parse_toml_text(" [[[", "s.toml"); }), "s.toml:1: " + rule);  // fuzz finding
  EXPECT_EQ(refusal([&] { risk::parse_toml_text("[a.", "s.toml"); }), "s.toml:1: " + rule);
  // Keys inside values, multi-line values and strings are not key starts.
  EXPECT_NO_THROW(risk::parse_toml_text("a = [\n  1,\n  { x = 1 },\n]\n[[s]]\n\"q\".k = 'v' # [#c]\n"
                                        "m = \"\"\"\n[#not a header\n\"\"\"\n",
                                        "s.toml"));
}

// toml++ 3.3's parser states what it believes about the text as checks that
// a release build (Debian's library) turns into assumptions. "[ }" in an
// array reaches parse_value with a value terminator (a fresh-seed fuzz
// finding, tests/fuzz/seeds/fuzz_plan_file/toml-array-value-terminator.toml):
// gfund compiles the parser with each check kept (engine/risk/toml.hpp), so
// the file is refused on the line where the check fails, in any build.
TEST(ConfigText, TextThatFailsTomlsOwnCheckIsRefusedOnItsLine) {
  const auto message = [](const std::string& line) {
    return fmt::format("{}: not valid TOML: the TOML reader cannot read this line safely (its check "
                       "'!is_value_terminator(*cp)' fails); look for a misplaced bracket, brace or comma",
                       line);
  };
  EXPECT_EQ(refusal([&] { risk::parse_toml_text("a = [ }", "s.toml"); }), message("s.toml:1"));
  EXPECT_EQ(refusal([&] { risk::parse_toml_text("# x\na = 1\n\nb = [   }}}\nc = 2\n", "s.toml"); }),
            message("s.toml:4"));
  EXPECT_EQ(refusal([&] { risk::parse_toml_text("[t]\nx = [ 1, }\n", "s.toml"); }), message("s.toml:2"));
  // The check raised directly, as the compiled parser raises it.
  EXPECT_THROW(risk::toml_check_failed("x"), risk::TomlCheckFailed);
  // The fuzzer's reproducer, through the plan reader: line 8 holds "[ }".
  const auto repro = std::string(GFUND_SOURCE_DIR) + "/tests/fuzz/seeds/fuzz_plan_file/toml-array-value-terminator.toml";
  EXPECT_NE(refusal([&] { sizing::load_config_file(repro); }).find(":8: not valid TOML: the TOML reader cannot"),
            std::string::npos);
}

// toml++ 3.3's generated Unicode tables end in unreachable code for most
// code points from U+00A1 to U+0499 (a fresh-seed fuzz finding: "7'7...Ň" is
// a bare value, the quote no string start, so the guard above passes it).
// engine/risk/toml.hpp answers "not whitespace" there, and the parser then
// refuses the text as it should.
TEST(ConfigText, ACodePointTomlsTablesDoNotListIsRefusedNotUndefined) {
  EXPECT_FALSE(toml::impl::is_whitespace(U'\u0147'));
  EXPECT_FALSE(toml::impl::is_whitespace(U'\u00A1'));
  EXPECT_TRUE(toml::impl::is_whitespace(U'\u3000'));  // listed whitespace stays whitespace
  const std::string refused = refusal([] { risk::parse_toml_text("a = 7'7\xC5\x87Z\n", "s.toml"); });
  EXPECT_EQ(refused.rfind("s.toml:1: not valid TOML", 0), 0u) << refused;
}

TEST(ConfigText, NonAsciiInTomlStringsAndCommentsIsFine) {
  const std::string text =
      "# ខេត្ត: provinces\n"
      "\"ស្រុក\" = 'Phnom Penh ភ្នំពេញ'\n"
      "b = \"\\\"ខ\\\" # not a comment\"\n"
      "c = \"\"\"\nline ខ\n\"\"\"\"\n"       // multi-line, ends in one extra quote
      "d = '''\nខ ''\n'''\n"
      "e = 1 # ខ\n";
  auto t = risk::parse_toml_text(text, "ok.toml");
  EXPECT_EQ(t["ស្រុក"].value_or(std::string()), "Phnom Penh ភ្នំពេញ");
  EXPECT_EQ(t["c"].value_or(std::string()), "line ខ\n\"");
  EXPECT_EQ(t["e"].value_or(0), 1);
  // After all those strings, a bare non-ASCII key is still found, on its line.
  EXPECT_NE(refusal([&] { risk::parse_toml_text(text + "ខ = 2\n", "ok.toml"); }).find("ok.toml:11: "),
            std::string::npos);
}

std::vector<std::string> sizing_args(const std::string& verb) {
  const std::string f = fixtures_dir();
  return {verb, "--agreements", f + "/demo/agreements.csv", "--plan", f + "/plans/demo-24m.toml", "--model",
          f + "/models/demo.toml", "--capital", "20000 USD", "--horizon", "36", "--scenarios", "200", "--seed", "11"};
}

void expect_exit_65(const RunResult& r, const std::string& site) {
  EXPECT_EQ(r.exit_code, 65) << r.err;
  EXPECT_NE(r.err.find(site), std::string::npos) << r.err;
}

TEST(ConfigTextCli, ModelPlanAndScenarioFilesExit65NamingFileAndLine) {
  TempDir dir;
  write_file(dir.file("m.json"), "{\"pd\": {\"default\": 9e667}}");
  auto args = sizing_args("size");
  args[6] = dir.file("m.json");
  expect_exit_65(run_gfund(args), dir.file("m.json") + ":1: not valid JSON: number out of range: '9e667'");

  write_file(dir.file("p.json"), "{\"lending\": [{\"bank\": \"WING\",\n \"months\": 9e667}]}");
  args = sizing_args("size");
  args[4] = dir.file("p.json");
  expect_exit_65(run_gfund(args), dir.file("p.json") + ":2: not valid JSON: number out of range: '9e667'");

  write_file(dir.file("s.json"), "{\"scenario\": [{\"name\": \"x\", \"pd_multiplier\": 9e667}]}");
  auto stress = sizing_args("stress");
  stress.insert(stress.end(), {"--scenario-file", dir.file("s.json")});
  expect_exit_65(run_gfund(stress), dir.file("s.json") + ":1: not valid JSON: number out of range");

  write_file(dir.file("s.toml"), "[[scenario]]\nname = \"x\"\n\xE1\x9E\x81 = 2.0\n");
  stress.back() = dir.file("s.toml");
  expect_exit_65(run_gfund(stress), dir.file("s.toml") + ":3: not valid TOML: a non-ASCII character");

  write_file(dir.file("m.toml"), "name = \"x\"\n\xC3\xA9 = 1\n");
  args = sizing_args("size");
  args[6] = dir.file("m.toml");
  expect_exit_65(run_gfund(args), dir.file("m.toml") + ":2: not valid TOML: a non-ASCII character");
}

TEST(ConfigTextCli, ADirectoryAsModelFileSaysItIsADirectory) {
  TempDir dir;
  auto args = sizing_args("size");
  args[6] = dir.path().string();
  auto r = run_gfund(args);
  EXPECT_EQ(r.exit_code, 66) << r.err;
  EXPECT_NE(r.err.find(dir.path().string() + ": is a directory, not a model file"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace gfund::testing
