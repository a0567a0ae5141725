#pragma once
// A real `gfund serve` for the server tests: started as a child process,
// its printed URL read from stdout, stopped with SIGINT as a user's Ctrl-C.
#include <sys/types.h>

#include <string>
#include <vector>

namespace gfund::testing {

class ServeProcess {
 public:
  // Runs `gfund serve <args>` and waits (at most 60 s) for its URL line.
  // Throws std::runtime_error with its stderr when it exits first.
  explicit ServeProcess(const std::vector<std::string>& args);
  ~ServeProcess();  // SIGKILL if still running
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  const std::string& url() const { return url_; }      // http://127.0.0.1:PORT/?token=T
  const std::string& token() const { return token_; }
  int port() const { return port_; }
  // Sends SIGINT and waits at most `seconds`; the exit status, or -1 if it
  // did not stop in time (then it is killed).
  int interrupt(double seconds);

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string url_, token_;
  int port_ = 0;
};

}  // namespace gfund::testing
