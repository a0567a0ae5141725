// The demo's key figures, pinned: `simulate`, `size` and `stress` on the demo
// ledger with a fixed seed, compared with the checked-in expected outputs in
// tests/cli/expected/ (one JSON file per command: its arguments, the
// tolerance, and the figures as JSON pointers into the command's --json
// output). The same seed gives the same bytes on any thread count and SIMD
// path, so the tolerance only allows for the last digits of the platform's
// libm (relative 1e-9); a moved figure fails here and the change must say
// why. To re-pin after an intended change: GFUND_UPDATE_EXPECTED=1 ctest -R
// DemoFigures, then review the diff of tests/cli/expected/.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

const std::string kExpectedDir = std::string(GFUND_SOURCE_DIR) + "/tests/cli/expected/";

// The demo ledger, built once for the three commands.
const std::string& demo_ledger() {
  static TempDir dir;
  static const std::string db = [] {
    const auto r = run_gfund({"demo", "--out", dir.file("demo"), "--scenarios", "500", "--seed", "7"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return dir.file("demo") + "/ledger.db";
  }();
  return db;
}

std::vector<std::string> expand(const nlohmann::json& args) {
  std::vector<std::string> out;
  for (const auto& a : args) {
    std::string s = a.get<std::string>();
    if (s == "{ledger}") s = demo_ledger();
    if (s.rfind("{fixtures}", 0) == 0) s = fixtures_dir() + s.substr(10);
    out.push_back(s);
  }
  return out;
}

void check_figures(const std::string& name) {
  const std::string path = kExpectedDir + name + ".json";
  nlohmann::json expected = nlohmann::json::parse(read_file(path));
  const auto r = run_gfund(expand(expected["args"]));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json actual = nlohmann::json::parse(r.out);
  const double rel = expected["tolerance"]["relative"].get<double>();
  const double abs = expected["tolerance"]["absolute"].get<double>();
  const bool update = std::getenv("GFUND_UPDATE_EXPECTED") != nullptr;
  int compared = 0;
  for (auto& [pointer, want] : expected["figures"].items()) {
    const nlohmann::json::json_pointer p(pointer);
    ASSERT_TRUE(actual.contains(p)) << name << ": " << pointer << " is not in the output";
    const nlohmann::json& got = actual.at(p);
    ++compared;
    if (update) {
      want = got;
      continue;
    }
    if (got.is_number() && want.is_number()) {
      const double g = got.get<double>(), w = want.get<double>();
      EXPECT_LE(std::fabs(g - w), abs + rel * std::fabs(w)) << name << ": " << pointer << " is " << g << ", pinned " << w;
    } else {
      EXPECT_EQ(got, want) << name << ": " << pointer;
    }
  }
  EXPECT_GE(compared, 5) << name << ": too few pinned figures";
  if (update) std::ofstream(path) << expected.dump(2) << "\n";
}

TEST(DemoFigures, Simulate) { check_figures("demo_simulate"); }
TEST(DemoFigures, Size) { check_figures("demo_size"); }
TEST(DemoFigures, Stress) { check_figures("demo_stress"); }

}  // namespace
}  // namespace gfund::testing
