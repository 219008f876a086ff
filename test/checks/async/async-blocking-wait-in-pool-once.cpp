// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++20
// One diagnostic per bug: a wait written once is reported once, whatever the
// number of template instantiations or macro expansions that contain it.

#include "Inputs/async-blocking-wait-in-pool/home_grown_pool.h"

ThreadPool pool(2);

template <class T> void run_all(std::future<T> &f) {
  pool.enqueue([&f] { return f.get(); });
  // CHECK-NOTES: :[[@LINE-1]]:32: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:8: note: task submitted here
}
void instantiations(std::future<int> &a, std::future<long> &b) {
  run_all(a);
  run_all(b);
}

#define SUBMIT_AND_WAIT(f) pool.enqueue([&f] { return f.get(); })
void expansions(std::future<int> &a, std::future<int> &b) {
  SUBMIT_AND_WAIT(a);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-4]]:57: note: expanded from macro 'SUBMIT_AND_WAIT'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: task submitted here
  // CHECK-NOTES: :[[@LINE-6]]:33: note: expanded from macro 'SUBMIT_AND_WAIT'
  SUBMIT_AND_WAIT(b);
}

// Two calls of the same blocking helper in one task reach one wait: it is
// reported once, at the wait, with both calls.
template <class T> T fetch(std::future<T> &f) { return f.get(); }
// CHECK-NOTES: :[[@LINE-1]]:58: warning: 'fetch' blocks the worker thread of every pool task that reaches it, in call to 'std::future::get' [async-blocking-wait-in-pool]
void two_calls(std::future<int> &a, std::future<long> &b) {
  pool.enqueue([&a, &b] { fetch(a); return fetch(b); });
  // CHECK-NOTES: :[[@LINE-1]]:27: note: reached from a task here
  // CHECK-NOTES: :[[@LINE-2]]:44: note: reached from a task here
}

// A member of a class template instantiated twice: one warning, at the call
// the task makes, named without template arguments.
template <class T> struct Cache {
  std::future<T> pending;
  T read() { return pending.get(); }
  void refresh() { pool.enqueue([this] { read(); }); }
  // CHECK-NOTES: :[[@LINE-1]]:42: warning: task running on a thread pool blocks the worker in call to 'Cache::read' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-3]]:29: note: frame #0: 'Cache::read' waits on 'std::future::get' here
  // CHECK-NOTES: :[[@LINE-3]]:25: note: task submitted here
};
void two_caches(Cache<int> &a, Cache<long> &b) {
  a.refresh();
  b.refresh();
}

// Recursion: the wait is found once, and the chain does not loop.
int countdown(int n, std::future<int> &f) { return n ? countdown(n - 1, f) : f.get(); }
int ping(int n, std::future<int> &f);
int pong(int n, std::future<int> &f) { return n ? ping(n, f) : f.get(); }
int ping(int n, std::future<int> &f) { return pong(n - 1, f); }
void recursive(std::future<int> &f) {
  pool.enqueue([&f] { countdown(3, f); });
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: task running on a thread pool blocks the worker in call to 'countdown' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-7]]:80: note: frame #0: 'countdown' waits on 'std::future::get' here
  // CHECK-NOTES: :[[@LINE-3]]:8: note: task submitted here
  pool.enqueue([&f] { ping(3, f); });
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: task running on a thread pool blocks the worker in call to 'ping' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-8]]:47: note: frame #0: 'ping' calls 'pong' here
  // CHECK-NOTES: :[[@LINE-10]]:66: note: frame #1: 'pong' waits on 'std::future::get' here
  // CHECK-NOTES: :[[@LINE-4]]:8: note: task submitted here
}
