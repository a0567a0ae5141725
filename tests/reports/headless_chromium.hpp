#pragma once
// A small client for headless Chromium over the DevTools protocol on a pipe
// (--remote-debugging-pipe: the browser reads NUL-terminated JSON commands on
// fd 3 and writes responses and events on fd 4). No port is opened and
// nothing outside this process tree can talk to the browser.
//
// Used by the browser tests to open a report the way a reader would, and to
// record what the page asked the network for, what it logged as errors,
// what text it shows and what it looks like.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gfund::testing {

struct PageVisit {
  std::vector<std::string> requests;        // every URL the page requested (file:// included)
  std::vector<std::string> blocked;         // "url reason" for requests the browser refused
                                            // before they left it (reason "csp", "inspector", ...)
  std::vector<std::string> console_errors;  // console.error/assert, uncaught exceptions, log errors (CSP, loads)
  std::string text;                         // document.body.innerText
  std::vector<std::string> headings;        // text of h1 and h2, in order
  std::string png;                          // full-page screenshot (PNG bytes)
  int page_width = 0, page_height = 0;      // CSS pixels of the laid-out document
  nlohmann::json script_result;             // what visit()'s `script` resolved to (null without one)
};

class HeadlessChromium {
 public:
  // Starts the browser with a fresh profile in `profile_dir` (which must
  // exist and be empty), stderr to `log_path`. Throws std::runtime_error if
  // it cannot start or does not answer within the timeout.
  HeadlessChromium(const std::string& profile_dir, const std::string& log_path);
  ~HeadlessChromium();  // Browser.close, then waits; kills it if it lingers
  HeadlessChromium(const HeadlessChromium&) = delete;
  HeadlessChromium& operator=(const HeadlessChromium&) = delete;

  // Opens `url` in a new tab of the given viewport, waits for the load event
  // and a quiet moment, then (when given) runs `script` in the page, a JS
  // expression that may return a promise (awaited, its value kept as
  // script_result: the way a test moves a slider and waits for the answer),
  // and gathers a PageVisit.
  PageVisit visit(const std::string& url, int viewport_width = 1366, int viewport_height = 900,
                  const std::string& script = "");

  // Prints `url` to PDF as the browser's print dialog would (the page's
  // print CSS, its @page size); returns the PDF bytes.
  std::string print_pdf(const std::string& url);

  // The executable: $GFUND_CHROMIUM, else /usr/bin/chromium.
  static std::string executable();

 private:
  nlohmann::json call(const std::string& method, nlohmann::json params, const std::string& session = "");
  std::optional<nlohmann::json> read_message(std::chrono::steady_clock::time_point deadline);
  void send(const nlohmann::json& message);
  void drain_events(std::chrono::milliseconds quiet);

  int pid_ = -1;
  int to_browser_ = -1, from_browser_ = -1;
  int next_id_ = 1;
  std::string buffer_;
  std::vector<nlohmann::json> events_;
  std::chrono::seconds timeout_{60};
};

std::string base64_decode(const std::string& text);

}  // namespace gfund::testing
