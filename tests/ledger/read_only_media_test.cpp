// A ledger on read-only media (issue 18, item 7): the read-only verbs work,
// writing stays refused. The media is a real tmpfs remounted read-only
// (run_on_tmpfs), not permission bits: the tests run as root, who ignores them.
#include <gtest/gtest.h>

#include "ledger/ledger_test_support.hpp"

namespace gfund::testing {
namespace {

#define SKIP_WITHOUT_MOUNT(r) \
  if (mount_unavailable(r)) GTEST_SKIP() << "needs root with CAP_SYS_ADMIN to mount a tmpfs: " << (r).err

TEST(ReadOnlyMedia, LedgerServesStatusVerifyAndSnapshot) {
  TempDir dir;
  const std::string db = make_mini_ledger(dir), out = dir.file("out");
  auto r = run_on_tmpfs(dir, "4m",
                        "cp '" + db + "' \"$M/ledger.db\" && mount -o remount,ro \"$M\" || exit 98\n"
                        "touch \"$M/probe\" 2>/dev/null && exit 97\n"  // the mount really refuses writes
                        "\"$G\" status --db \"$M/ledger.db\" --as-of 2024-03-31 > '" + out + ".status' || exit 1\n"
                        "\"$G\" verify --db \"$M/ledger.db\" > '" + out + ".verify' || exit 2\n"
                        "\"$G\" snapshot --db \"$M/ledger.db\" --as-of 2024-03-31 > '" + out + ".csv' || exit 3\n"
                        "\"$G\" repay --db \"$M/ledger.db\" --bank WING --loan L1 --ref R9 --date 2024-02-10 "
                        "--amount 10.00\necho \"repay=$?\" >&2\n");
  SKIP_WITHOUT_MOUNT(r);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(read_file(out + ".status").find("Portfolio at 2024-03-31"), std::string::npos);
  EXPECT_NE(read_file(out + ".verify").find("ok"), std::string::npos) << read_file(out + ".verify");
  EXPECT_NE(read_file(out + ".csv").find("L1,WING"), std::string::npos) << read_file(out + ".csv");
  // Writing stays refused, as an I/O error.
  EXPECT_NE(r.err.find("repay=74"), std::string::npos) << r.err;
}

// An immutable read would skip commits still in a -wal file: refused.
TEST(ReadOnlyMedia, LedgerWithAnUnmergedWalIsRefused) {
  TempDir dir;
  const std::string db = make_mini_ledger(dir);
  auto r = run_on_tmpfs(dir, "4m",
                        "cp '" + db + "' \"$M/ledger.db\" && printf 'not merged' > \"$M/ledger.db-wal\" && "
                        "mount -o remount,ro \"$M\" || exit 98\n"
                        "\"$G\" status --db \"$M/ledger.db\" --as-of 2024-03-31\n");
  SKIP_WITHOUT_MOUNT(r);
  EXPECT_EQ(r.exit_code, 74) << r.err;
  EXPECT_NE(r.err.find("on read-only media with unmerged writes"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace gfund::testing
