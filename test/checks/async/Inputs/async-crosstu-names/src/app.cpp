#include "exec.h"
#include <future>

void run(exec::ThreadExecutor &threads, exec::PoolExecutor &pool, std::future<int> &f) {
  threads.submit([&f] { f.wait(); });
  pool.submit([&f] { f.wait(); });
}
