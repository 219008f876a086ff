// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++20 -I %S/../../../runtime/include
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++20 -I %S/../../../runtime/include
// Chains through helpers, task roots other than lambdas, same-pool deadlock.

#include "Inputs/async-blocking-wait-in-pool/home_grown_pool.h"
#include <asynclint/annotations.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

ThreadPool pool(4);
ThreadPool other(4);

// A .NET-style "sync wrapper", reached through two helpers.
int PingUrlSync(std::future<int> &reply) { return reply.get(); }
int check_host(std::future<int> &reply) { return PingUrlSync(reply); }
int check_all(std::future<int> &reply) { return check_host(reply); }

void three_deep(std::future<int> &reply) {
  pool.enqueue([&reply] { return check_all(reply); });
  // CHECK-NOTES: :[[@LINE-1]]:34: warning: task running on a thread pool blocks the worker in call to 'check_all' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-5]]:49: note: frame #0: 'check_all' calls 'check_host' here
  // CHECK-NOTES: :[[@LINE-7]]:50: note: frame #1: 'check_host' calls 'PingUrlSync' here
  // CHECK-NOTES: :[[@LINE-9]]:57: note: frame #2: 'PingUrlSync' waits on 'std::future::get' here
  // CHECK-NOTES: :[[@LINE-5]]:8: note: task submitted here
}

// Recursion terminates and still finds the wait.
int retry(std::future<int> &f, int n) { return n > 0 ? retry(f, n - 1) : f.get(); }

void recursive(std::future<int> &f) {
  pool.enqueue([&f] { return retry(f, 3); });
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: task running on a thread pool blocks the worker in call to 'retry' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-5]]:76: note: frame #0: 'retry' waits on 'std::future::get' here
  // CHECK-NOTES: :[[@LINE-3]]:8: note: task submitted here
}

template <class T> T await_value(std::future<T> &f) { return f.get(); }

void through_template(std::future<long> &f) {
  pool.enqueue([&f] { return await_value(f); });
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: task running on a thread pool blocks the worker in call to 'await_value' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-5]]:64: note: frame #0: 'await_value' waits on 'std::future::get' here
  // CHECK-NOTES: :[[@LINE-3]]:8: note: task submitted here
}

std::mutex m;
std::condition_variable cv;
bool ready = false;
void wait_ready() {
  std::unique_lock<std::mutex> lock(m);
  while (!ready) cv.wait(lock);
}

void function_pointer_task() {
  pool.enqueue(&wait_ready);
  // CHECK-NOTES: :[[@LINE-5]]:21: warning: task running on a thread pool blocks the worker in call to 'std::condition_variable::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:8: note: task submitted here
}

void sleeper(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

void bind_task() {
  pool.enqueue(std::bind(&sleeper, 5));
  // CHECK-NOTES: :[[@LINE-4]]:24: warning: task running on a thread pool blocks the worker in call to 'std::this_thread::sleep_for' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:8: note: task submitted here
}

struct Joiner {
  std::thread *t;
  void operator()() const { t->join(); }
};

void functor_task(std::thread &t) {
  pool.enqueue(Joiner{&t});
  // CHECK-NOTES: :[[@LINE-5]]:32: warning: task running on a thread pool blocks the worker in call to 'std::thread::join' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:8: note: task submitted here
}

// A packaged_task (or std::function) made first and then submitted.
void packaged_task_root(std::future<int> &f) {
  std::packaged_task<int()> task([&f] { return f.get(); });
  // CHECK-NOTES: :[[@LINE-1]]:50: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
  pool.enqueue(std::move(task));
  // CHECK-NOTES: :[[@LINE-1]]:8: note: task submitted here
}

// Generic lambdas and functors: the instantiation the pool runs, where a call
// that depends on the parameter is resolved.
struct ChunkPool {
  template <class F> void submit(int chunks, F &&f) {
    for (int i = 0; i < chunks; ++i)
      f(i);
  }
};
struct ChunkJoiner {
  std::vector<std::thread> *threads;
  template <class I> void operator()(I i) const { (*threads)[i].join(); }
};
void generic_roots(ChunkPool &chunks, std::vector<std::thread> &threads) {
  chunks.submit(2, ChunkJoiner{&threads});
  // CHECK-NOTES: :[[@LINE-4]]:65: warning: task running on a thread pool blocks the worker in call to 'std::thread::join' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:10: note: task submitted here
  chunks.submit(2, [&threads](auto i) { threads[i].join(); });
  // CHECK-NOTES: :[[@LINE-1]]:52: warning: task running on a thread pool blocks the worker in call to 'std::thread::join' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:10: note: task submitted here
}

void assigned_same_pool() {
  pool.enqueue([] {
    std::future<int> inner;
    inner = pool.enqueue([] { return 1; });
    return inner.get();
    // CHECK-NOTES: :[[@LINE-1]]:18: warning: task running on thread pool 'pool' waits for a task submitted to the same pool; this deadlocks once every worker waits [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-3]]:18: note: inner task submitted here
    // CHECK-NOTES: :[[@LINE-6]]:8: note: task submitted here
  });
}

void other_pool_is_still_a_wait() {
  pool.enqueue([] {
    auto inner = other.enqueue([] { return 1; });
    return inner.get();
    // CHECK-NOTES: :[[@LINE-1]]:18: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-4]]:8: note: task submitted here
  });
}

// A discarded std::async result: the returned future is destroyed at the end
// of the statement, and that destructor waits for the new thread.
void log_line();
void discarded_async_result() {
  pool.enqueue([] {
    std::async(std::launch::async, log_line);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: task running on a thread pool blocks the worker in call to 'std::async' [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: the std::future returned by 'std::async' is discarded; its destructor waits for the task to finish
    // CHECK-NOTES: :[[@LINE-4]]:8: note: task submitted here
  });
}

void fire_and_forget(bool verbose) {
  if (verbose)
    (void)std::async(std::launch::async, log_line);
}
void discarded_through_helper() {
  pool.enqueue([] { fire_and_forget(true); });
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: task running on a thread pool blocks the worker in call to 'fire_and_forget' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-5]]:11: note: frame #0: 'fire_and_forget' waits on 'std::async' here
  // CHECK-NOTES: :[[@LINE-6]]:11: note: the std::future returned by 'std::async' is discarded; its destructor waits for the task to finish
  // CHECK-NOTES: :[[@LINE-4]]:8: note: task submitted here
}

// A class annotated as an executor: its members taking a callable submit.
class ASYNCLINT_EXECUTOR Dispatcher {
public:
  void push(std::function<void()> job);
  Dispatcher &operator<<(std::function<void()> job);
};
class Router { // same shape, no annotation, no pool-like name
public:
  void push(std::function<void()> job);
};
void annotated_executor(Dispatcher &d, Router &r, std::future<int> &f) {
  d.push([&f] { f.wait(); });
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: task running on a thread pool blocks the worker in call to 'std::future::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:5: note: task submitted here
  r.push([&f] { f.wait(); });
  d << [&f] { f.wait(); }; // operators are not submissions
}

// Correct code: nothing below may warn.

int main_waits(std::future<int> &f) { return PingUrlSync(f); }

void dedicated_thread(std::future<int> &f) {
  std::thread t([&f] { PingUrlSync(f); });
  t.join();
}

int never_reached(std::future<int> &f) { return f.get(); }
void task_without_wait() { pool.enqueue([] { return 1; }); }

int outside_pool() {
  auto f = pool.enqueue([] { return 2; });
  return f.get();
}

void zero_timeout_poll(std::shared_future<int> f) {
  pool.enqueue([f] {
    return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  });
}

void zero_timeout_literal(std::shared_future<int> f) {
  using namespace std::chrono_literals;
  pool.enqueue([f] { return f.wait_for(0ms) == std::future_status::ready; });
}

ASYNCLINT_NONBLOCKING int cached_value(std::future<int> &f) { return f.get(); }
void annotated(std::future<int> &f) {
  pool.enqueue([&f] { return cached_value(f); });
}

struct Base {
  virtual int value(std::future<int> &f) { return f.get(); }
};
void virtual_call_not_followed(Base &b, std::future<int> &f) {
  pool.enqueue([&b, &f] { return b.value(f); });
}

void created_lambda_not_run(std::future<int> &f) {
  pool.enqueue([&f] {
    auto later = [&f] { return f.get(); };
    (void)later;
  });
}

void nested_submission_not_a_wait() {
  pool.enqueue([] { pool.enqueue([] { return 1; }); });
}

void std_async_is_not_a_pool_by_default(std::future<int> &f) {
  auto r = std::async(std::launch::async, [&f] { return f.get(); });
  (void)r;
}

void fn_ptr_without_wait_is_fine() { pool.enqueue(&task_without_wait); }

void valid_only(std::future<int> &f) {
  pool.enqueue([&f] { return f.valid(); });
}

void wait_outside_task_in_same_function(std::future<int> &f) {
  pool.enqueue([] { return 1; });
  f.wait();
}

void mutex_lock_is_not_a_wait() {
  pool.enqueue([] { std::lock_guard<std::mutex> g(m); ready = true; cv.notify_all(); });
}

// A kept, returned or deferred std::async result is not discarded.
std::future<void> started_log() { return std::async(std::launch::async, log_line); }
void kept_async_results(std::vector<std::future<void>> &out) {
  pool.enqueue([&out] {
    out.push_back(std::async(std::launch::async, log_line));
    std::async(std::launch::deferred, log_line);
    auto kept = started_log();
    out.push_back(std::move(kept));
  });
}

// A get after a zero-timeout poll saw the result ready does not wait; one
// outside that branch, or on another future, does.
void ready_after_poll(std::shared_future<int> f, std::shared_future<int> g) {
  pool.enqueue([f, g] {
    if (f.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
      return f.get();
    if (std::future_status::ready == f.wait_for(std::chrono::seconds(0)) && g.valid())
      return f.get() + 1;
    if (f.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
      return g.get();
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: task running on a thread pool blocks the worker in call to 'std::shared_future::get' [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-8]]:8: note: task submitted here
    return f.get();
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: task running on a thread pool blocks the worker in call to 'std::shared_future::get' [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-11]]:8: note: task submitted here
  });
}

// C++20 atomic waits block until another thread notifies.
#include <atomic>
void bad_atomic_waits(std::atomic<int> &state, std::atomic_flag &flag) {
  pool.submit([&state] { state.wait(0); });
  // CHECK-NOTES: :[[@LINE-1]]:32: warning: task running on a thread pool blocks the worker in call to 'std::atomic::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:8: note: task submitted here
  pool.submit([&flag] { flag.wait(false); });
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: task running on a thread pool blocks the worker in call to 'std::atomic_flag::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:8: note: task submitted here
  pool.submit([&state] { state.notify_all(); }); // notifying never waits
}
