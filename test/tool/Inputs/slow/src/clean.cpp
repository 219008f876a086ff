#include "pool.h"

// Waiting from the caller's thread, not a pool worker: fine.
int render_now(int frame) {
  auto f = pool().enqueue([frame] { return compute(frame); });
  return f.get();
}
