#include "pool.h"

#include <vector>

// A task that waits on another task of the same pool.
std::future<int> render(int frame) {
  return pool().enqueue([frame] {
    auto part = pool().enqueue([frame] { return compute(frame); });
    return part.get() + 1;
  });
}
