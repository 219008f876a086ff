// A home-grown pool in the style of the widely copied ThreadPool::enqueue.
#pragma once
#include <functional>
#include <future>
#include <memory>
#include <utility>

class ThreadPool {
public:
  explicit ThreadPool(int) {}
  template <class F> auto enqueue(F &&f) -> std::future<decltype(f())> {
    auto task = std::make_shared<std::packaged_task<decltype(f())()>>(std::forward<F>(f));
    auto result = task->get_future();
    push([task] { (*task)(); });
    return result;
  }
  template <class F> auto submit(F &&f) { return enqueue(std::forward<F>(f)); }

private:
  void push(std::function<void()>) {}
};

class IoExecutor {
public:
  void post(std::function<void()>) {}
};
