// REQUIRES: cpprest
// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++20 -I/usr/include
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++20 -I/usr/include
// Against the real C++ REST SDK (pplx) headers.

#include <pplx/pplxtasks.h>

void bad() {
  pplx::task<int> t = pplx::create_task([] { return 1; });
  pplx::create_task([t] { return t.get() + 1; });
  // CHECK-NOTES: :[[@LINE-1]]:36: warning: task running on a thread pool blocks the worker in call to 'get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
}

// The fix: a continuation runs when the value is there.
void good() {
  pplx::task<int> t = pplx::create_task([] { return 1; });
  t.then([](int v) { return v + 1; });
}
