// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++20
// RUN: %check_asynclint --check-suffix=OFF %s async-blocking-wait-in-pool %t -- -config="{CheckOptions: {async-blocking-wait-in-pool.SubmissionNameHeuristics: false}}" -- -std=c++20
// Only declarations visible (the pools are implemented in another file):
// their names decide, compared without case and `_`, and only callable
// arguments are tasks.

#include <functional>
#include <future>

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
