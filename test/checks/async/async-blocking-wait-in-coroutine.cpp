// RUN: %check_asynclint %s async-blocking-wait-in-coroutine %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-coroutine %t -- -- -std=c++20

#include "Inputs/async-blocking-wait-in-coroutine/task.h"
#include <chrono>
#include <functional>
#include <future>
#include <thread>

int fetch_sync(std::future<int> &f) { return f.get(); }
int load(std::future<int> &f) { return fetch_sync(f) + 1; }

Task<int> direct(std::future<int> f) {
  int v = f.get();
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: coroutine 'direct' blocks its thread in call to 'std::future::get'; use co_await instead [async-blocking-wait-in-coroutine]
  co_return v;
}

Task<int> through_helpers(std::future<int> f) {
  int v = load(f);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: coroutine 'through_helpers' blocks its thread in call to 'load'; use co_await instead [async-blocking-wait-in-coroutine]
  // CHECK-NOTES: :[[@LINE-11]]:40: note: frame #0: 'load' calls 'fetch_sync' here
  // CHECK-NOTES: :[[@LINE-13]]:48: note: frame #1: 'fetch_sync' waits on 'std::future::get' here
  co_return v;
}

Task<int> sleeps() {
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'sleeps' blocks its thread in call to 'std::this_thread::sleep_for'; use co_await instead [async-blocking-wait-in-coroutine]
  co_return 0;
}

void flush_log();
Task<int> fires_and_forgets() {
  std::async(std::launch::async, flush_log);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'fires_and_forgets' blocks its thread in call to 'std::async'; use co_await instead [async-blocking-wait-in-coroutine]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: the std::future returned by 'std::async' is discarded; its destructor waits for the task to finish
  co_return 0;
}

namespace net {
struct Session {
  // Names as the user spells them: a lambda coroutine is named after the
  // function it is written in, a member with its class and namespace.
  void serve(std::future<int> &f) {
    auto reply = [&f]() -> Task<int> {
      auto read = [&f] { return f.get(); };
      co_return read();
      // CHECK-NOTES: :[[@LINE-1]]:17: warning: coroutine lambda in 'net::Session::serve' blocks its thread in call to lambda in 'net::Session::serve'; use co_await instead [async-blocking-wait-in-coroutine]
      // CHECK-NOTES: :[[@LINE-3]]:35: note: frame #0: lambda in 'net::Session::serve' waits on 'std::future::get' here
    };
    reply();
  }
};
} // namespace net

// A coroutine that blocks is reported in its own body, once; the coroutines
// that call and co_await it are not: calling a coroutine only creates its
// frame, and its body runs wherever it is resumed.
Task<int> reads_blocking(std::future<int> &f) {
  co_return f.get();
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: coroutine 'reads_blocking' blocks its thread in call to 'std::future::get'; use co_await instead [async-blocking-wait-in-coroutine]
}
Task<int> awaits_the_blocking_one(std::future<int> &f) {
  int v = co_await reads_blocking(f);
  co_return v + 1;
}

// An executor's bridge coroutine runs the callable it is given: what the
// callable does is reported where it is written (a pool task, by the pool
// check), never inside the bridge.
namespace lib {
template <class F, class... A> Task<int> bridge(F callable, A... args) {
  co_return callable(args...);
}
} // namespace lib
int waits_for(std::future<int> &f) { return f.get(); }
void submits_a_blocking_callable(std::future<int> &f) {
  lib::bridge([&f] { return waits_for(f); });
  lib::bridge(waits_for, std::ref(f));
}

// Correct code: nothing below may warn.

Task<int> awaits(Task<int> inner) {
  int v = co_await inner;
  co_return v;
}

Task<int> polls(std::future<int> &f) {
  if (f.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
    co_return 1;
  co_return 0;
}

int not_a_coroutine(std::future<int> &f) { return f.get(); }

Task<int> creates_but_never_calls(std::future<int> &f) {
  auto later = [&f] { return f.get(); };
  (void)later;
  co_return 0;
}
