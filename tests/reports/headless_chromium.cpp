#include "headless_chromium.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <stdexcept>
#include <thread>

namespace gfund::testing {
using Clock = std::chrono::steady_clock;

std::string HeadlessChromium::executable() {
  const char* e = std::getenv("GFUND_CHROMIUM");
  return e && *e ? e : "/usr/bin/chromium";
}

HeadlessChromium::HeadlessChromium(const std::string& profile_dir, const std::string& log_path) {
  int in_pipe[2], out_pipe[2];  // in: we write, browser reads (fd 3); out: browser writes (fd 4)
  if (::pipe(in_pipe) != 0 || ::pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
  std::string exe = executable();
  if (::access(exe.c_str(), X_OK) != 0)
    throw std::runtime_error(exe + " not found: install Debian's chromium (scripts/install-deps.sh)");
  std::vector<std::string> args{exe,
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--no-first-run",
                                "--no-default-browser-check",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--disable-extensions",
                                "--disable-dev-shm-usage",
                                "--hide-scrollbars",
                                "--mute-audio",
                                "--remote-debugging-pipe",
                                "--user-data-dir=" + profile_dir,
                                "about:blank"};
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // fds 3 and 4 are the protocol; move the pipe ends there first.
    int r = ::dup(in_pipe[0]), w = ::dup(out_pipe[1]);
    ::dup2(r, 3);
    ::dup2(w, 4);
    int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    ::dup2(log, 1);
    ::dup2(log, 2);
    for (int fd = 5; fd < 1024; ++fd) ::close(fd);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  to_browser_ = in_pipe[1];
  from_browser_ = out_pipe[0];
  ::fcntl(to_browser_, F_SETFD, FD_CLOEXEC);
  ::fcntl(from_browser_, F_SETFD, FD_CLOEXEC);
  call("Browser.getVersion", nlohmann::json::object());  // throws if it never answers
}

HeadlessChromium::~HeadlessChromium() {
  if (pid_ <= 0) return;
  try {
    send({{"id", next_id_++}, {"method", "Browser.close"}});
  } catch (...) {
  }
  ::close(to_browser_);
  auto deadline = Clock::now() + std::chrono::seconds(10);
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    // Keep reading so the browser never blocks writing to a full pipe.
    char buf[65536];
    pollfd p{from_browser_, POLLIN, 0};
    if (::poll(&p, 1, 50) > 0 && ::read(from_browser_, buf, sizeof buf) <= 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::close(from_browser_);
}

void HeadlessChromium::send(const nlohmann::json& message) {
  std::string s = message.dump();
  s.push_back('\0');
  std::size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::write(to_browser_, s.data() + off, s.size() - off);
    if (n <= 0) throw std::runtime_error("chromium pipe closed");
    off += static_cast<std::size_t>(n);
  }
}

std::optional<nlohmann::json> HeadlessChromium::read_message(Clock::time_point deadline) {
  for (;;) {
    if (auto nul = buffer_.find('\0'); nul != std::string::npos) {
      auto msg = nlohmann::json::parse(buffer_.substr(0, nul));
      buffer_.erase(0, nul + 1);
      return msg;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return std::nullopt;
    pollfd p{from_browser_, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left));
    if (r == 0) return std::nullopt;
    if (r < 0) throw std::runtime_error("poll failed");
    char buf[1 << 16];
    ssize_t n = ::read(from_browser_, buf, sizeof buf);
    if (n <= 0) throw std::runtime_error("chromium closed the pipe (see its log)");
    buffer_.append(buf, static_cast<std::size_t>(n));
  }
}

nlohmann::json HeadlessChromium::call(const std::string& method, nlohmann::json params, const std::string& session) {
  int id = next_id_++;
  nlohmann::json m{{"id", id}, {"method", method}, {"params", std::move(params)}};
  if (!session.empty()) m["sessionId"] = session;
  send(m);
  auto deadline = Clock::now() + timeout_;
  for (;;) {
    auto msg = read_message(deadline);
    if (!msg) throw std::runtime_error("chromium did not answer " + method);
    if (msg->contains("id") && (*msg)["id"] == id) {
      if (msg->contains("error")) throw std::runtime_error(method + ": " + (*msg)["error"].dump());
      return (*msg)["result"];
    }
    events_.push_back(std::move(*msg));
  }
}

void HeadlessChromium::drain_events(std::chrono::milliseconds quiet) {
  for (;;) {
    auto msg = read_message(Clock::now() + quiet);
    if (!msg) return;
    events_.push_back(std::move(*msg));
  }
}

PageVisit HeadlessChromium::visit(const std::string& url, int width, int height, const std::string& script) {
  events_.clear();
  std::string target = call("Target.createTarget", {{"url", "about:blank"}})["targetId"];
  std::string s = call("Target.attachToTarget", {{"targetId", target}, {"flatten", true}})["sessionId"];
  for (const char* domain : {"Page.enable", "Runtime.enable", "Log.enable", "Network.enable"})
    call(domain, nlohmann::json::object(), s);
  call("Emulation.setDeviceMetricsOverride",
       {{"width", width}, {"height", height}, {"deviceScaleFactor", 1}, {"mobile", false}}, s);
  call("Page.navigate", {{"url", url}}, s);
  // Wait for this session's load event, then a quiet spell for late requests.
  auto deadline = Clock::now() + timeout_;
  bool loaded = false;
  for (const auto& e : events_)
    loaded = loaded || (e.value("method", "") == "Page.loadEventFired" && e.value("sessionId", "") == s);
  while (!loaded) {
    auto msg = read_message(deadline);
    if (!msg) throw std::runtime_error("page did not load: " + url);
    loaded = msg->value("method", "") == "Page.loadEventFired" && msg->value("sessionId", "") == s;
    events_.push_back(std::move(*msg));
  }
  drain_events(std::chrono::milliseconds(500));

  PageVisit v;
  auto eval = [&](const std::string& expr) {
    return call("Runtime.evaluate", {{"expression", expr}, {"returnByValue", true}}, s)["result"]["value"];
  };
  if (!script.empty()) {
    auto r = call("Runtime.evaluate", {{"expression", script}, {"awaitPromise", true}, {"returnByValue", true}}, s);
    if (r.contains("exceptionDetails")) v.console_errors.push_back("script: " + r["exceptionDetails"].dump());
    v.script_result = r["result"].value("value", nlohmann::json());
    drain_events(std::chrono::milliseconds(100));
  }
  v.text = eval("document.body ? document.body.innerText : ''").get<std::string>();
  v.headings =
      eval("Array.from(document.querySelectorAll('h1,h2')).map(e => e.textContent)").get<std::vector<std::string>>();
  auto metrics = call("Page.getLayoutMetrics", nlohmann::json::object(), s);
  v.page_width = static_cast<int>(metrics["cssContentSize"]["width"].get<double>());
  v.page_height = static_cast<int>(metrics["cssContentSize"]["height"].get<double>());
  auto shot = call("Page.captureScreenshot",
                   {{"format", "png"},
                    {"captureBeyondViewport", true},
                    {"clip", {{"x", 0}, {"y", 0}, {"width", width}, {"height", v.page_height}, {"scale", 1}}}},
                   s);
  v.png = base64_decode(shot["data"].get<std::string>());
  drain_events(std::chrono::milliseconds(100));

  std::map<std::string, std::string> url_of_request;
  for (const auto& e : events_) {
    if (e.value("sessionId", "") != s) continue;
    std::string m = e.value("method", "");
    const auto& p = e.contains("params") ? e["params"] : nlohmann::json::object();
    if (m == "Network.requestWillBeSent") {
      v.requests.push_back(p["request"]["url"].get<std::string>());
      url_of_request[p.value("requestId", "")] = v.requests.back();
    } else if (m == "Network.loadingFailed") {
      if (p.contains("blockedReason"))
        v.blocked.push_back(url_of_request[p.value("requestId", "")] + " " + p["blockedReason"].get<std::string>());
    } else if (m == "Runtime.consoleAPICalled") {
      std::string type = p.value("type", "");
      if (type == "error" || type == "assert") v.console_errors.push_back("console." + type + ": " + p["args"].dump());
    } else if (m == "Runtime.exceptionThrown") {
      v.console_errors.push_back("exception: " + p["exceptionDetails"].dump());
    } else if (m == "Log.entryAdded") {
      if (p["entry"].value("level", "") == "error") v.console_errors.push_back("log: " + p["entry"].value("text", ""));
    }
  }
  call("Target.closeTarget", {{"targetId", target}});
  return v;
}

std::string HeadlessChromium::print_pdf(const std::string& url) {
  std::string target = call("Target.createTarget", {{"url", "about:blank"}})["targetId"];
  std::string s = call("Target.attachToTarget", {{"targetId", target}, {"flatten", true}})["sessionId"];
  call("Page.enable", nlohmann::json::object(), s);
  events_.clear();
  call("Page.navigate", {{"url", url}}, s);
  auto deadline = Clock::now() + timeout_;
  bool loaded = false;
  for (const auto& e : events_)
    loaded = loaded || (e.value("method", "") == "Page.loadEventFired" && e.value("sessionId", "") == s);
  while (!loaded) {
    auto msg = read_message(deadline);
    if (!msg) throw std::runtime_error("page did not load: " + url);
    loaded = msg->value("method", "") == "Page.loadEventFired" && msg->value("sessionId", "") == s;
  }
  auto pdf = call("Page.printToPDF", {{"preferCSSPageSize", true}, {"printBackground", true}}, s);
  call("Target.closeTarget", {{"targetId", target}});
  return base64_decode(pdf["data"].get<std::string>());
}

std::string base64_decode(const std::string& in) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  out.reserve(in.size() * 3 / 4);
  int bits = 0, acc = 0;
  for (char c : in) {
    int v = val(c);
    if (v < 0) continue;  // padding, whitespace
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

}  // namespace gfund::testing
