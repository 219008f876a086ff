// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++20
// RUN: %check_asynclint --check-suffix=OFF %s async-blocking-wait-in-pool %t -- -config="{CheckOptions: {async-blocking-wait-in-pool.SubmissionNameHeuristics: false}}" -- -std=c++20
// Only declarations visible (the pools are implemented in another file):
// their names decide, compared without case and `_`, and only callable
// arguments are tasks.

#include <functional>
#include <future>
#include <list>
#include <mutex>
#include <thread>

namespace util {
class thread_pool {
public:
  void enqueue_job(std::function<void()> job);
  void post(int priority); // no callable: not a submission
};
class WorkQueue {
public:
  void Enqueue(std::function<void()> job);
  void AddWorkItem(std::function<void()> job);
};
class Widget {
public:
  void submit(std::function<void()> job); // not named like a pool
};
} // namespace util

void declared_elsewhere(util::thread_pool &pool, util::WorkQueue &queue,
                        util::Widget &widget, std::future<int> &f) {
  pool.enqueue_job([&f] { f.wait(); });
  // CHECK-NOTES: :[[@LINE-1]]:29: warning: task running on a thread pool blocks the worker in call to 'std::future::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:8: note: task submitted here
  queue.Enqueue([&f] { f.get(); });
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:9: note: task submitted here
  queue.AddWorkItem([&f] { f.wait_for(std::chrono::seconds(1)); });
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: task running on a thread pool blocks the worker in call to 'std::future::wait_for' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:9: note: task submitted here
  widget.submit([&f] { f.get(); });
  pool.post(1);
}

// Names decide only what no code shows. This executor's `submit` goes
// through a bridge declared only, so the names alone call it a pool; but
// every member that takes a callable is here and runs it on a thread
// started for it (a worker object built from it owns a std::thread), and
// joining a retired worker is not running a task: not a pool.
namespace visible {
class Worker {
public:
  Worker() = default;
  template <class F>
  explicit Worker(F f) : thread_(std::thread([f = std::move(f)]() mutable { f(); })) {}
  void join() { thread_.join(); }

private:
  std::thread thread_;
};

class thread_executor {
public:
  template <class F> void submit(F f) { submit_bridge(*this, std::move(f)); }
  static void submit_bridge(thread_executor &e, std::function<void()> f);
  void enqueue(std::function<void()> task) {
    std::lock_guard<std::mutex> lock(mutex_);
    Worker &slot = workers_.emplace_back();
    slot = Worker([this, task = std::move(task)]() mutable {
      task();
      retire();
    });
  }

private:
  void retire() {
    std::list<Worker> last;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      last = std::move(retired_);
    }
    if (!last.empty())
      last.front().join();
  }
  std::list<Worker> workers_, retired_;
  std::mutex mutex_;
};
} // namespace visible

void thread_per_task(visible::thread_executor &executor, std::future<int> &f) {
  executor.submit([&f] { f.wait(); });
}
