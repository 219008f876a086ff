#include "exec.h"

namespace exec {
PoolExecutor::PoolExecutor(unsigned n) {
  while (n--)
    threads_.emplace_back([this] { loop(); });
}

void PoolExecutor::enqueue(Task t) {
  std::lock_guard<std::mutex> lock(mutex_);
  queue_.push_back(std::move(t));
  ready_.notify_one();
}

void PoolExecutor::loop() {
  for (;;) {
    Task t;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ready_.wait(lock, [this] { return !queue_.empty(); });
      t = std::move(queue_.front());
      queue_.pop_front();
    }
    t();
  }
}
} // namespace exec
