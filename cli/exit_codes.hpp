#pragma once
// Exit codes follow sysexits(3), so scripts can tell a typo from bad data
// from a locked database.
#include "models/errors.hpp"

namespace gfund::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;     // the command ran and found a problem (verify: differences)
inline constexpr int kExitUsage = 64;     // EX_USAGE
inline constexpr int kExitData = 65;      // EX_DATAERR
inline constexpr int kExitNoInput = 66;   // EX_NOINPUT
inline constexpr int kExitSoftware = 70;  // EX_SOFTWARE: a bug in gfund
inline constexpr int kExitIo = 74;        // EX_IOERR
inline constexpr int kExitBusy = 75;      // EX_TEMPFAIL

inline int exit_code(ErrorKind k) {
  switch (k) {
    case ErrorKind::usage: return kExitUsage;
    case ErrorKind::data: return kExitData;
    case ErrorKind::no_input: return kExitNoInput;
    case ErrorKind::io: return kExitIo;
    case ErrorKind::busy: return kExitBusy;
    case ErrorKind::internal: return kExitSoftware;
  }
  return kExitSoftware;
}

}  // namespace gfund::cli
