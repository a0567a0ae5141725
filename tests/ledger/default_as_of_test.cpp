// A command on the ledger without --as-of reads it as of its last event, and
// says so: a ledger last fed months ago, read as of today, would show every
// live loan months past due (and simulate would call them all defaulted).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/ledger/ledger_book.hpp"
#include "ledger/ledger_test_support.hpp"

namespace gfund::testing {
namespace {

TEST(DefaultAsOf, IsTheLedgersLastEventAndIsSaid) {
  TempDir dir;
  const std::string db = make_mini_ledger(dir);
  const auto last = ledger::last_event_date(db);
  ASSERT_TRUE(last.has_value());
  auto given = run_gfund({"status", "--db", db, "--as-of", format_date(*last), "--json"});
  auto implied = run_gfund({"status", "--db", db, "--json"});
  ASSERT_EQ(given.exit_code, 0) << given.err;
  ASSERT_EQ(implied.exit_code, 0) << implied.err;
  EXPECT_EQ(implied.out, given.out);
  EXPECT_NE(implied.err.find("as of " + format_date(*last) + ", the ledger's last event"), std::string::npos)
      << implied.err;
  EXPECT_EQ(given.err.find("last event"), std::string::npos) << given.err;
  // simulate too: no loan is counted defaulted for the months since.
  const std::string model = fixtures_dir() + "/models/demo.toml";
  auto sim = run_gfund({"simulate", "--db", db, "--model", model, "--scenarios", "200", "--json"});
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  EXPECT_EQ(nlohmann::json::parse(sim.out)["as_of"], format_date(*last));
}

TEST(DefaultLedgerAndModel, GfundDbNamesTheLedgerAndTheShippedModelIsTheDefault) {
  TempDir dir;
  const std::string db = make_mini_ledger(dir);
  const auto typed = run_gfund({"status", "--db", db, "--json"});
  const auto from_env = gfund::testing::run_shell("GFUND_DB='" + db + "' " + gfund_exe() + " status --json");
  ASSERT_EQ(from_env.exit_code, 0) << from_env.err;
  EXPECT_EQ(from_env.out, typed.out);
  // Without either, the option is still required.
  const auto none = gfund::testing::run_shell("env -u GFUND_DB " + gfund_exe() + " status");
  EXPECT_EQ(none.exit_code, 64);
  EXPECT_NE(none.err.find("--db"), std::string::npos) << none.err;
  // simulate without --model takes the shipped model, and says which.
  const auto sim = run_gfund({"simulate", "--db", db, "--scenarios", "200", "--json"});
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  EXPECT_NE(sim.err.find("models/demo.toml (the shipped default"), std::string::npos) << sim.err;
  const auto given = run_gfund({"simulate", "--db", db, "--scenarios", "200", "--json", "--model",
                                fixtures_dir() + "/models/demo.toml"});
  EXPECT_EQ(nlohmann::json::parse(sim.out)["entities"], nlohmann::json::parse(given.out)["entities"]);
  // The risk verbs take GFUND_DB too when given neither --db nor --book, and say so.
  const auto env_sim = run_shell("GFUND_DB='" + db + "' " + gfund_exe() + " simulate --scenarios 200 --json");
  ASSERT_EQ(env_sim.exit_code, 0) << env_sim.err;
  EXPECT_EQ(nlohmann::json::parse(env_sim.out)["entities"], nlohmann::json::parse(sim.out)["entities"]);
  EXPECT_NE(env_sim.err.find("ledger " + db + " (from GFUND_DB"), std::string::npos) << env_sim.err;
  const auto env_size = run_shell("GFUND_DB='" + db + "' " + gfund_exe() + " size --scenarios 200 --question capital --json");
  EXPECT_EQ(env_size.exit_code, 0) << env_size.err;
  // Without any, a risk verb still asks for its input.
  const auto none_sim = run_shell("env -u GFUND_DB " + gfund_exe() + " simulate --scenarios 200");
  EXPECT_EQ(none_sim.exit_code, 64);
  EXPECT_NE(none_sim.err.find("--db"), std::string::npos) << none_sim.err;
}

TEST(DefaultAsOf, AMissingLedgerOrABadDateIsRefused) {
  TempDir dir;
  auto r = run_gfund({"status", "--db", dir.file("none.db")});
  EXPECT_EQ(r.exit_code, 66) << r.err;
  const std::string db = make_mini_ledger(dir);
  r = run_gfund({"status", "--db", db, "--as-of", "2024-02-30"});
  EXPECT_EQ(r.exit_code, 64) << r.err;
  EXPECT_NE(r.err.find("--as-of"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace gfund::testing
