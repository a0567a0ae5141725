#include "serve_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "support/test_support.hpp"

namespace gfund::testing {

ServeProcess::ServeProcess(const std::vector<std::string>& args) {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe");
  std::vector<std::string> argv_s{gfund_exe(), "serve"};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], 1);
    close(out[0]);
    close(out[1]);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  out_fd_ = out[0];
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (line.find('\n') == std::string::npos) {
    pollfd p{out_fd_, POLLIN, 0};
    if (std::chrono::steady_clock::now() > deadline || poll(&p, 1, 200) < 0) throw std::runtime_error("serve: no URL in 60 s");
    if (!(p.revents & (POLLIN | POLLHUP))) continue;
    char buf[256];
    const ssize_t n = read(out_fd_, buf, sizeof buf);
    if (n <= 0) throw std::runtime_error("gfund serve exited before printing its URL");
    line.append(buf, static_cast<std::size_t>(n));
  }
  url_ = line.substr(0, line.find('\n'));
  token_ = url_.substr(url_.find("token=") + 6);
  const auto colon = url_.rfind(':');
  port_ = std::stoi(url_.substr(colon + 1, url_.find('/', colon) - colon - 1));
}

int ServeProcess::interrupt(double seconds) {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGINT);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return -1;
}

ServeProcess::~ServeProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) close(out_fd_);
}

}  // namespace gfund::testing
