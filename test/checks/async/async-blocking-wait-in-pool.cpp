// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++20

#include "Inputs/async-blocking-wait-in-pool/home_grown_pool.h"

ThreadPool pool(4);
IoExecutor io;
int compute();

void bad_enqueue() {
  pool.enqueue([] {
    auto inner = pool.enqueue([] { return compute(); });
    return inner.get();
    // CHECK-NOTES: :[[@LINE-1]]:18: warning: task running on thread pool 'pool' waits for a task submitted to the same pool; this deadlocks once every worker waits [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-3]]:23: note: inner task submitted here
    // CHECK-NOTES: :[[@LINE-5]]:8: note: task submitted here
  });
}

void bad_wait_shared(std::shared_future<int> ready) {
  pool.submit([ready] {
    ready.wait();
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: task running on a thread pool blocks the worker in call to 'std::shared_future::wait' [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-3]]:8: note: task submitted here
  });
}

void bad_executor_post(std::future<void> done) {
  auto shared = std::make_shared<std::future<void>>(std::move(done));
  io.post([shared] {
    shared->wait();
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: task running on a thread pool blocks the worker in call to 'std::future::wait' [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-3]]:6: note: task submitted here
  });
}

// Correct code: nothing below may warn.

int good_outside_pool() {
  auto f = pool.enqueue([] { return compute(); });
  return f.get(); // waiting from a thread that is not a pool worker
}

void good_nested_lambda_not_run_on_pool(std::future<int> &f) {
  pool.enqueue([] {
    auto later = [](std::future<int> &g) { return g.get(); }; // a separate callable, not called here
    (void)later;
    return 0;
  });
}

void good_valid_is_not_a_wait() {
  pool.enqueue([] {
    std::future<int> f;
    return f.valid() ? 1 : 0;
  });
}

struct Cache {
  void submit(std::function<void()>) {}
};

void good_not_a_pool(Cache &cache, std::shared_future<int> f) {
  cache.submit([f] { f.wait(); }); // Cache is not a pool or executor
}
