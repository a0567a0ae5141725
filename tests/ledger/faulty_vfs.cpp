#include "ledger/faulty_vfs.hpp"

#include <stdexcept>

namespace gfund::testing {
namespace {

// Our file is the real VFS's file with a header: SQLite allocates szOsFile
// bytes, we keep the owner and the real file right after the header.
struct ShimFile {
  sqlite3_file base;
  FaultyVfs* owner;
  sqlite3_file* real;
};
// The real file starts right after the header: keep it 8-byte aligned, as
// SQLite's own allocations are.
static_assert(sizeof(ShimFile) % 8 == 0);

ShimFile* shim(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f); }
sqlite3_file* real(sqlite3_file* f) { return shim(f)->real; }
const sqlite3_io_methods& m(sqlite3_file* f) { return *real(f)->pMethods; }

int shim_close(sqlite3_file* f) { return m(f).xClose(real(f)); }
int shim_read(sqlite3_file* f, void* p, int n, sqlite3_int64 off) { return m(f).xRead(real(f), p, n, off); }
int shim_write(sqlite3_file* f, const void* p, int n, sqlite3_int64 off) {
  if (int rc = shim(f)->owner->inject(FaultOp::write)) return rc;
  return m(f).xWrite(real(f), p, n, off);
}
int shim_truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (int rc = shim(f)->owner->inject(FaultOp::write)) return rc;
  return m(f).xTruncate(real(f), size);
}
int shim_sync(sqlite3_file* f, int flags) {
  if (int rc = shim(f)->owner->inject(FaultOp::sync)) return rc;
  return m(f).xSync(real(f), flags);
}
int shim_file_size(sqlite3_file* f, sqlite3_int64* size) { return m(f).xFileSize(real(f), size); }
int shim_lock(sqlite3_file* f, int level) {
  if (int rc = shim(f)->owner->inject(FaultOp::lock)) return rc;
  return m(f).xLock(real(f), level);
}
// Releasing a lock never fails on a real disk in a way SQLite can act on.
int shim_unlock(sqlite3_file* f, int level) { return m(f).xUnlock(real(f), level); }
int shim_check_reserved(sqlite3_file* f, int* out) { return m(f).xCheckReservedLock(real(f), out); }
int shim_file_control(sqlite3_file* f, int op, void* arg) { return m(f).xFileControl(real(f), op, arg); }
int shim_sector_size(sqlite3_file* f) { return m(f).xSectorSize(real(f)); }
int shim_device_characteristics(sqlite3_file* f) { return m(f).xDeviceCharacteristics(real(f)); }
int shim_shm_map(sqlite3_file* f, int pg, int sz, int extend, void volatile** p) {
  return m(f).xShmMap(real(f), pg, sz, extend, p);
}
int shim_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  // Only taking a lock can fail; SQLite asserts that releasing succeeds.
  if (flags & SQLITE_SHM_LOCK)
    if (int rc = shim(f)->owner->inject(FaultOp::lock)) return rc;
  return m(f).xShmLock(real(f), offset, n, flags);
}
void shim_shm_barrier(sqlite3_file* f) { m(f).xShmBarrier(real(f)); }
int shim_shm_unmap(sqlite3_file* f, int del) { return m(f).xShmUnmap(real(f), del); }
int shim_fetch(sqlite3_file* f, sqlite3_int64 off, int n, void** p) { return m(f).xFetch(real(f), off, n, p); }
int shim_unfetch(sqlite3_file* f, sqlite3_int64 off, void* p) { return m(f).xUnfetch(real(f), off, p); }

const sqlite3_io_methods kShimMethods = {
    3,           shim_close,       shim_read,          shim_write,         shim_truncate,
    shim_sync,   shim_file_size,   shim_lock,          shim_unlock,        shim_check_reserved,
    shim_file_control, shim_sector_size, shim_device_characteristics, shim_shm_map, shim_shm_lock,
    shim_shm_barrier, shim_shm_unmap, shim_fetch,      shim_unfetch};

int shim_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  auto* owner = static_cast<FaultyVfs*>(vfs->pAppData);
  ShimFile* s = shim(f);
  s->owner = owner;
  s->real = reinterpret_cast<sqlite3_file*>(s + 1);
  s->base.pMethods = nullptr;
  sqlite3_vfs* under = owner->underlying();
  int rc = under->xOpen(under, name, s->real, flags, out_flags);
  // SQLite calls xClose only when pMethods is set: set it only if the real
  // file opened (and has every method the shim forwards to).
  if (s->real->pMethods) {
    if (s->real->pMethods->iVersion < kShimMethods.iVersion) {
      s->real->pMethods->xClose(s->real);
      return SQLITE_CANTOPEN;
    }
    s->base.pMethods = &kShimMethods;
  }
  return rc;
}

}  // namespace

FaultyVfs::FaultyVfs() {
  real_ = sqlite3_vfs_find(nullptr);
  if (!real_) throw std::runtime_error("no default SQLite VFS");
  // Everything but opening a file is the real VFS's own code.
  vfs_ = *real_;
  vfs_.zName = "gfund-faulty";
  vfs_.szOsFile = static_cast<int>(sizeof(ShimFile)) + real_->szOsFile;
  vfs_.pNext = nullptr;
  vfs_.pAppData = this;
  vfs_.xOpen = shim_open;
  if (sqlite3_vfs_register(&vfs_, /*makeDflt=*/1) != SQLITE_OK) throw std::runtime_error("sqlite3_vfs_register failed");
}

FaultyVfs::~FaultyVfs() {
  sqlite3_vfs_unregister(&vfs_);
  sqlite3_vfs_register(real_, 1);
}

void FaultyVfs::arm(const Fault& f) {
  fault_ = f;
  armed_ = true;
  fired_ = false;
  for (auto& n : seen_) n = 0;
}

void FaultyVfs::disarm() { armed_ = false; }

long FaultyVfs::seen(FaultOp op) const { return seen_[static_cast<int>(op)]; }

int FaultyVfs::inject(FaultOp op) {
  if (!armed_) return SQLITE_OK;
  const long n = ++seen_[static_cast<int>(op)];
  if (op != fault_.op || n < fault_.nth || (n > fault_.nth && !fault_.persistent)) return SQLITE_OK;
  fired_ = true;
  return fault_.error;
}

}  // namespace gfund::testing
