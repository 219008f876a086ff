#include "jobs.h"

#include <condition_variable>
#include <mutex>
#include <queue>
#include <thread>

namespace {
class PosixEnv : public Env {
public:
  void Schedule(void (*function)(void *), void *arg) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!started_) {
      started_ = true;
      std::thread(&PosixEnv::BackgroundMain, this).detach();
    }
    queue_.push(Item{function, arg});
    wake_.notify_one();
  }

private:
  struct Item {
    void (*function)(void *);
    void *arg;
  };
  void BackgroundMain() {
    for (;;) {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return !queue_.empty(); });
      auto function = queue_.front().function;
      void *arg = queue_.front().arg;
      queue_.pop();
      lock.unlock();
      function(arg);
    }
  }
  std::mutex mutex_;
  std::condition_variable wake_;
  std::queue<Item> queue_;
  bool started_ = false;
};
} // namespace

Env *Env::Default() {
  static PosixEnv env;
  return &env;
}
