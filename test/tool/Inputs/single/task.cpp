#include "pool.h"

#include <stddef.h>

std::future<int> job() {
  return pool().enqueue([] {
    auto part = pool().enqueue([] { return compute(1); });
    return part.get();
  });
}

std::future<int> known() {
  return pool().enqueue([] {
    auto part = pool().enqueue([] { return compute(2); });
    return part.get(); // NOLINT(async-blocking-wait-in-pool)
  });
}

int *null_pointer() { return 0; }
