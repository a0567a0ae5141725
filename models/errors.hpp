#pragma once
// Typed errors of gfund. Library code throws these; the CLI maps each kind to
// a message and a sysexits(3) exit code (cli/exit_codes.hpp).
//
// An error says *where* (file, line, field) and *which rule* was broken, so a
// finance officer can fix the input without reading code.
#include <stdexcept>
#include <string>

namespace gfund {

// The kinds of error, each with its exit code (sysexits(3)).
enum class ErrorKind {
  usage,        // bad command line or option value               -> 64 EX_USAGE
  data,         // input data breaks a rule (CSV, TOML, amounts)   -> 65 EX_DATAERR
  no_input,     // a named input file does not exist               -> 66 EX_NOINPUT
  io,           // read/write failure, not a gfund database        -> 74 EX_IOERR
  busy,         // database locked by another writer               -> 75 EX_TEMPFAIL
  internal,     // broken invariant: a bug in gfund                -> 70 EX_SOFTWARE
};

// Where in the input the error was found. Every part is optional.
struct ErrorSite {
  std::string file;   // path as the user gave it; empty if not from a file
  long line = 0;      // 1-based line number; 0 = not line-bound
  std::string field;  // column / key / option name; empty if none
};

// The base of every gfund error: a kind (which exit code), the rule broken,
// and where. what() is format_error(site(), rule()). Catch the subclass for
// one kind, Error for all.
class Error : public std::runtime_error {
 public:
  // `rule` says what was expected, in the user's terms ("must be > 0").
  Error(ErrorKind kind, std::string rule, ErrorSite site = {});
  ErrorKind kind() const noexcept { return kind_; }           // fixed by the subclass
  const ErrorSite& site() const noexcept { return site_; }    // where, as far as known
  const std::string& rule() const noexcept { return rule_; }  // the rule alone, without the site
  // Adds the parts of `site` this error does not know yet (parts already set
  // win) and updates what(). Mutates in place so that the handler can then
  // rethrow with `throw;`, which keeps the dynamic type (a DataError stays a
  // DataError; a copy returned by value would be sliced to Error):
  //   catch (Error& e) { e.locate({.file = path}); throw; }
  Error& locate(const ErrorSite& site);

 private:
  ErrorKind kind_;
  std::string rule_;
  ErrorSite site_;
};

// Input data breaks a rule: "loans.csv:12: field 'principal': must be > 0".
struct DataError : Error {
  // `rule` and `site` as for Error; the kind is this class's.
  explicit DataError(std::string rule, ErrorSite site = {})
      : Error(ErrorKind::data, std::move(rule), std::move(site)) {}
};
// Bad command line or option value (the site's field names the option).
struct UsageError : Error {
  // `rule` and `site` as for Error; the kind is this class's.
  explicit UsageError(std::string rule, ErrorSite site = {})
      : Error(ErrorKind::usage, std::move(rule), std::move(site)) {}
};
// A named input (file, folder) does not exist.
struct NoInputError : Error {
  // `rule` and `site` as for Error; the kind is this class's.
  explicit NoInputError(std::string rule, ErrorSite site = {})
      : Error(ErrorKind::no_input, std::move(rule), std::move(site)) {}
};
// Reading or writing failed, or the file is not a gfund database.
struct IoError : Error {
  // `rule` and `site` as for Error; the kind is this class's.
  explicit IoError(std::string rule, ErrorSite site = {})
      : Error(ErrorKind::io, std::move(rule), std::move(site)) {}
};
// The database is locked by another writer; retrying later may succeed.
struct BusyError : Error {
  // `rule` and `site` as for Error; the kind is this class's.
  explicit BusyError(std::string rule, ErrorSite site = {})
      : Error(ErrorKind::busy, std::move(rule), std::move(site)) {}
};

// Formats "file:line: field 'x': rule" from the parts that are set.
std::string format_error(const ErrorSite& site, const std::string& rule);

// Programmer-error check that stays on in Release: a broken invariant is a
// bug, and a ledger must stop rather than carry on with wrong numbers.
[[noreturn]] void invariant_failed(const char* expr, const char* file, int line);
// Throws Error(ErrorKind::internal) naming `expr` when it is false.
#define GFUND_ASSERT(expr) \
  ((expr) ? static_cast<void>(0) : ::gfund::invariant_failed(#expr, __FILE__, __LINE__))

}  // namespace gfund
