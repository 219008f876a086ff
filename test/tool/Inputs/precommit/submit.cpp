#include "pool.h"

int load_thumbnail(int id);

// The task calls a helper of another file that blocks.
std::future<int> submit(int id) {
  return pool().enqueue([id] { return load_thumbnail(id); });
}
