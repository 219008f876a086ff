#pragma once
#include "pool.h"

inline std::future<int> in_header() {
  return pool().enqueue([] {
    auto part = pool().enqueue([] { return compute(3); });
    return part.get();
  });
}
