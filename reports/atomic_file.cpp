#include "reports/atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "engine/risk/mpi_ranks.hpp"
#include "models/errors.hpp"

namespace gfund::reports {
namespace fs = std::filesystem;

void produce_file_atomically(const std::string& path, const std::function<void(const std::string&)>& write) {
  // In an MPI job rank 0 writes every output; the other ranks hold the same
  // results and write nothing (engine/risk/mpi_ranks.hpp).
  if (!risk::ranks::root()) return;
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(dir)) throw IoError(fmt::format("cannot write {}: folder {} does not exist", path, dir.string()));
  std::string tmp = (dir / fmt::format(".{}.tmp-{}", target.filename().string(), ::getpid())).string();
  try {
    write(tmp);
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw IoError(fmt::format("cannot write {}: {}", path, ec.message()));
  }
}

void write_stream_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  produce_file_atomically(path, [&](const std::string& tmp) {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw IoError(fmt::format("cannot write {}: cannot create a file in its folder", path));
    errno = 0;
    write(out);
    out.close();  // the last buffer goes to disk here: a full disk shows now
    if (!out) {
      const int reason = errno;
      throw IoError(fmt::format("cannot write {}: {}", path, reason ? std::strerror(reason) : "write failed"));
    }
  });
}

void write_file_atomically(const std::string& path, std::string_view text) {
  write_stream_atomically(path, [&](std::ostream& out) { out.write(text.data(), static_cast<std::streamsize>(text.size())); });
}

}  // namespace gfund::reports
