// A big import prints the first kImportNotesShown notes and how many more
// there were, not thousands of lines; --all-notes prints them all.
#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "ledger/ledger_test_support.hpp"

namespace gfund::testing {
namespace {

std::size_t note_lines(const std::string& out) {
  std::size_t n = 0;
  for (std::size_t at = out.find("note: "); at != std::string::npos; at = out.find("note: ", at + 1))
    if (at == 0 || out[at - 1] == '\n') ++n;
  return n;
}

TEST(ImportNotes, AreBoundedUnlessAllAreAskedFor) {
  TempDir dir;
  const std::string data = dir.file("data");
  const auto gen = run_gfund({"generate", "--loans", "3000", "--seed", "3", "--out", data});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(data)) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  auto import = [&](const std::string& db, bool all) {
    EXPECT_EQ(run_gfund({"init", "--db", db, "--fund", "GF", "--currency", "USD"}).exit_code, 0);
    std::vector<std::string> a = {"import", "--db", db};
    if (all) a.push_back("--all-notes");
    a.insert(a.end(), files.begin(), files.end());
    return run_gfund(a);
  };
  const auto all = import(dir.file("a.db"), true);
  ASSERT_EQ(all.exit_code, 0) << all.err;
  const std::size_t every = note_lines(all.out);
  ASSERT_GT(every, 21u) << "the generated book should flag more loans than are shown";
  const auto some = import(dir.file("b.db"), false);
  ASSERT_EQ(some.exit_code, 0) << some.err;
  EXPECT_EQ(note_lines(some.out), 21u);  // 20 notes and the count of the rest
  EXPECT_NE(some.out.find("and " + std::to_string(every - 20) + " more notes like these"), std::string::npos)
      << some.out.substr(0, 400);
}

}  // namespace
}  // namespace gfund::testing
