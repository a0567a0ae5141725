#pragma once
// Progress and an ETA for long work (simulation, sizing, large imports), on
// stderr, only when stderr is a terminal: CI logs and pipes stay quiet.
//
//   reports::Progress p("Simulating", scenarios);      // auto: on iff isatty(2)
//   for (...) { ...; p.advance(); }                     // any thread
//   p.finish();                                         // clears the line
//
// advance() is cheap (one atomic add); the line is redrawn at most every
// 100 ms by whichever caller crosses the interval, so hot loops may call it
// per item. Nothing is written when disabled.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>

namespace gfund::reports {

struct ProgressOptions {
  enum class Mode { automatic, always, never } mode = Mode::automatic;  // automatic: isatty(stderr) and TERM != dumb
  std::ostream* out = nullptr;                                          // nullptr = std::cerr
  std::chrono::milliseconds interval{100};                             // least time between redraws
  // Clock, injectable for tests (seconds since any fixed origin).
  std::function<double()> now;
};

class Progress {
 public:
  Progress(std::string label, std::uint64_t total, ProgressOptions options = {});
  ~Progress();  // finish()es if not done
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void advance(std::uint64_t n = 1);
  void set(std::uint64_t done);  // absolute position (monotone callers)
  void finish();                 // final line ("done in 12.3 s") then newline
  bool enabled() const { return enabled_; }
  std::uint64_t done() const { return done_.load(std::memory_order_relaxed); }

  // "Simulating  45.0%  4,500/10,000  ETA 0:12": what one redraw shows,
  // given `done` items after `elapsed_s` seconds. ETA assumes a steady rate;
  // "ETA --" until there is a rate to extrapolate.
  static std::string line(const std::string& label, std::uint64_t done, std::uint64_t total, double elapsed_s);
  // 75 -> "1:15", 3725 -> "1:02:05".
  static std::string format_duration(double seconds);

 private:
  void maybe_draw(std::uint64_t done);
  void draw(std::uint64_t done);

  std::string label_;
  std::uint64_t total_;
  ProgressOptions opt_;
  bool enabled_;
  bool finished_ = false;
  double start_s_;
  std::atomic<std::uint64_t> done_{0};
  std::atomic<double> next_draw_s_{0.0};
  std::mutex draw_mutex_;
};

// True when stderr is a terminal and TERM is not "dumb".
bool stderr_is_interactive();

}  // namespace gfund::reports
