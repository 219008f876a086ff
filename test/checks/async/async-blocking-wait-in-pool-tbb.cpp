// REQUIRES: tbb
// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++20
// Against the real oneTBB headers (declared in tbb::detail::d1).

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_group.h>
#include <future>

void bad(std::future<int> &x) {
  tbb::task_group g;
  g.run([&x] { x.get(); });
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:5: note: task submitted here
  tbb::parallel_for(0, 10, [&x](int) { x.wait(); });
  // CHECK-NOTES: :[[@LINE-1]]:42: warning: task running on a thread pool blocks the worker in call to 'std::future::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
  g.wait();
}

// A task of a group waiting for that same group waits for itself.
void bad_own_group() {
  tbb::task_group g;
  g.run([&g] {
    g.run([] {});
    g.wait();
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: task of task group 'g' waits for its own group; the wait cannot return before this task ends [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-4]]:5: note: task submitted here
  });
  g.wait();
  tbb::task_group h;
  h.run([&h] {
    tbb::task_group &same = h;
    same.wait();
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: task of task group 'h' waits for its own group; the wait cannot return before this task ends [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-4]]:5: note: task submitted here
  });
  h.wait();
}

// The same through helpers the task hands its group to; a helper waiting
// on another group stays silent.
void finish(tbb::task_group &group) { group.wait(); }
void finish_later(tbb::task_group &group) { finish(group); }
void bad_own_group_through_helpers(tbb::task_group &other) {
  tbb::task_group g;
  g.run([&g] { finish_later(g); });
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: task of task group 'g' waits for its own group; the wait cannot return before this task ends [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-5]]:45: note: frame #0: 'finish_later' calls 'finish' here
  // CHECK-NOTES: :[[@LINE-7]]:45: note: frame #1: 'finish' waits on 'tbb::detail::d1::task_group::wait' here
  // CHECK-NOTES: :[[@LINE-4]]:5: note: task submitted here
  g.run([&other] { finish(other); });
  g.wait();
}

// task_group::wait on another, nested group helps run that group's tasks:
// not a block.
void good() {
  tbb::task_group g;
  g.run([] {
    tbb::task_group inner;
    inner.run([] {});
    inner.wait();
  });
  g.wait();
}
