#include "reports/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include <fmt/format.h>

#include "reports/number_format.hpp"

namespace gfund::reports {

bool stderr_is_interactive() {
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return isatty(STDERR_FILENO) != 0;
}

namespace {
double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

Progress::Progress(std::string label, std::uint64_t total, ProgressOptions options)
    : label_(std::move(label)), total_(total), opt_(std::move(options)) {
  if (!opt_.now) opt_.now = steady_seconds;
  if (!opt_.out) opt_.out = &std::cerr;
  enabled_ = opt_.mode == ProgressOptions::Mode::always ||
             (opt_.mode == ProgressOptions::Mode::automatic && stderr_is_interactive());
  start_s_ = opt_.now();
  next_draw_s_.store(start_s_ + std::chrono::duration<double>(opt_.interval).count());
}

Progress::~Progress() {
  if (!finished_) finish();
}

void Progress::advance(std::uint64_t n) {
  std::uint64_t d = done_.fetch_add(n, std::memory_order_relaxed) + n;
  if (enabled_) maybe_draw(d);
}

void Progress::set(std::uint64_t d) {
  done_.store(d, std::memory_order_relaxed);
  if (enabled_) maybe_draw(d);
}

void Progress::maybe_draw(std::uint64_t d) {
  double now = opt_.now();
  double due = next_draw_s_.load(std::memory_order_relaxed);
  if (now < due) return;
  // One thread wins the interval; the others carry on without waiting.
  if (!next_draw_s_.compare_exchange_strong(due, now + std::chrono::duration<double>(opt_.interval).count())) return;
  std::unique_lock lock(draw_mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return;
  draw(d);
}

void Progress::draw(std::uint64_t d) {
  // \r and erase-to-end-of-line: one line rewritten in place.
  *opt_.out << "\r" << line(label_, d, total_, opt_.now() - start_s_) << "\x1b[K" << std::flush;
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  if (!enabled_) return;
  std::lock_guard lock(draw_mutex_);
  double elapsed = opt_.now() - start_s_;
  *opt_.out << "\r" << fmt::format("{}  {} done in {}", label_, group_number(static_cast<double>(done()), 0),
                                   format_duration(elapsed))
            << "\x1b[K\n"
            << std::flush;
}

std::string Progress::format_duration(double s) {
  if (!std::isfinite(s) || s < 0) return "--";
  auto total = static_cast<long long>(std::llround(s));
  long long h = total / 3600, m = (total % 3600) / 60, sec = total % 60;
  return h > 0 ? fmt::format("{}:{:02}:{:02}", h, m, sec) : fmt::format("{}:{:02}", m, sec);
}

std::string Progress::line(const std::string& label, std::uint64_t done, std::uint64_t total, double elapsed_s) {
  std::string s = label;
  if (total > 0) {
    double frac = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    s += fmt::format("  {:5.1f}%  {}/{}", frac * 100.0, group_number(static_cast<double>(done), 0),
                     group_number(static_cast<double>(total), 0));
    if (done > 0 && elapsed_s > 0) {
      double remaining = elapsed_s * static_cast<double>(total - std::min(done, total)) / static_cast<double>(done);
      s += "  ETA " + format_duration(remaining);
    } else {
      s += "  ETA --";
    }
  } else {
    s += fmt::format("  {}", group_number(static_cast<double>(done), 0));
  }
  return s;
}

}  // namespace gfund::reports
