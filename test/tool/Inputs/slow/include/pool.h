// A home-grown thread pool with the usual method names.
#pragma once
#include <functional>
#include <future>
#include <utility>

class ThreadPool {
public:
  explicit ThreadPool(int threads);
  template <class F> auto enqueue(F f) -> std::future<decltype(f())> {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto result = task.get_future();
    push([t = std::make_shared<decltype(task)>(std::move(task))] { (*t)(); });
    return result;
  }

private:
  void push(std::function<void()> job);
};

ThreadPool &pool();
int compute(int);
