#pragma once
// Helpers shared by every test module: a private temporary folder per test
// and running the real gfund executable end to end.
#include <filesystem>
#include <string>
#include <vector>

namespace gfund::testing {

// A fresh folder under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

struct RunResult {
  int exit_code = -1;   // process exit status; 128+N if killed by signal N
  std::string out;      // stdout
  std::string err;      // stderr
};

// Runs the gfund executable (built with the tests) with `args`, capturing
// stdout and stderr. `stdin_text` is fed to its standard input.
RunResult run_gfund(const std::vector<std::string>& args, const std::string& stdin_text = "");
// Runs any command line through /bin/sh -c.
RunResult run_shell(const std::string& command);

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);
std::string fixtures_dir();  // the shipped fixtures/ folder
std::string gfund_exe();

}  // namespace gfund::testing
