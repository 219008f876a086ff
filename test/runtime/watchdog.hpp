// File: test/runtime/watchdog.hpp
//
// A watchdog for concurrency tests: if the guarded scope is still running
// after `limit`, it prints what hung and aborts the process, so a deadlock
// fails fast with a message instead of waiting for the ctest timeout.
//
//   {
//     Watchdog dog(std::chrono::seconds(30), "EventDistributor.ResetWaits");
//     ...   // hangs -> "watchdog: EventDistributor.ResetWaits still running after 30 s"
//   }
#ifndef ASYNCLINT_TEST_RUNTIME_WATCHDOG_HPP
#define ASYNCLINT_TEST_RUNTIME_WATCHDOG_HPP

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

namespace asynclint::testing {

/// Aborts the process with a message unless destroyed within `limit`.
class Watchdog {
 public:
  Watchdog(std::chrono::seconds limit, std::string what)
      : what_(std::move(what)), thread_([this, limit] { run(limit); }) {}
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;
  ~Watchdog() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  void run(std::chrono::seconds limit) {
    std::unique_lock lock(mutex_);
    if (cv_.wait_for(lock, limit, [this] { return done_; }))
      return;
    std::fprintf(stderr, "watchdog: %s still running after %lld s (deadlock?), aborting\n",
                 what_.c_str(), static_cast<long long>(limit.count()));
    std::fflush(stderr);
    std::abort();
  }

  std::string what_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

} // namespace asynclint::testing

#endif // ASYNCLINT_TEST_RUNTIME_WATCHDOG_HPP
