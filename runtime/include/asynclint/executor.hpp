// File: asynclint/executor.hpp
//
// The executor shape: what the runtime accepts wherever it needs "something
// that runs a task later", such as EventDistributor::publish_async. An object
// `ex` is an executor for a task `f` (a callable taking no arguments) when one
// of these expressions is valid; the first valid one, in this order, is used:
//
//   ex.submit(f)    asynclint::ThreadPool, BS::thread_pool, most home-grown pools
//   ex.post(f)      boost::asio::io_context (member post), many event loops
//   ex.execute(f)   boost::asio executors (ctx.get_executor()), folly-style executors
//   ex(f)           any callable, e.g. a std::function<void(std::function<void()>)>
//
// `submit_to(ex, f)` makes that call and returns what it returns (for
// ThreadPool, a Future; for most others, nothing). Executors that store tasks
// in a std::function need a copyable task.
//
// Example:
//
//   struct Loop {                                   // a home-grown event loop
//     std::deque<std::function<void()>> queue;
//     void post(std::function<void()> f) { queue.push_back(std::move(f)); }
//   };
//   static_assert(asynclint::TaskExecutor<Loop&, void (*)()>);
//
//   Loop loop;
//   asynclint::submit_to(loop, [] { std::puts("later"); });   // loop.post(...)
//   asynclint::ThreadPool pool(2);
//   auto done = asynclint::submit_to(pool, [] { return 1; }); // pool.submit(...)
#ifndef ASYNCLINT_EXECUTOR_HPP
#define ASYNCLINT_EXECUTOR_HPP

#include "asynclint/annotations.hpp"

#include <type_traits>
#include <utility>

namespace asynclint {

/// Satisfied by every `X` that can run a task of type `F` in one of the ways
/// listed at the top of this header.
template <class X, class F>
concept TaskExecutor = std::is_invocable_v<std::decay_t<F>&> &&
                       (requires(X&& ex, F&& f) { std::forward<X>(ex).submit(std::forward<F>(f)); } ||
                        requires(X&& ex, F&& f) { std::forward<X>(ex).post(std::forward<F>(f)); } ||
                        requires(X&& ex, F&& f) { std::forward<X>(ex).execute(std::forward<F>(f)); } ||
                        std::is_invocable_v<X, F>);

/// Hands `task` to `executor` the first way of the executor shape that is
/// valid, and returns what that call returns.
template <class X, class F>
ASYNCLINT_SUBMITS decltype(auto) submit_to(X&& executor, ASYNCLINT_TASK F&& task) {
  static_assert(TaskExecutor<X, F>,
                "asynclint::submit_to: the executor needs a member submit(f), post(f) or "
                "execute(f) taking the task, or must itself be callable with it (see "
                "asynclint/executor.hpp); the task must be callable with no arguments");
  if constexpr (requires { std::forward<X>(executor).submit(std::forward<F>(task)); })
    return std::forward<X>(executor).submit(std::forward<F>(task));
  else if constexpr (requires { std::forward<X>(executor).post(std::forward<F>(task)); })
    return std::forward<X>(executor).post(std::forward<F>(task));
  else if constexpr (requires { std::forward<X>(executor).execute(std::forward<F>(task)); })
    return std::forward<X>(executor).execute(std::forward<F>(task));
  else
    return std::forward<X>(executor)(std::forward<F>(task));
}

} // namespace asynclint

#endif // ASYNCLINT_EXECUTOR_HPP
