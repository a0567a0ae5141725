#include "models/errors.hpp"

#include <fmt/format.h>

namespace gfund {

std::string format_error(const ErrorSite& site, const std::string& rule) {
  std::string out;
  if (!site.file.empty()) {
    out += site.file;
    if (site.line > 0) out += fmt::format(":{}", site.line);
    out += ": ";
  } else if (site.line > 0) {
    out += fmt::format("line {}: ", site.line);
  }
  if (!site.field.empty()) out += fmt::format("field '{}': ", site.field);
  out += rule;
  return out;
}

Error::Error(ErrorKind kind, std::string rule, ErrorSite site)
    : std::runtime_error(format_error(site, rule)),
      kind_(kind),
      rule_(std::move(rule)),
      site_(std::move(site)) {}

Error& Error::locate(const ErrorSite& site) {
  if (site_.file.empty()) site_.file = site.file;
  if (site_.line == 0) site_.line = site.line;
  if (site_.field.empty()) site_.field = site.field;
  // what() is runtime_error's: assigning its base part swaps the message only.
  static_cast<std::runtime_error&>(*this) = std::runtime_error(format_error(site_, rule_));
  return *this;
}

void invariant_failed(const char* expr, const char* file, int line) {
  throw Error(ErrorKind::internal, fmt::format("internal invariant broken: {} ({}:{})", expr, file, line));
}

}  // namespace gfund
