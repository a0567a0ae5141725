// gfund as others get it: `cmake --install` of this (already built) tree into
// a fresh prefix, then the installed executable and the CMake package used
// from there alone, as a consumer would, with the source tree out of reach.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "models/currency.hpp"
#include "models/money.hpp"
#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

namespace fs = std::filesystem;

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

// A prefix of our own under the build folder (per process: CTest runs these
// tests in parallel). Under the build folder rather than /tmp so that ccache,
// whose base folder holds the build, hits on the examples from run to run.
class Installed : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = fs::path(GFUND_BINARY_DIR) / fmt::format("install-test-{}", ::getpid());
    fs::remove_all(work_);
    fs::create_directories(work_);
    prefix_ = work_ / "prefix";
    const auto r = run_shell(fmt::format("{} --install {} --prefix {}", q(GFUND_CMAKE), q(GFUND_BINARY_DIR), q(prefix_)));
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }
  void TearDown() override {
    std::error_code ec;
    if (!HasFailure()) fs::remove_all(work_, ec);  // kept on failure, to look at
  }
  // The installed gfund, from the work folder, with no data folder pointed at.
  RunResult gfund(const std::string& args, const std::string& env = "") const {
    return run_shell(fmt::format("cd {} && env -u GFUND_DATA_DIR {} {} {}", q(work_), env, q(prefix_ / "bin/gfund"), args));
  }
  fs::path data() const { return prefix_ / "share/gfund/fixtures"; }

  // Configures and builds examples/<name> against the prefix, in a fresh folder.
  fs::path build_example(const std::string& name) const {
    const fs::path dir = work_ / ("build-" + name);
    std::string launcher = GFUND_CXX_LAUNCHER;
    std::string configure = fmt::format(
        "{} -S {} -B {} -G {} -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH={} -DCMAKE_CXX_COMPILER={} "
        "-DCMAKE_CXX_FLAGS={}{}",
        q(GFUND_CMAKE), q(fs::path(GFUND_SOURCE_DIR) / "examples" / name), q(dir), q(GFUND_CMAKE_GENERATOR),
        q(prefix_), q(GFUND_CXX_COMPILER), q(GFUND_EXAMPLE_CXX_FLAGS),
        launcher.empty() ? "" : " -DCMAKE_CXX_COMPILER_LAUNCHER=" + q(launcher));
    const auto c = run_shell(configure + " 2>&1");
    EXPECT_EQ(c.exit_code, 0) << configure << "\n" << c.out;
    const auto b = run_shell(fmt::format("{} --build {} 2>&1", q(GFUND_CMAKE), q(dir)));
    EXPECT_EQ(b.exit_code, 0) << b.out;
    return dir / name;
  }

  fs::path work_, prefix_;
};

TEST_F(Installed, PrefixHoldsLibrariesHeadersPackageAndData) {
  for (const char* f : {"bin/gfund", "lib/libgfund_models.a", "lib/libgfund_ledger.a", "lib/libgfund_risk.a",
                        "lib/libgfund_reports.a", "lib/cmake/gfund/gfundConfig.cmake",
                        "lib/cmake/gfund/gfundConfigVersion.cmake", "lib/cmake/gfund/gfundTargets.cmake",
                        "include/gfund/models/money.hpp", "include/gfund/engine/risk/simulate.hpp",
                        "include/gfund/engine/ledger/fund_account.hpp", "include/gfund/reports/table.hpp",
                        "share/gfund/fixtures/models/demo.toml", "share/gfund/fixtures/demo/agreements.csv",
                        "share/gfund/fixtures/books/small_book.csv", "share/gfund/docs/model-file.md",
                        "share/gfund/docs/README.md", "share/gfund/docs/settings.md", "share/man/man1/gfund.1",
                        "share/bash-completion/completions/gfund"})
    EXPECT_TRUE(fs::exists(prefix_ / f)) << f;
  // The installed page and script are the installed gfund's own.
  EXPECT_EQ(read_file((prefix_ / "share/man/man1/gfund.1").string()), gfund("man").out);
  EXPECT_EQ(read_file((prefix_ / "share/bash-completion/completions/gfund").string()), gfund("completion bash").out);
  // The CLI and the tests are not part of the library; fixtures ship as data only.
  for (const char* f : {"include/gfund/cli", "include/gfund/tests", "share/gfund/fixtures/generator"})
    EXPECT_FALSE(fs::exists(prefix_ / f)) << f;
}

// DESIGN.md: nothing in the binary points back at the source tree (which
// holds the build tree here, so this covers both).
TEST_F(Installed, BinaryHoldsNoSourcePath) {
  const std::string exe = read_file((prefix_ / "bin/gfund").string());
  const std::string source = fs::weakly_canonical(GFUND_SOURCE_DIR).string();
  EXPECT_EQ(exe.find(source), std::string::npos) << "bin/gfund contains " << source;
}

TEST_F(Installed, FindsItsDataBesideItselfOrWhereTheEnvironmentSays) {
  // calibrate needs the default prior before it opens the ledger: a cheap probe.
  const std::string probe = "calibrate --db nowhere.db --as-of 2023-12-31 --out m.toml";
  auto r = gfund(probe, "GFUND_DATA_DIR=/nonexistent/gfund-data");
  EXPECT_EQ(r.exit_code, 66) << r.err;
  EXPECT_NE(r.err.find("GFUND_DATA_DIR"), std::string::npos) << r.err;

  fs::rename(data(), work_ / "moved-data");
  r = gfund(probe);
  EXPECT_EQ(r.exit_code, 66) << r.err;
  EXPECT_NE(r.err.find("cannot find gfund's data folder"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("share/gfund/fixtures"), std::string::npos) << r.err;

  // Pointed at the moved folder, it gets past the prior to the missing ledger.
  r = gfund(probe, "GFUND_DATA_DIR=" + q(work_ / "moved-data"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.err.find("data folder"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nowhere.db"), std::string::npos) << r.err;
}

// The two examples, built against the installed package, on a ledger the
// installed gfund made, give the figures gfund itself reports.
TEST_F(Installed, ExamplesBuildAgainstThePackageAndAgreeWithGfund) {
  auto demo = gfund("demo --out demo --scenarios 1000 --seed 5");
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  const std::string db = (work_ / "demo/ledger.db").string();

  const fs::path fund_account = build_example("fund_account");
  auto a = run_shell(fmt::format("{} {} 2023-12-31", q(fund_account), q(db)));
  ASSERT_EQ(a.exit_code, 0) << a.err;
  auto s = gfund(fmt::format("status --db {} --as-of 2023-12-31 --json", q(db)));
  ASSERT_EQ(s.exit_code, 0) << s.err;
  const auto fund = nlohmann::json::parse(s.out)["fund"];
  const Money balance(currency_from_code(fund["currency"].get<std::string>()), fund["balance"]["minor"].get<std::int64_t>());
  EXPECT_GT(balance.minor(), 0);
  EXPECT_NE(a.out.find("balance"), std::string::npos) << a.out;
  EXPECT_NE(a.out.find(format_money(balance)), std::string::npos) << a.out << "\nexpected balance " << format_money(balance);

  const fs::path simulate_book = build_example("simulate_book");
  const std::string inputs =
      fmt::format("{} {} {}", q(data() / "books/small_book.csv"), q(data() / "demo/agreements.csv"), q(data() / "models/demo.toml"));
  auto e = run_shell(fmt::format("{} {} 2023-12-31 '250000 USD' 2000 3", q(simulate_book), inputs));
  ASSERT_EQ(e.exit_code, 0) << e.err;
  auto j = gfund(fmt::format("simulate --book {} --agreements {} --model {} --as-of 2023-12-31 --capital '250000 USD' "
                             "--scenarios 2000 --seed 3 --json",
                             q(data() / "books/small_book.csv"), q(data() / "demo/agreements.csv"),
                             q(data() / "models/demo.toml")));
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const auto f = nlohmann::json::parse(j.out)["entities"][0];
  auto es99 = [](const nlohmann::json& dist) {
    for (const auto& t : dist["tails"])
      if (t["level"].get<double>() == 0.99) return t["es"]["value"].get<double>();
    ADD_FAILURE() << "no 99% tail";
    return 0.0;
  };
  auto usd = [](double minor) { return fmt::format("{:.2f} USD", minor / 100); };
  const std::string loss = fmt::format("loss   EL {}  ES99 {}", usd(f["loss_minor"]["mean"]["value"].get<double>()),
                                       usd(es99(f["loss_minor"])));
  const std::string claims = fmt::format("claims EL {}  ES99 {}", usd(f["claims_minor"]["mean"]["value"].get<double>()),
                                         usd(es99(f["claims_minor"])));
  EXPECT_NE(e.out.find(loss), std::string::npos) << e.out << "\nexpected " << loss;
  EXPECT_NE(e.out.find(claims), std::string::npos) << e.out << "\nexpected " << claims;
}

}  // namespace
}  // namespace gfund::testing
