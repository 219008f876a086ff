#include "pool.h"

std::future<int> deliberate() {
  return pool().enqueue([] {
    auto part = pool().enqueue([] { return compute(0); });
    return part.get(); // NOLINT(async-blocking-wait-in-pool): known, see #12
  });
}
