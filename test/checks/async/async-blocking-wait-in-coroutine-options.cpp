// RUN: %check_asynclint %s async-blocking-wait-in-coroutine %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-coroutine %t -- -- -std=c++20
// RUN: %check_asynclint --check-suffix=OPTS %s async-blocking-wait-in-coroutine %t -- -config="{CheckOptions: {async-blocking-wait-in-coroutine.ExtraBlockingFunctions: 'jobs::Gate::pass', async-blocking-wait-in-coroutine.MaxChainNotes: 0}}" -- -std=c++20
// RUN: %check_asynclint_plugin --check-suffix=OPTS %s async-blocking-wait-in-coroutine %t -- -config="{CheckOptions: {async-blocking-wait-in-coroutine.ExtraBlockingFunctions: 'jobs::Gate::pass', async-blocking-wait-in-coroutine.MaxChainNotes: 0}}" -- -std=c++20
// RUN: %check_asynclint --check-suffix=REPL %s async-blocking-wait-in-coroutine %t -- -config="{CheckOptions: {async-blocking-wait-in-coroutine.BlockingFunctions: 'jobs::Gate::pass'}}" -- -std=c++20
// RUN: %check_asynclint_plugin --check-suffix=REPL %s async-blocking-wait-in-coroutine %t -- -config="{CheckOptions: {async-blocking-wait-in-coroutine.BlockingFunctions: 'jobs::Gate::pass'}}" -- -std=c++20
// RUN: %check_asynclint --check-suffix=OPTS %s async-blocking-wait-in-coroutine %t -- -config="{CheckOptions: {ExtraBlockingFunctions: 'jobs::Gate::pass', async-blocking-wait-in-coroutine.MaxChainNotes: 0}}" -- -std=c++20
// The coroutine check's options: an extra blocking function (also as a key
// without the check's name, read by both async checks), no frame notes,
// and the blocking table replaced (std::future::get no longer counts).

#include "Inputs/async-blocking-wait-in-coroutine/task.h"
#include <future>

namespace jobs {
struct Gate {
  void pass() {}
};
} // namespace jobs

int fetch_sync(std::future<int> &f) { return f.get(); }

Task<int> through_helper(std::future<int> &f) {
  int v = fetch_sync(f);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: coroutine 'through_helper' blocks its thread in call to 'fetch_sync'; use co_await instead [async-blocking-wait-in-coroutine]
  // CHECK-NOTES: :[[@LINE-5]]:48: note: frame #0: 'fetch_sync' waits on 'std::future::get' here
  // CHECK-NOTES-OPTS: :[[@LINE-3]]:11: warning: coroutine 'through_helper' blocks its thread in call to 'fetch_sync'; use co_await instead [async-blocking-wait-in-coroutine]
  co_return v;
}

Task<int> gated(jobs::Gate &gate) {
  gate.pass();
  // CHECK-NOTES-OPTS: :[[@LINE-1]]:8: warning: coroutine 'gated' blocks its thread in call to 'jobs::Gate::pass'; use co_await instead [async-blocking-wait-in-coroutine]
  // CHECK-NOTES-REPL: :[[@LINE-2]]:8: warning: coroutine 'gated' blocks its thread in call to 'jobs::Gate::pass'; use co_await instead [async-blocking-wait-in-coroutine]
  co_return 0;
}
