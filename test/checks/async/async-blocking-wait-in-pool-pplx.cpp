// REQUIRES: cpprest
// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++20 -I/usr/include
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++20 -I/usr/include
// Against the real C++ REST SDK (pplx) headers.

#include <pplx/pplxtasks.h>

void bad() {
  pplx::task<int> t = pplx::create_task([] { return 1; });
  pplx::create_task([t] { return t.get() + 1; });
  // CHECK-NOTES: :[[@LINE-1]]:36: warning: task running on a thread pool blocks the worker in call to 'pplx::task::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
}

void bad_fresh_task_in_a_continuation() {
  pplx::task<int> t = pplx::create_task([] { return 1; });
  t.then([](pplx::task<int> done) {
    pplx::task<int> fresh = pplx::create_task([] { return 2; });
    return done.get() + fresh.get();
    // CHECK-NOTES: :[[@LINE-1]]:31: warning: task running on a thread pool blocks the worker in call to 'pplx::task::get' [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-4]]:5: note: task submitted here
  });
}

// A task constructed from a callable is scheduled like create_task's; a
// copy of a task schedules nothing.
void bad_task_constructor() {
  pplx::task<int> t([] { return 1; });
  pplx::task<int> u([t] { return t.get() + 1; });
  // CHECK-NOTES: :[[@LINE-1]]:36: warning: task running on a thread pool blocks the worker in call to 'pplx::task::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:19: note: task submitted here
  pplx::task<int> copy(t);
  (void)copy;
}

// The fix: a continuation runs when the value is there.
void good() {
  pplx::task<int> t = pplx::create_task([] { return 1; });
  t.then([](int v) { return v + 1; });
}

// A task made ready returns at once.
void good_ready_task() {
  pplx::create_task([] {
    pplx::task_from_result(1).wait();
    auto ready = pplx::task_from_result(2);
    return ready.get();
  });
}

// A task-based continuation gets its antecedent finished: reading it, or a
// copy of it, returns at once.
void good_antecedent() {
  pplx::task<int> t = pplx::create_task([] { return 1; });
  t.then([](pplx::task<int> done) { return done.get() + 1; });
  t.then([](const pplx::task<int> &done) {
    done.wait();
    pplx::task<int> copy = done;
    return copy.get();
  });
}
