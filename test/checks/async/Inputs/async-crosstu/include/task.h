// A minimal eager coroutine task and a ready awaitable, enough for tests.
#pragma once
#include <coroutine>
#include <exception>

template <class T> struct Task {
  struct promise_type {
    T value{};
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_value(T v) { value = v; }
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() const noexcept { return T{}; }
};
