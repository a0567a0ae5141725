#pragma once
// A SQLite VFS for fault-injection tests: it wraps the default VFS (every
// call passes through) and, when armed, fails the Nth write, sync or lock
// with the error a real disk gives (I/O error, disk full). Registered as the
// default VFS for its lifetime, so the product's own connections use it
// unchanged; the product has no hook for it.
//
// Counts are per armed run: arm() resets them. One FaultyVfs at a time.
#include <sqlite3.h>

namespace gfund::testing {

enum class FaultOp { write, sync, lock };  // write includes truncate; lock includes the WAL's shm locks

struct Fault {
  FaultOp op = FaultOp::write;
  long nth = 1;             // 1-based: the nth op of this kind after arm() fails
  int error = SQLITE_IOERR; // what the failing call returns (SQLITE_IOERR_WRITE, SQLITE_FULL, ...)
  bool persistent = false;  // true: every later op of the kind fails too (the disk stays broken)
};

class FaultyVfs {
 public:
  FaultyVfs();
  ~FaultyVfs();
  FaultyVfs(const FaultyVfs&) = delete;
  FaultyVfs& operator=(const FaultyVfs&) = delete;

  void arm(const Fault& f);
  void disarm();  // every call passes again; counts kept
  // Ops of the kind seen since arm(), and whether the fault fired.
  long seen(FaultOp op) const;
  bool fired() const { return fired_; }

  // Called by the shim's file methods: the result the op must return, or
  // SQLITE_OK to pass the call through.
  int inject(FaultOp op);
  sqlite3_vfs* underlying() const { return real_; }

 private:
  sqlite3_vfs vfs_{};
  sqlite3_vfs* real_ = nullptr;
  bool armed_ = false;
  bool fired_ = false;
  Fault fault_;
  long seen_[3] = {0, 0, 0};
};

}  // namespace gfund::testing
