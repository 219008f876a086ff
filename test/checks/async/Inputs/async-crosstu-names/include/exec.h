#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace exec {
using Task = std::function<void()>;

// Runs each task on a thread started for it (thread_executor.cpp).
class ThreadExecutor {
public:
  template <class F> void submit(F f) { enqueue(Task(std::move(f))); }
  void enqueue(Task t);
};

// Runs tasks on a fixed set of worker threads (pool_executor.cpp).
class PoolExecutor {
public:
  explicit PoolExecutor(unsigned n);
  template <class F> void submit(F f) { enqueue(Task(std::move(f))); }
  void enqueue(Task t);

private:
  void loop();
  std::deque<Task> queue_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable ready_;
};
} // namespace exec
