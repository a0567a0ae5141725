// gfund's settings file (docs/settings.md): ./gfund.toml, else
// $XDG_CONFIG_HOME/gfund/config.toml, else ~/.config/gfund/config.toml, keys
// db and model; a typed flag beats GFUND_DB, which beats the file. A missing
// ledger's error names the path gfund took, which shows whose it was.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

// Runs gfund in `cwd` with the environment `env` ("A=1 B=2"), HOME and
// XDG_CONFIG_HOME cleared unless `env` sets them, GFUND_DB unset.
RunResult settings_run(const std::string& cwd, const std::string& env, const std::string& args) {
  return run_shell("cd '" + cwd + "' && env -u GFUND_DB -u XDG_CONFIG_HOME HOME=/nonexistent " + env + " " +
                   gfund_exe() + " " + args);
}

TEST(SettingsFile, FlagBeatsEnvironmentBeatsTheFile) {
  TempDir dir;
  write_file(dir.file("gfund.toml"), "# the fund's ledger\ndb = \"from-config.db\"\n");
  const std::string cwd = dir.path().string();
  auto r = settings_run(cwd, "", "status");
  EXPECT_EQ(r.exit_code, 66);
  EXPECT_NE(r.err.find("from-config.db: no such ledger"), std::string::npos) << r.err;
  r = settings_run(cwd, "GFUND_DB=from-env.db", "status");
  EXPECT_NE(r.err.find("from-env.db: no such ledger"), std::string::npos) << r.err;
  r = settings_run(cwd, "GFUND_DB=from-env.db", "status --db from-flag.db");
  EXPECT_NE(r.err.find("from-flag.db: no such ledger"), std::string::npos) << r.err;
  // The named ledger works end to end: init creates it where the file says, status reads it.
  ASSERT_EQ(settings_run(cwd, "", "init").exit_code, 0);
  EXPECT_TRUE(std::filesystem::exists(dir.file("from-config.db")));
  r = settings_run(cwd, "", "status --json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // Without a file (and no GFUND_DB), --db is required again.
  std::filesystem::remove(dir.file("gfund.toml"));
  r = settings_run(cwd, "", "status");
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("--db"), std::string::npos) << r.err;
}

TEST(SettingsFile, FoundInTheXdgFolderElseHomeAndTheLocalFileWins) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "work");
  std::filesystem::create_directories(dir.path() / "xdg/gfund");
  std::filesystem::create_directories(dir.path() / "home/.config/gfund");
  write_file(dir.file("xdg/gfund/config.toml"), "db = \"xdg.db\"\n");
  write_file(dir.file("home/.config/gfund/config.toml"), "db = \"/srv/fund/home.db\"\n");
  const std::string work = dir.file("work"), xdg = "XDG_CONFIG_HOME='" + dir.file("xdg") + "'",
                    home = "HOME='" + dir.file("home") + "'";
  // A relative path is taken from the settings file's folder.
  auto r = settings_run(work, xdg + " " + home, "status");
  EXPECT_NE(r.err.find(dir.file("xdg/gfund/xdg.db") + ": no such ledger"), std::string::npos) << r.err;
  r = settings_run(work, home, "status");
  EXPECT_NE(r.err.find("/srv/fund/home.db: no such ledger"), std::string::npos) << r.err;
  write_file(dir.file("work/gfund.toml"), "db = \"local.db\"\n");
  r = settings_run(work, xdg + " " + home, "status");
  EXPECT_NE(r.err.find("local.db: no such ledger"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("xdg.db"), std::string::npos) << r.err;
}

TEST(SettingsFile, TheModelKeyIsTheRiskVerbsDefaultAndTheFlagBeatsIt) {
  TempDir dir;
  write_file(dir.file("gfund.toml"), "model = \"models/fund.toml\"\n");
  const std::string cwd = dir.path().string();
  ASSERT_EQ(settings_run(cwd, "", "init --db x.db").exit_code, 0);
  // Neither model file exists: the error names the one gfund took.
  auto r = settings_run(cwd, "", "simulate --db x.db --scenarios 10");
  EXPECT_EQ(r.exit_code, 66) << r.err;
  EXPECT_NE(r.err.find("model models/fund.toml (from gfund.toml; --model FILE for another)"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("error: models/fund.toml"), std::string::npos) << r.err;
  r = settings_run(cwd, "", "simulate --db x.db --scenarios 10 --model typed.toml");
  EXPECT_EQ(r.err.find("models/fund.toml"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("error: typed.toml"), std::string::npos) << r.err;
}

TEST(SettingsFile, UnknownKeysBadTypesAndBadTomlNameTheFileLineAndKey) {
  TempDir dir;
  const std::string cwd = dir.path().string();
  struct Case {
    const char* text;
    const char* said;
  };
  for (const Case& c : {Case{"db = \"a.db\"\n\ndbb = \"b.db\"\n", "gfund.toml:3: field 'dbb': unknown key (a settings file takes db and model"},
                        Case{"db = 3\n", "gfund.toml:1: field 'db': must be a string"},
                        Case{"model = \"\"\n", "gfund.toml:1: field 'model': must not be empty"},
                        Case{"[db]\npath = \"x\"\n", "gfund.toml:1: field 'db': must be a string"},
                        Case{"db = [\n", "gfund.toml:1: not valid TOML"}}) {
    write_file(dir.file("gfund.toml"), c.text);
    const auto r = settings_run(cwd, "", "status --db x.db");
    EXPECT_EQ(r.exit_code, 65) << c.text << r.err;
    EXPECT_NE(r.err.find(c.said), std::string::npos) << c.text << r.err;
  }
}

}  // namespace
}  // namespace gfund::testing
