// Small declarations mirroring folly's Executor/Future/Baton and
// BS::thread_pool (bshoshany/thread-pool) signatures.
#pragma once
#include <functional>
#include <future>

namespace folly {
class Executor {
public:
  virtual ~Executor() = default;
  virtual void add(std::function<void()> func) = 0;
};
class CPUThreadPoolExecutor : public Executor {
public:
  void add(std::function<void()> func) override {}
};
template <class T> class Future {
public:
  T get() { return T{}; }
  Future<T> &wait() { return *this; }
};
class Baton {
public:
  void wait() {}
  void post() {}
};
} // namespace folly

namespace BS {
class thread_pool {
public:
  template <class F> auto submit_task(F &&f) -> std::future<decltype(f())> { return {}; }
  template <class F> void detach_task(F &&f) {}
};
} // namespace BS
