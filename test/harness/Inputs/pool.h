#pragma once
#include <future>
struct ThreadPool {
  template <class F> auto submit(F f) -> std::future<decltype(f())> { return std::async(f); }
};
