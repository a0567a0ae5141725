// Terminal output: colour only on a TTY and never with NO_COLOR; CSV cells
// that a spreadsheet would run as formulas are escaped. Real pseudo-terminals
// stand in for the TTY.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <thread>

#include "engine/portfolio/csv.hpp"
#include "reports/progress.hpp"
#include "reports/table.hpp"

namespace gfund::reports {
namespace {

// Puts a pseudo-terminal on `fd` for the object's life (or a pipe when tty=false).
class FdSwap {
 public:
  FdSwap(int fd, bool tty) : fd_(fd), saved_(::dup(fd)) {
    if (tty) {
      master_ = ::posix_openpt(O_RDWR | O_NOCTTY);
      ::grantpt(master_);
      ::unlockpt(master_);
      other_ = ::open(::ptsname(master_), O_RDWR | O_NOCTTY);
    } else {
      int p[2];
      if (::pipe(p) == 0) other_ = p[1], master_ = p[0];
    }
    ::dup2(other_, fd_);
  }
  ~FdSwap() {
    ::dup2(saved_, fd_);
    ::close(saved_);
    ::close(other_);
    ::close(master_);
  }

 private:
  int fd_, saved_, master_ = -1, other_ = -1;
};

class Env {
 public:
  Env(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old, had_ = true;
    if (value) ::setenv(name, value, 1);
    else ::unsetenv(name);
  }
  ~Env() {
    if (had_) ::setenv(name_, old_.c_str(), 1);
    else ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::string old_;
  bool had_ = false;
};

TEST(Terminal, ColourOnlyOnATtyAndNeverWithNoColor) {
  Env no_color("NO_COLOR", nullptr);
  {
    FdSwap tty(STDOUT_FILENO, true);
    EXPECT_TRUE(use_color_on_stdout());
    Env set("NO_COLOR", "1");
    EXPECT_FALSE(use_color_on_stdout());
  }
  {
    FdSwap pipe(STDOUT_FILENO, false);
    EXPECT_FALSE(use_color_on_stdout());
  }
}

TEST(Terminal, TextTableUsesLabelsUnitsSeparatorsAndOptionalBold) {
  Table t("Banks", {{"bank", ColumnType::text, "", 2, "Bank"}, {"outstanding", ColumnType::money, "USD", 2, "Outstanding"}});
  t.add_row({std::string("Wing"), Money(usd(), 123456789)});
  std::string plain = render_text(t);
  EXPECT_NE(plain.find("Bank  Outstanding (USD)"), std::string::npos) << plain;
  EXPECT_NE(plain.find("Wing       1,234,567.89"), std::string::npos) << plain;
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  EXPECT_NE(render_text(t, {.color = true}).find("\x1b[1m"), std::string::npos);
}

TEST(Terminal, CsvEscapesCellsThatWouldRunAsFormulas) {
  for (const char* s : {"=1+1", "+33 12 34", "-2", "@SUM(A1)", "\tx", "\rx"})
    EXPECT_EQ(escape_csv_formula(s), std::string("'") + s) << s;
  for (const char* s : {"Wing", "1=1", "", "a-b"}) EXPECT_EQ(escape_csv_formula(s), s) << s;
  Table t("T", {{"name", ColumnType::text}, {"amount", ColumnType::money, "USD"}});
  t.add_row({std::string("=cmd|' /C calc'!A0"), Money(usd(), -500)});
  std::ostringstream out;
  render_csv(t, out);
  // Text is defused; a negative amount stays a number.
  EXPECT_EQ(out.str(), "name,amount_USD\n'=cmd|' /C calc'!A0,-5.00\n");
}

TEST(Progress, QuietWhenStderrIsNotATerminal) {
  Env term("TERM", "xterm");
  {
    FdSwap pipe(STDERR_FILENO, false);
    EXPECT_FALSE(stderr_is_interactive());
    Progress p("Simulating", 100);
    EXPECT_FALSE(p.enabled());
  }
  {
    FdSwap tty(STDERR_FILENO, true);
    EXPECT_TRUE(stderr_is_interactive());
    Env dumb("TERM", "dumb");
    EXPECT_FALSE(stderr_is_interactive());
  }
}

TEST(Progress, DrawsPercentCountAndEtaFromTheRate) {
  std::ostringstream out;
  double now = 0.0;
  {
    Progress p("Simulating", 1000, {.mode = ProgressOptions::Mode::always, .out = &out, .now = [&] { return now; }});
    now = 0.05;
    p.advance(100);  // inside the first interval: no redraw
    EXPECT_EQ(out.str(), "");
    now = 1.0;
    p.advance(150);  // 250 in 1 s -> 750 left at 250/s = 3 s
    EXPECT_EQ(out.str(), "\rSimulating   25.0%  250/1,000  ETA 0:03\x1b[K");
    now = 2.0;
    p.set(1000);
    p.finish();
  }
  EXPECT_NE(out.str().find("Simulating  1,000 done in 0:02\x1b[K\n"), std::string::npos) << out.str();
}

TEST(Progress, NeverModeWritesNothingAndCountsAcrossThreads) {
  std::ostringstream out;
  Progress p("Sizing", 40000, {.mode = ProgressOptions::Mode::never, .out = &out});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) p.advance();
    });
  for (auto& t : threads) t.join();
  p.finish();
  EXPECT_EQ(p.done(), 40000u);
  EXPECT_EQ(out.str(), "");
}

TEST(Progress, FormatsDurationsAndUnknownTotals) {
  EXPECT_EQ(Progress::format_duration(75), "1:15");
  EXPECT_EQ(Progress::format_duration(3725), "1:02:05");
  EXPECT_EQ(Progress::line("Importing", 0, 10, 0.0), "Importing    0.0%  0/10  ETA --");
  EXPECT_EQ(Progress::line("Importing", 12345, 0, 3.0), "Importing  12,345");
}

}  // namespace
}  // namespace gfund::reports
