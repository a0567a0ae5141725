#include "engine/portfolio/input_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "models/errors.hpp"

namespace gfund {

namespace {
InputSharing g_sharing = nullptr;

std::string read_whole_file(const std::string& path, std::string_view what) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) throw NoInputError(fmt::format("{} not found", what), ErrorSite{path, 0, {}});
  // A folder opens and reads as zero bytes: without this it would be
  // reported as an empty file, and the user would look inside the wrong thing.
  if (std::filesystem::is_directory(status))
    throw NoInputError(fmt::format("is a directory, not a {}", what), ErrorSite{path, 0, {}});
  std::ifstream in(path, std::ios::binary);
  if (!in) throw NoInputError(fmt::format("cannot open the {} for reading", what), ErrorSite{path, 0, {}});
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw IoError("read failed", ErrorSite{path, 0, {}});
  return std::move(text).str();
}
}  // namespace

void set_input_sharing(InputSharing sharing) { g_sharing = sharing; }
bool input_shared() { return g_sharing != nullptr; }
std::string shared_input(const std::function<std::string()>& read) { return g_sharing ? g_sharing(read) : read(); }

std::string read_input_file(const std::string& path, std::string_view what) {
  return shared_input([&] { return read_whole_file(path, what); });
}

}  // namespace gfund
