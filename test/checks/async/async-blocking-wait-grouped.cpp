// RUN: %check_asynclint %s async-blocking-wait-in-pool,async-blocking-wait-in-coroutine %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool,async-blocking-wait-in-coroutine %t -- -- -std=c++20
// RUN: %check_asynclint --check-suffix=EACH %s async-blocking-wait-in-pool,async-blocking-wait-in-coroutine %t -- -config="{CheckOptions: {GroupByBlockingCall: false}}" -- -std=c++20
// RUN: %check_asynclint_plugin --check-suffix=EACH %s async-blocking-wait-in-pool,async-blocking-wait-in-coroutine %t -- -config="{CheckOptions: {GroupByBlockingCall: false}}" -- -std=c++20
// One root cause, one warning: when several tasks (or coroutines) block only
// through the same wait inside a helper, the wait is reported once, with the
// first calls that reach it; GroupByBlockingCall: false reports each call.

#include "Inputs/async-blocking-wait-in-pool/home_grown_pool.h"
#include "Inputs/async-blocking-wait-in-coroutine/task.h"

ThreadPool pool(2);

namespace rpc {
int send_reply(std::future<int> &reply) { return reply.get(); }
// CHECK-NOTES: :[[@LINE-1]]:56: warning: 'rpc::send_reply' blocks the worker thread of every pool task that reaches it, in call to 'std::future::get' [async-blocking-wait-in-pool]
int reply(std::future<int> &r) { return send_reply(r) + 1; }
} // namespace rpc

void handlers(std::future<int> &r) {
  pool.enqueue([&r] { return rpc::reply(r); });
  // CHECK-NOTES: :[[@LINE-1]]:30: note: reached from a task here
  // CHECK-NOTES-EACH: :[[@LINE-2]]:30: warning: task running on a thread pool blocks the worker in call to 'rpc::reply' [async-blocking-wait-in-pool]
  // CHECK-NOTES-EACH: :[[@LINE-7]]:41: note: frame #0: 'rpc::reply' calls 'rpc::send_reply' here
  // CHECK-NOTES-EACH: :[[@LINE-10]]:56: note: frame #1: 'rpc::send_reply' waits on 'std::future::get' here
  // CHECK-NOTES-EACH: :[[@LINE-5]]:8: note: task submitted here
  pool.enqueue([&r] { return rpc::send_reply(r); });
  // CHECK-NOTES: :[[@LINE-1]]:30: note: reached from a task here
  // CHECK-NOTES-EACH: :[[@LINE-2]]:30: warning: task running on a thread pool blocks the worker in call to 'rpc::send_reply' [async-blocking-wait-in-pool]
  // CHECK-NOTES-EACH: :[[@LINE-15]]:56: note: frame #0: 'rpc::send_reply' waits on 'std::future::get' here
  // CHECK-NOTES-EACH: :[[@LINE-4]]:8: note: task submitted here
  pool.enqueue([&r] { return rpc::send_reply(r); });
  // CHECK-NOTES: :[[@LINE-1]]:30: note: reached from a task here
  // CHECK-NOTES-EACH: :[[@LINE-2]]:30: warning: task running on a thread pool blocks the worker in call to 'rpc::send_reply' [async-blocking-wait-in-pool]
  // CHECK-NOTES-EACH: :[[@LINE-20]]:56: note: frame #0: 'rpc::send_reply' waits on 'std::future::get' here
  // CHECK-NOTES-EACH: :[[@LINE-4]]:8: note: task submitted here
  pool.enqueue([&r] { return rpc::send_reply(r); });
  // CHECK-NOTES: :[[@LINE-1]]:30: note: and from 2 more call sites; set GroupByBlockingCall to false to report each
  // CHECK-NOTES-EACH: :[[@LINE-2]]:30: warning: task running on a thread pool blocks the worker in call to 'rpc::send_reply' [async-blocking-wait-in-pool]
  // CHECK-NOTES-EACH: :[[@LINE-25]]:56: note: frame #0: 'rpc::send_reply' waits on 'std::future::get' here
  // CHECK-NOTES-EACH: :[[@LINE-4]]:8: note: task submitted here
  pool.enqueue([&r] { return rpc::send_reply(r); });
  // CHECK-NOTES-EACH: :[[@LINE-1]]:30: warning: task running on a thread pool blocks the worker in call to 'rpc::send_reply' [async-blocking-wait-in-pool]
  // CHECK-NOTES-EACH: :[[@LINE-29]]:56: note: frame #0: 'rpc::send_reply' waits on 'std::future::get' here
  // CHECK-NOTES-EACH: :[[@LINE-3]]:8: note: task submitted here
}

// A wait reached by one task only is reported at the task, as always.
int load_once(std::future<int> &f) { return f.get(); }
void single(std::future<int> &f) {
  pool.enqueue([&f] { return load_once(f); });
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: task running on a thread pool blocks the worker in call to 'load_once' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-4]]:47: note: frame #0: 'load_once' waits on 'std::future::get' here
  // CHECK-NOTES: :[[@LINE-3]]:8: note: task submitted here
  // CHECK-NOTES-EACH: :[[@LINE-4]]:30: warning: task running on a thread pool blocks the worker in call to 'load_once' [async-blocking-wait-in-pool]
  // CHECK-NOTES-EACH: :[[@LINE-7]]:47: note: frame #0: 'load_once' waits on 'std::future::get' here
  // CHECK-NOTES-EACH: :[[@LINE-6]]:8: note: task submitted here
}

// Coroutines that call one blocking helper: the same.
int read_sync(std::future<int> &f) { return f.get(); }
// CHECK-NOTES: :[[@LINE-1]]:47: warning: 'read_sync' blocks the thread of every coroutine that reaches it, in call to 'std::future::get'; use co_await instead [async-blocking-wait-in-coroutine]
Task<int> first(std::future<int> &f) { co_return read_sync(f); }
// CHECK-NOTES: :[[@LINE-1]]:50: note: reached from a coroutine here
// CHECK-NOTES-EACH: :[[@LINE-2]]:50: warning: coroutine 'first' blocks its thread in call to 'read_sync'; use co_await instead [async-blocking-wait-in-coroutine]
// CHECK-NOTES-EACH: :[[@LINE-5]]:47: note: frame #0: 'read_sync' waits on 'std::future::get' here
Task<int> second(std::future<int> &f) { co_return read_sync(f); }
// CHECK-NOTES: :[[@LINE-1]]:51: note: reached from a coroutine here
// CHECK-NOTES-EACH: :[[@LINE-2]]:51: warning: coroutine 'second' blocks its thread in call to 'read_sync'; use co_await instead [async-blocking-wait-in-coroutine]
// CHECK-NOTES-EACH: :[[@LINE-9]]:47: note: frame #0: 'read_sync' waits on 'std::future::get' here

// A coroutine handed to a pool that blocks: one warning, the coroutine
// check's (the same wait, the same fix).
void spawns_a_blocking_coroutine(std::future<int> &f) {
  pool.enqueue([&f]() -> Task<int> { co_return f.get(); });
  // CHECK-NOTES: :[[@LINE-1]]:50: warning: coroutine lambda in 'spawns_a_blocking_coroutine' blocks its thread in call to 'std::future::get'; use co_await instead [async-blocking-wait-in-coroutine]
  // CHECK-NOTES-EACH: :[[@LINE-2]]:50: warning: coroutine lambda in 'spawns_a_blocking_coroutine' blocks its thread in call to 'std::future::get'; use co_await instead [async-blocking-wait-in-coroutine]
}
