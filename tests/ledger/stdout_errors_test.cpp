// Output that never arrived is a failure (issue 18, item 3): stdout on a full
// device or closed is exit 74 with a message, a reader that went away ends
// gfund quietly by SIGPIPE, and --out on a full disk leaves nothing behind.
#include <gtest/gtest.h>

#include "ledger/ledger_test_support.hpp"

namespace gfund::testing {
namespace {

class Stdout : public ::testing::Test {
 protected:
  void SetUp() override { db = make_mini_ledger(dir); }
  std::string gfund(const std::string& args) { return "'" + gfund_exe() + "' " + args; }
  TempDir dir;
  std::string db;
};

TEST_F(Stdout, OnAFullDeviceExits74WithAMessage) {
  for (const std::string verb : {"snapshot --as-of 2024-03-31", "status --as-of 2024-03-31 --json"}) {
    auto r = run_shell(gfund(verb + " --db '" + db + "' > /dev/full"));
    EXPECT_EQ(r.exit_code, 74) << verb << ": " << r.err;
    EXPECT_NE(r.err.find("gfund: error: cannot write standard output"), std::string::npos) << verb << ": " << r.err;
  }
}

TEST_F(Stdout, ClosedExits74WithAMessage) {
  auto r = run_shell(gfund("status --as-of 2024-03-31 --db '" + db + "' >&-"));
  EXPECT_EQ(r.exit_code, 74) << r.err;
  EXPECT_NE(r.err.find("gfund: error: cannot write standard output"), std::string::npos) << r.err;
}

// A reader that stops early (`| head`) ends gfund by SIGPIPE, quietly,
// whether the parent left SIGPIPE at its default or ignored it.
TEST_F(Stdout, BrokenPipeEndsQuietlyBySigpipe) {
  for (const std::string trap : {"", "trap '' PIPE; "}) {
    const std::string rc = dir.file("rc"), err = dir.file("err");
    // 20,000 loans is about 2 MB: far more than a pipe holds, so gfund is
    // still writing when head has gone.
    auto r = run_shell(trap + "{ " + gfund("generate-book --loans 20000 2>'" + err + "'") + "; echo $? > '" + rc +
                       "'; } | head -c 10 > /dev/null");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(read_file(rc), "141\n") << "trap: '" << trap << "'";
    EXPECT_EQ(read_file(err), "") << "trap: '" << trap << "'";
  }
}

TEST_F(Stdout, SnapshotOutOnAFullDiskFailsAndLeavesNoTemporaryFile) {
  auto r = run_on_tmpfs(dir, "64k",
                        "dd if=/dev/zero of=\"$M/fill\" bs=4096 2>/dev/null\n"
                        "\"$G\" snapshot --db '" + db + "' --as-of 2024-03-31 --out \"$M/book.csv\"\n"
                        "rc=$?\nls -A \"$M\" >&2\nexit $rc\n");
  if (mount_unavailable(r)) GTEST_SKIP() << "needs root with CAP_SYS_ADMIN to mount a tmpfs: " << r.err;
  EXPECT_EQ(r.exit_code, 74) << r.err;
  EXPECT_NE(r.err.find("book.csv: No space left on device"), std::string::npos) << r.err;
  // What is left on the disk: only the file that filled it.
  const std::string told = "No space left on device\n";
  EXPECT_EQ(r.err.substr(r.err.find(told) + told.size()), "fill\n") << r.err;
}

}  // namespace
}  // namespace gfund::testing
