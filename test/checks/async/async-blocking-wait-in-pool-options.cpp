// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++20
// RUN: %check_asynclint --check-suffix=OPTS %s async-blocking-wait-in-pool %t -- -config="{CheckOptions: {async-blocking-wait-in-pool.StdAsyncIsPool: true, async-blocking-wait-in-pool.MaxChainNotes: 1, async-blocking-wait-in-pool.ExtraSubmissionFunctions: 'jobs::Farm::hand_over', async-blocking-wait-in-pool.ExtraBlockingFunctions: 'jobs::Gate::pass'}}" -- -std=c++20
// RUN: %check_asynclint_plugin --check-suffix=OPTS %s async-blocking-wait-in-pool %t -- -config="{CheckOptions: {async-blocking-wait-in-pool.StdAsyncIsPool: true, async-blocking-wait-in-pool.MaxChainNotes: 1, async-blocking-wait-in-pool.ExtraSubmissionFunctions: 'jobs::Farm::hand_over', async-blocking-wait-in-pool.ExtraBlockingFunctions: 'jobs::Gate::pass'}}" -- -std=c++20
// RUN: %check_asynclint --check-suffix=REPL %s async-blocking-wait-in-pool %t -- -config="{CheckOptions: {async-blocking-wait-in-pool.SubmissionFunctions: 'jobs::Farm::hand_over', async-blocking-wait-in-pool.BlockingFunctions: 'jobs::Gate::pass'}}" -- -std=c++20
// RUN: %check_asynclint_plugin --check-suffix=REPL %s async-blocking-wait-in-pool %t -- -config="{CheckOptions: {async-blocking-wait-in-pool.SubmissionFunctions: 'jobs::Farm::hand_over', async-blocking-wait-in-pool.BlockingFunctions: 'jobs::Gate::pass'}}" -- -std=c++20

#include <functional>
#include <future>

namespace jobs {
struct Farm {
  void hand_over(std::function<void()> f) {}
};
struct Gate {
  void pass() {}
};
} // namespace jobs

int inner(std::future<int> &f) { return f.get(); }
int outer(std::future<int> &f) { return inner(f); }

void std_async(std::future<int> &f) {
  auto r = std::async(std::launch::async, [&f] { return outer(f); });
  // CHECK-NOTES-OPTS: :[[@LINE-1]]:57: warning: task running on a thread pool blocks the worker in call to 'outer' [async-blocking-wait-in-pool]
  // CHECK-NOTES-OPTS: :[[@LINE-6]]:43: note: frame #1: 'inner' waits on 'std::future::get' here
  // CHECK-NOTES-OPTS: :[[@LINE-3]]:12: note: task submitted here
  (void)r;
}

void extra_tables(jobs::Farm &farm, jobs::Gate &gate) {
  farm.hand_over([&gate] { gate.pass(); });
  // CHECK-NOTES-OPTS: :[[@LINE-1]]:33: warning: task running on a thread pool blocks the worker in call to 'jobs::Gate::pass' [async-blocking-wait-in-pool]
  // CHECK-NOTES-OPTS: :[[@LINE-2]]:8: note: task submitted here
  // CHECK-NOTES-REPL: :[[@LINE-3]]:33: warning: task running on a thread pool blocks the worker in call to 'jobs::Gate::pass' [async-blocking-wait-in-pool]
  // CHECK-NOTES-REPL: :[[@LINE-4]]:8: note: task submitted here
}

// The tables replaced: std::future::get no longer blocks and a pool's submit
// no longer submits; only the listed functions count.
struct ThreadPool {
  void submit(std::function<void()> task);
};
void replaced_tables(jobs::Farm &farm, ThreadPool &pool, jobs::Gate &gate,
                     std::future<int> &f) {
  farm.hand_over([&f] { f.get(); });
  // CHECK-NOTES-OPTS: :[[@LINE-1]]:27: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES-OPTS: :[[@LINE-2]]:8: note: task submitted here
  pool.submit([&gate] { gate.pass(); });
  // CHECK-NOTES-OPTS: :[[@LINE-1]]:30: warning: task running on a thread pool blocks the worker in call to 'jobs::Gate::pass' [async-blocking-wait-in-pool]
  // CHECK-NOTES-OPTS: :[[@LINE-2]]:8: note: task submitted here
}
