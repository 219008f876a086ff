#include "pool.h"

int load_thumbnail(int id) {
  auto f = pool().enqueue([id] { return compute(id); });
  return f.get();
}
