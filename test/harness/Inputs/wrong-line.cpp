#include "pool.h"
void f(ThreadPool &pool, std::shared_future<int> ready) {
  pool.submit([ready] { return ready.get(); });
  // CHECK-MESSAGES: :[[@LINE-2]]:38: warning: task running on a thread pool blocks the worker in call to 'std::shared_future::get' [async-blocking-wait-in-pool]
}
