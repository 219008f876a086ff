// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++20
// folly executors and BS::thread_pool, through declarations in Inputs/.

#include "Inputs/async-blocking-wait-in-pool/folly_bs.h"

void folly_bad(folly::CPUThreadPoolExecutor &ex, folly::Future<int> f, folly::Baton &b) {
  ex.add([f]() mutable { f.get(); });
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: task running on a thread pool blocks the worker in call to 'folly::Future::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:6: note: task submitted here
  ex.add([&b] { b.wait(); });
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: task running on a thread pool blocks the worker in call to 'folly::Baton::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:6: note: task submitted here
}

void bs_bad(BS::thread_pool &pool) {
  pool.detach_task([&pool] {
    auto inner = pool.submit_task([] { return 1; });
    inner.get();
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: task running on thread pool 'pool' waits for a task submitted to the same pool; this deadlocks once every worker waits [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-3]]:23: note: inner task submitted here
    // CHECK-NOTES: :[[@LINE-5]]:8: note: task submitted here
  });
}

// Correct code: nothing below may warn.
void good(folly::CPUThreadPoolExecutor &ex, BS::thread_pool &pool, folly::Baton &b) {
  ex.add([&b] { b.post(); });
  pool.detach_task([] {});
  auto r = pool.submit_task([] { return 1; });
  r.get();
}
