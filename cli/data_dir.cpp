// Finding the shipped data relative to the running executable.
#include "cli/data_dir.hpp"

#include "cli/console.hpp"
#include "cli/settings_file.hpp"

#include <iostream>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "engine/ledger/ledger_meta.hpp"
#include "models/errors.hpp"

#ifndef GFUND_DATA_DIR_FROM_BIN
#error "GFUND_DATA_DIR_FROM_BIN (installed data folder relative to the bin folder) is set by CMakeLists.txt"
#endif

namespace gfund::cli {

namespace fs = std::filesystem;

namespace {

// The folder of the running executable: /proc/self/exe names the file itself
// whatever the current directory or the name it was started under.
fs::path exe_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw NoInputError(fmt::format("cannot find the gfund executable (/proc/self/exe: {}); set GFUND_DATA_DIR",
                                         ec.message()));
  return exe.parent_path();
}

// The build tree's marker: one line, a path relative to the marker's folder.
std::optional<fs::path> from_marker(const fs::path& dir) {
  std::ifstream in(dir / "gfund-data-dir");
  std::string line;
  if (!in || !std::getline(in, line) || line.empty()) return std::nullopt;
  return dir / line;
}

bool is_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

fs::path tidy(const fs::path& p) {
  std::error_code ec;
  const fs::path c = fs::weakly_canonical(p, ec);
  return ec ? p.lexically_normal() : c;
}

}  // namespace

fs::path data_dir() {
  if (const char* env = std::getenv("GFUND_DATA_DIR"); env && *env) {
    if (!is_dir(env))
      throw NoInputError("GFUND_DATA_DIR is not a folder (it should hold demo/, models/, plans/, scenarios/)",
                         {.file = env});
    return tidy(env);
  }
  const fs::path dir = exe_dir();
  std::vector<fs::path> tried;
  if (auto marked = from_marker(dir)) tried.push_back(*marked);
  tried.push_back(dir / GFUND_DATA_DIR_FROM_BIN);
  for (const auto& p : tried)
    if (is_dir(p)) return tidy(p);
  std::string where;
  for (const auto& p : tried) where += (where.empty() ? "" : ", ") + p.lexically_normal().string();
  throw NoInputError(fmt::format("cannot find gfund's data folder (looked in {}); set GFUND_DATA_DIR to the folder "
                                 "holding demo/, models/, plans/ and scenarios/",
                                 where));
}

std::string data_file(std::string_view relative) { return (data_dir() / relative).string(); }

std::string model_or_default(const std::string& path, const std::string& db_path) {
  if (!path.empty()) return path;
  if (const Settings& s = settings(); !s.model.empty()) {
    notice(fmt::format("model {} (from {}; --model FILE for another)", s.model, s.file));
    return s.model;
  }
  if (!db_path.empty() && fs::exists(db_path))
    if (const auto recorded = ledger::calibrated_model(db_path)) {
      const std::string date = format_date(recorded->written);
      if (fs::is_regular_file(recorded->path)) {
        notice(fmt::format("model {} (written by calibrate on {}; --model FILE for another)", recorded->path, date));
        return recorded->path;
      }
      warning(fmt::format("the model calibrate wrote for this ledger on {}, {}, no longer exists; taking the shipped "
                          "one (run gfund calibrate again, or give --model FILE)",
                          date, recorded->path));
    }
  const std::string shipped = data_file("models/demo.toml");
  notice("model " + shipped + " (the shipped default; --model FILE for the fund's own)");
  return shipped;
}

}  // namespace gfund::cli
