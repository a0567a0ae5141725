#pragma once
// `gfund serve`'s HTTP side (cpp-httplib): one page, its script and style,
// the JSON API and the dashboard, behind a per-run token, on loopback
// unless told otherwise. No request writes anything: the handlers only read
// (the ledger is opened read-only by the loaders).
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>

#include "server/quote_service.hpp"

namespace gfund::server {

// --- named bounds, each with its reason ---------------------------------------
// Worker threads: one quote per core on the 2-core machine the fund runs on,
// plus room for the page's static files while quotes run.
inline constexpr int kWorkerThreads = 4;
// Quotes computed at once; more wait for none: 503 (the page drops stale
// slider positions, so a refused one is never the answer the user sees).
inline constexpr int kConcurrentQuotesMax = 2;
// Requests a second per server, sustained, and the burst above it: a slider
// dragged fast sends about 10 a second once debounced.
inline constexpr double kRequestsPerSecond = 30;
inline constexpr double kRequestBurst = 60;
// A request has no body (every route is GET): anything above this is refused
// (413) before it is read. URI and headers are bounded by cpp-httplib at 8 KB each (414 / 400).
inline constexpr std::size_t kBodyBytesMax = 1024;
// Seconds a connection may take to send a request or receive an answer.
inline constexpr int kIoTimeoutSeconds = 10;

struct ServeOptions {
  std::string host = "127.0.0.1";   // --listen
  int port = 0;                     // 0 = any free port
  std::string token;                // required on every request
  double cost_loading = 0.2;        // break-even fee loading of every quote
};

// Renders the dashboard at an as-of date ("" = the default), HTML.
using DashboardSource = std::function<std::string(const std::string& as_of)>;

// Binds, prints the page's URL (one line, then flush) to `out`, and serves
// until SIGINT or SIGTERM; returns 0 then. Throws IoError when the address
// cannot be bound.
int serve(QuoteService& quotes, DashboardSource dashboard, const ServeOptions& o, std::ostream& out);

// A random token: 128 bits from OpenSSL's RAND_bytes, as 32 hex digits.
std::string new_token();

}  // namespace gfund::server
