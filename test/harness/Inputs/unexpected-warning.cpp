#include "pool.h"
void f(ThreadPool &pool, std::shared_future<int> ready) {
  pool.submit([ready] { return ready.get(); });
}
