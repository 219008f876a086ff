// A pool whose implementation is in another file (pool.cpp), known only by
// declarations here, named like nothing in the catalog; and an environment
// interface whose implementation (env.cpp) runs scheduled work on a
// background thread, called through the interface as LevelDB does.
#pragma once
#include <functional>
#include <future>

namespace farm {
class Barn {
public:
  Barn();
  void Hand(std::function<void()> chore);
  void Keep(std::function<void()> recipe); // stores, never runs
};
} // namespace farm

// fish's iothread_perform: an inline wrapper in the header over a function
// defined in pool.cpp.
void farm_perform_impl(std::function<void()> &&chore);
inline void farm_perform(std::function<void()> &&chore) {
  farm_perform_impl(std::move(chore));
}

int wait_for(std::future<int> &f); // app.cpp: waits
void farm_self_check(std::future<int> &f);

class Env {
public:
  virtual ~Env() = default;
  virtual void Schedule(void (*function)(void *), void *arg) = 0;
  static Env *Default();
};
