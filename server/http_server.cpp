#include "server/http_server.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <ostream>
#include <thread>

#include <fmt/format.h>
#include <httplib.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "reports/html_report.hpp"
#include "reports/sizing_views.hpp"
#include "server/page.hpp"
#include "server/quote_json.hpp"

namespace gfund::server {

namespace {

// The page may load only from its own origin: no inline script, no
// external fonts, images or connections (the chart is inline SVG).
constexpr const char* kPageCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// A token bucket: kRequestsPerSecond refilled, kRequestBurst deep.
class RateLimit {
 public:
  bool take() {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    tokens_ = std::min(kRequestBurst, tokens_ + kRequestsPerSecond * std::chrono::duration<double>(now - last_).count());
    last_ = now;
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }

 private:
  std::mutex mutex_;
  double tokens_ = kRequestBurst;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

bool token_ok(const httplib::Request& req, const std::string& token) {
  std::string given = req.get_param_value("token");
  const std::string auth = req.get_header_value("Authorization");
  if (given.empty() && auth.rfind("Bearer ", 0) == 0) given = auth.substr(7);
  return given.size() == token.size() && CRYPTO_memcmp(given.data(), token.data(), token.size()) == 0;
}

void send_json(httplib::Response& res, int status, const nlohmann::json& j) {
  res.status = status;
  res.set_content(j.dump(), "application/json");
}

QueryParams params_of(const httplib::Request& req) { return {req.params.begin(), req.params.end()}; }

// The engine names a CLI option ("--bank"); the API's parameter is "bank".
std::string parameter_name(std::string field) {
  if (field.rfind("--", 0) != 0) return field;
  field.erase(0, 2);
  std::replace(field.begin(), field.end(), '-', '_');
  return field;
}

// Runs a handler body, mapping gfund errors to 400 (the request's fault) or 500.
template <class F>
void answer(httplib::Response& res, F&& body) {
  try {
    body();
  } catch (const Error& e) {
    const bool client = e.kind() == ErrorKind::usage || e.kind() == ErrorKind::data || e.kind() == ErrorKind::no_input;
    send_json(res, client ? 400 : 500, error_json(parameter_name(e.site().field), e.rule()));
  }
}

// Counts quotes in flight; refuses past kConcurrentQuotesMax.
class QuoteSlot {
 public:
  explicit QuoteSlot(std::atomic<int>& n) : n_(n), ok_(n.fetch_add(1) < kConcurrentQuotesMax) {}
  ~QuoteSlot() { n_.fetch_sub(1); }
  bool ok() const { return ok_; }

 private:
  std::atomic<int>& n_;
  bool ok_;
};

struct Routes {
  QuoteService& quotes;
  DashboardSource dashboard;
  ServeOptions options;
  std::atomic<int> in_flight{0};

  void quote(const httplib::Request& req, httplib::Response& res) {
    QuoteSlot slot(in_flight);
    if (!slot.ok()) {
      res.set_header("Retry-After", "1");
      return send_json(res, 503, error_json("", fmt::format("busy: {} quotes already running", kConcurrentQuotesMax)));
    }
    answer(res, [&] { send_json(res, 200, quote_json(quotes.quote(parse_quote_params(params_of(req), options.cost_loading)))); });
  }

  void termsheet(const httplib::Request& req, httplib::Response& res) {
    QuoteSlot slot(in_flight);
    if (!slot.ok()) return send_json(res, 503, error_json("", "busy"));
    answer(res, [&] {
      auto params = params_of(req);
      std::string format = "md";
      std::erase_if(params, [&](const auto& p) { return p.first == "format" ? (format = p.second, true) : false; });
      if (format != "md" && format != "html") throw DataError("must be md or html", {.field = "format"});
      const Quote q = quotes.quote(parse_quote_params(params, options.cost_loading));
      // What `gfund termsheet --terms ... --markdown/--html` writes for these terms.
      const auto doc = reports::termsheet_document(q.sheet, q.basis->portfolio->currency);  // bank-facing, as termsheet's
      const bool md = format == "md";
      res.set_content(md ? reports::render_markdown(doc) : reports::render_html(doc, {.extra_css = reports::termsheet_css()}),
                      md ? "text/markdown; charset=utf-8" : "text/html; charset=utf-8");
      res.set_header("Content-Disposition", fmt::format("attachment; filename=\"termsheet-{}.{}\"", q.sheet.bank, format));
    });
  }

  void install(httplib::Server& svr, RateLimit& limit) {
    const std::string token = options.token;
    svr.set_pre_routing_handler([token, &limit](const httplib::Request& req, httplib::Response& res) {
      if (!token_ok(req, token)) {
        send_json(res, 403, error_json("token", "missing or wrong: use the URL gfund serve printed"));
        return httplib::Server::HandlerResponse::Handled;
      }
      if (!limit.take()) {
        res.set_header("Retry-After", "1");
        send_json(res, 429, error_json("", "too many requests"));
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    svr.Get("/", [token](const httplib::Request&, httplib::Response& res) {
      res.set_content(page_html(token), "text/html; charset=utf-8");
    });
    svr.Get("/app.js", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(page_script()), "text/javascript; charset=utf-8");
    });
    svr.Get("/app.css", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(page_style(), "text/css; charset=utf-8");
    });
    svr.Get("/api/agreements", [this](const httplib::Request&, httplib::Response& res) {
      answer(res, [&] { send_json(res, 200, agreements_json(*quotes.basis(""))); });
    });
    svr.Get("/api/quote", [this](const httplib::Request& req, httplib::Response& res) { quote(req, res); });
    svr.Get("/api/termsheet", [this](const httplib::Request& req, httplib::Response& res) { termsheet(req, res); });
    svr.Get("/dashboard", [this](const httplib::Request& req, httplib::Response& res) {
      answer(res, [&] {
        const std::string d = req.get_param_value("as_of");
        res.set_content(dashboard(d.empty() ? "" : date_parameter("as_of", d)), "text/html; charset=utf-8");
      });
    });
  }
};

void refuse_writes(httplib::Server& svr) {
  const auto not_allowed = [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Allow", "GET, HEAD");
    send_json(res, 405, error_json("", "only GET: gfund serve never writes"));
  };
  svr.Post(".*", not_allowed);
  svr.Put(".*", not_allowed);
  svr.Patch(".*", not_allowed);
  svr.Delete(".*", not_allowed);
  svr.Options(".*", not_allowed);
}

void configure(httplib::Server& svr) {
  svr.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
  svr.set_payload_max_length(kBodyBytesMax);
  svr.set_read_timeout(kIoTimeoutSeconds);
  svr.set_write_timeout(kIoTimeoutSeconds);
  svr.set_keep_alive_timeout(kIoTimeoutSeconds);
  svr.set_default_headers({{"Content-Security-Policy", kPageCsp},
                           {"X-Content-Type-Options", "nosniff"},
                           {"Referrer-Policy", "no-referrer"},
                           {"Cache-Control", "no-store"},
                           {"X-Frame-Options", "DENY"}});
  svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) send_json(res, res.status, error_json("", fmt::format("refused (HTTP {})", res.status)));
  });
  svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    send_json(res, 500, error_json("", "internal error"));
  });
}

// SIGINT / SIGTERM while serving: the handler only writes a byte to a pipe
// (async-signal-safe); a thread reading it stops the server. Any thread may
// take the signal (the engine's OpenMP workers included). The previous
// handlers come back when serving ends.
int g_stop_pipe[2] = {-1, -1};
extern "C" void on_stop_signal(int) {
  const char b = 's';
  [[maybe_unused]] const auto n = write(g_stop_pipe[1], &b, 1);
}

class StopSignals {
 public:
  StopSignals() {
    if (pipe(g_stop_pipe) != 0) throw IoError("cannot create the stop pipe");
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  ~StopSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
    close(g_stop_pipe[0]);
    close(g_stop_pipe[1]);
  }
  void wait() {
    char b = 0;
    while (read(g_stop_pipe[0], &b, 1) < 0 && errno == EINTR) {
    }
  }
  void wake() { on_stop_signal(0); }

 private:
  struct sigaction old_int_ {}, old_term_ {};
};

}  // namespace

std::string new_token() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw IoError("no random bytes for the access token (OpenSSL RAND_bytes)");
  std::string hex;
  for (unsigned char b : bytes) hex += fmt::format("{:02x}", b);
  return hex;
}

int serve(QuoteService& quotes, DashboardSource dashboard, const ServeOptions& o, std::ostream& out) {
  httplib::Server svr;
  configure(svr);
  refuse_writes(svr);
  RateLimit limit;
  Routes routes{quotes, std::move(dashboard), o};
  routes.install(svr, limit);
  const int port = o.port == 0 ? svr.bind_to_any_port(o.host) : (svr.bind_to_port(o.host, o.port) ? o.port : -1);
  if (port < 0) throw IoError(fmt::format("cannot listen on {}:{}", o.host, o.port), {.field = "--port"});
  StopSignals stop;
  std::thread stopper([&] {
    stop.wait();
    svr.stop();
  });
  const std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
  out << fmt::format("http://{}:{}/?token={}", host, port, o.token) << std::endl;
  const bool ok = svr.listen_after_bind();
  stop.wake();  // when listening failed, the stopper still waits
  stopper.join();
  return ok ? 0 : 1;
}

}  // namespace gfund::server
