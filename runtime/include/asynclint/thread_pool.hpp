// File: asynclint/thread_pool.hpp
//
// A fixed-size thread pool whose futures know when they are waited on from one
// of the pool's own workers. Such a wait is the sync-over-async bug that the
// `async-*` checks report: once every worker sits in `get()`, the tasks that
// would wake them are queued behind them and the pool hangs. Here the pool
// either helps (the waiting worker runs queued tasks until its future is
// ready, so nested waits never deadlock) or fails fast with
// `asynclint::sync_over_async_error`, as chosen per pool.
//
// Example:
//
//   asynclint::ThreadPool pool(4);                  // policy: help
//   auto outer = pool.submit([&pool] {
//     auto inner = pool.submit([] { return 20; });
//     return inner.get() + 1;                       // helps instead of blocking
//   });
//   int v = outer.get();                            // 21, from any thread
//
//   asynclint::ThreadPool strict(2, "io", asynclint::WaitPolicy::fail);
//   // the same nested get() on `strict` throws sync_over_async_error
//   // ("asynclint::ThreadPool 'io': worker 0 waits on a future of its own pool ...")
//
//   pool.shutdown(asynclint::ShutdownMode::cancel); // queued tasks -> task_cancelled_error
//
// The executor shape (asynclint/executor.hpp): `EventDistributor::publish_async`
// and other generic code accept any object with a member `submit(f)`, `post(f)`
// or `execute(f)` taking a `void()` callable, or a callable taking one;
// ThreadPool is the reference model of the `submit(f)` form.
#ifndef ASYNCLINT_THREAD_POOL_HPP
#define ASYNCLINT_THREAD_POOL_HPP

#include "asynclint/annotations.hpp"
#include "asynclint/detail/mutex.hpp"

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <source_location>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace asynclint {

/// What a pool does when one of its own workers waits on one of its futures.
enum class WaitPolicy {
  help, ///< the waiting worker runs queued tasks until its future is ready
  fail, ///< the wait throws sync_over_async_error
};

/// What `ThreadPool::shutdown` does with tasks that have not started yet.
enum class ShutdownMode {
  drain,  ///< run every queued task (and what they submit) to completion
  cancel, ///< drop queued tasks; their futures throw task_cancelled_error
};

/// Thrown by a wait on a pool's future from one of that pool's own workers
/// when the pool's policy is `WaitPolicy::fail`.
class sync_over_async_error : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

/// Thrown by `get()` on the future of a task that shutdown dropped before it
/// ran, so that no task is lost silently.
class task_cancelled_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What the wait hook of a pool sees each time one of its workers waits on a
/// future of the same pool.
struct WorkerWait {
  std::string_view pool_name;
  std::size_t worker_index;
  WaitPolicy policy;
  std::source_location where; ///< the call to get() or wait()
};

/// Called with each same-pool wait, before the policy applies.
using WaitHook = std::function<void(const WorkerWait&)>;

/// How a ThreadPool is set up; every field has a usable default.
struct ThreadPoolOptions {
  std::string name = "pool";                 ///< shown in errors
  WaitPolicy wait_policy = WaitPolicy::help; ///< see WaitPolicy
  WaitHook on_worker_wait;                   ///< sees each same-pool wait
};

class ThreadPool;

namespace detail {

/// Per-thread identity of the pool worker running on this thread, if any.
struct WorkerIdentity {
  std::uint64_t pool_id = 0;
  std::size_t index = 0;
  ThreadPool* pool = nullptr;
};

inline WorkerIdentity& current_worker() noexcept {
  thread_local WorkerIdentity identity;
  return identity;
}

inline std::uint64_t next_pool_id() noexcept {
  static std::atomic<std::uint64_t> counter{0};
  return counter.fetch_add(1, std::memory_order_relaxed) + 1;
}

/// Completion state shared by a task and its Future. Readiness is published
/// with `ready`; the value or exception is written once before that.
class StateBase {
 public:
  explicit StateBase(std::uint64_t pool_id) noexcept : pool_id_(pool_id) {}
  StateBase(const StateBase&) = delete;
  StateBase& operator=(const StateBase&) = delete;
  virtual ~StateBase() = default;

  [[nodiscard]] bool is_ready() const noexcept {
    return ready_.load(std::memory_order_acquire);
  }
  /// Sequentially consistent readiness check, paired with the helper count
  /// so that a completing task never misses a helping worker.
  [[nodiscard]] bool is_ready_sc() const noexcept {
    return ready_.load(std::memory_order_seq_cst);
  }
  [[nodiscard]] std::uint64_t pool_id() const noexcept { return pool_id_; }

  void set_exception(std::exception_ptr e) {
    error_ = std::move(e);
    mark_ready();
  }

  /// Blocks the calling (non-worker) thread until the state is ready.
  void block_until_ready() ASYNCLINT_EXCLUDES(mutex_) {
    UniqueLock lock(mutex_);
    while (!is_ready())
      cv_.wait(lock.native());
  }

  void rethrow_if_error() const {
    if (error_)
      std::rethrow_exception(error_);
  }

  /// Hook run after readiness is published (wakes helping workers).
  std::function<void()>* on_ready = nullptr;

 protected:
  void mark_ready() ASYNCLINT_EXCLUDES(mutex_) {
    {
      // Under the mutex, so that a waiter between its check and its wait
      // cannot miss the notification.
      MutexLock lock(mutex_);
      ready_.store(true, std::memory_order_seq_cst);
    }
    cv_.notify_all();
    if (on_ready != nullptr)
      (*on_ready)();
  }

 private:
  std::uint64_t pool_id_;
  std::atomic<bool> ready_{false};
  std::exception_ptr error_;
  Mutex mutex_; // orders readiness against block_until_ready's wait
  std::condition_variable cv_;
};

template <class T>
class State final : public StateBase {
 public:
  using StateBase::StateBase;
  template <class... A>
  void set_value(A&&... a) {
    value_.emplace(std::forward<A>(a)...);
    mark_ready();
  }
  T take() {
    rethrow_if_error();
    return std::move(*value_);
  }

 private:
  std::optional<T> value_;
};

template <>
class State<void> final : public StateBase {
 public:
  using StateBase::StateBase;
  void set_value() { mark_ready(); }
  void take() { rethrow_if_error(); }
};

/// A queued unit of work: run it, or cancel it with an exception.
class Task {
 public:
  virtual ~Task() = default;
  virtual void run() noexcept = 0;
  virtual void cancel(std::exception_ptr why) noexcept = 0;
};

template <class F, class R>
class TaskFor final : public Task {
 public:
  TaskFor(F f, std::shared_ptr<State<R>> state) : f_(std::move(f)), state_(std::move(state)) {}
  void run() noexcept override {
    try {
      if constexpr (std::is_void_v<R>) {
        std::invoke(f_);
        state_->set_value();
      } else {
        state_->set_value(std::invoke(f_));
      }
    } catch (...) {
      state_->set_exception(std::current_exception());
    }
  }
  void cancel(std::exception_ptr why) noexcept override { state_->set_exception(std::move(why)); }

 private:
  F f_;
  std::shared_ptr<State<R>> state_;
};

} // namespace detail

/// The result of `ThreadPool::submit`: a move-only, single-use handle whose
/// get() returns the task's value or rethrows its exception, and whose waits
/// never block a worker of the owning pool (they help or fail, by policy).
template <class T>
class [[nodiscard]] Future {
 public:
  Future() noexcept = default;
  Future(Future&&) noexcept = default;
  Future& operator=(Future&&) noexcept = default;
  Future(const Future&) = delete;
  Future& operator=(const Future&) = delete;

  /// True until get() has been called (or for a default-constructed future, never).
  [[nodiscard]] bool valid() const noexcept { return state_ != nullptr; }

  /// True once the task has finished, failed or been cancelled.
  [[nodiscard]] bool is_ready() const noexcept { return state_ != nullptr && state_->is_ready(); }

  /// Waits for the task; on a worker of the owning pool, helps or fails.
  ASYNCLINT_NONBLOCKING void wait(std::source_location where = std::source_location::current()) const;

  /// Waits for the task and returns its value (or rethrows its exception).
  /// The future is no longer valid afterwards.
  ASYNCLINT_NONBLOCKING T get(std::source_location where = std::source_location::current()) {
    if (state_ == nullptr)
      throw std::logic_error("asynclint::Future::get: the future has no state (already retrieved?)");
    wait(where);
    std::shared_ptr<detail::State<T>> state = std::move(state_);
    return state->take();
  }

 private:
  friend class ThreadPool;
  explicit Future(std::shared_ptr<detail::State<T>> s) noexcept : state_(std::move(s)) {}
  std::shared_ptr<detail::State<T>> state_;
};

/// A fixed set of worker threads running submitted tasks in FIFO order; every
/// submitted task either runs or has its future fail with
/// task_cancelled_error, and a worker waiting on the pool's own future never
/// blocks the pool.
class ASYNCLINT_EXECUTOR ThreadPool {
 public:
  using Options = ThreadPoolOptions;

  explicit ThreadPool(std::size_t threads) : ThreadPool(threads, Options{}) {}

  ThreadPool(std::size_t threads, std::string name, WaitPolicy policy = WaitPolicy::help,
             WaitHook on_worker_wait = {})
      : ThreadPool(threads, Options{std::move(name), policy, std::move(on_worker_wait)}) {}

  ThreadPool(std::size_t threads, Options options)
      : options_(std::move(options)), id_(detail::next_pool_id()) {
    if (threads == 0)
      throw std::invalid_argument("asynclint::ThreadPool: needs at least one worker thread");
    wake_helpers_ = [this] {
      if (helpers_waiting_.load(std::memory_order_seq_cst) == 0)
        return;
      detail::MutexLock lock(mutex_);
      work_cv_.notify_all();
    };
    workers_.reserve(threads);
    try {
      for (std::size_t i = 0; i < threads; ++i)
        workers_.emplace_back([this, i] { worker_main(i); });
    } catch (...) {
      shutdown(ShutdownMode::cancel);
      throw;
    }
  }

  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  /// Drains: every queued task runs before the destructor returns.
  ~ThreadPool() { shutdown(ShutdownMode::drain); }

  /// Queues `f` and returns the future of its result. After shutdown began,
  /// the task is not run and its future throws task_cancelled_error (except
  /// that tasks submitted by this pool's own workers during a drain run).
  template <class F>
  ASYNCLINT_SUBMITS [[nodiscard]] auto submit(ASYNCLINT_TASK F&& f)
      -> Future<std::invoke_result_t<std::decay_t<F>&>> {
    using R = std::invoke_result_t<std::decay_t<F>&>;
    static_assert(std::is_invocable_v<std::decay_t<F>&>,
                  "asynclint::ThreadPool::submit: the task must be callable with no arguments");
    auto state = std::make_shared<detail::State<R>>(id_);
    state->on_ready = &wake_helpers_;
    auto task = std::make_unique<detail::TaskFor<std::decay_t<F>, R>>(std::forward<F>(f), state);
    {
      detail::UniqueLock lock(mutex_);
      const bool from_worker = is_own_worker();
      if (stopping_ && !(mode_ == ShutdownMode::drain && from_worker)) {
        lock.unlock();
        task->cancel(cancelled_error());
        return Future<R>(std::move(state));
      }
      queue_.push_back(std::move(task));
    }
    work_cv_.notify_one();
    return Future<R>(std::move(state));
  }

  /// Stops the pool: `drain` runs every queued task first, `cancel` drops the
  /// queued ones (their futures throw task_cancelled_error); running tasks
  /// always finish. Joins the workers. Idempotent; must not be called from one
  /// of the pool's own workers (throws std::logic_error).
  void shutdown(ShutdownMode mode = ShutdownMode::drain) ASYNCLINT_EXCLUDES(join_mutex_, mutex_) {
    if (is_own_worker())
      throw std::logic_error("asynclint::ThreadPool '" + options_.name +
                             "': shutdown called from one of its own workers");
    detail::MutexLock join_lock(join_mutex_);
    std::deque<std::unique_ptr<detail::Task>> dropped;
    {
      detail::MutexLock lock(mutex_);
      if (!stopping_ || mode == ShutdownMode::cancel)
        mode_ = mode;
      stopping_ = true;
      if (mode_ == ShutdownMode::cancel)
        dropped.swap(queue_);
    }
    work_cv_.notify_all();
    for (auto& task : dropped)
      task->cancel(cancelled_error());
    for (auto& worker : workers_)
      if (worker.joinable())
        worker.join();
  }

  [[nodiscard]] std::size_t size() const noexcept { return workers_.size(); }
  [[nodiscard]] const std::string& name() const noexcept { return options_.name; }
  [[nodiscard]] WaitPolicy wait_policy() const noexcept { return options_.wait_policy; }

  /// True when the calling thread is one of this pool's workers.
  [[nodiscard]] bool is_own_worker() const noexcept {
    return detail::current_worker().pool_id == id_;
  }

 private:
  template <class T>
  friend class Future;

  std::exception_ptr cancelled_error() const {
    return std::make_exception_ptr(task_cancelled_error(
        "asynclint::ThreadPool '" + options_.name + "': task cancelled by shutdown before it ran"));
  }

  void worker_main(std::size_t index) ASYNCLINT_EXCLUDES(mutex_) {
    detail::current_worker() = {id_, index, this};
    for (;;) {
      std::unique_ptr<detail::Task> task;
      {
        detail::UniqueLock lock(mutex_);
        while (!stopping_ && queue_.empty())
          work_cv_.wait(lock.native());
        if (queue_.empty())
          break; // stopping and nothing left
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      task->run();
    }
    detail::current_worker() = {};
  }

  /// Called by a Future waited on from one of this pool's workers.
  void on_own_wait(const detail::StateBase& state, std::source_location where) {
    const std::size_t index = detail::current_worker().index;
    if (options_.on_worker_wait)
      options_.on_worker_wait(WorkerWait{options_.name, index, options_.wait_policy, where});
    if (options_.wait_policy == WaitPolicy::fail)
      throw sync_over_async_error(
          "asynclint::ThreadPool '" + options_.name + "': worker " + std::to_string(index) +
          " waits on a future of its own pool at " + where.file_name() + ":" +
          std::to_string(where.line()) +
          " (sync over async: with every worker waiting, the pool deadlocks)");
    help_until_ready(state);
  }

  /// Runs queued tasks on this worker until `state` is ready.
  void help_until_ready(const detail::StateBase& state) ASYNCLINT_EXCLUDES(mutex_) {
    while (!state.is_ready()) {
      std::unique_ptr<detail::Task> task;
      {
        detail::UniqueLock lock(mutex_);
        helpers_waiting_.fetch_add(1, std::memory_order_seq_cst);
        while (!state.is_ready_sc() && queue_.empty())
          work_cv_.wait(lock.native());
        helpers_waiting_.fetch_sub(1, std::memory_order_seq_cst);
        if (state.is_ready())
          return;
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      task->run();
    }
  }

  Options options_;
  std::uint64_t id_;
  detail::Mutex mutex_;
  std::condition_variable work_cv_;
  std::deque<std::unique_ptr<detail::Task>> queue_ ASYNCLINT_GUARDED_BY(mutex_);
  bool stopping_ ASYNCLINT_GUARDED_BY(mutex_) = false;
  ShutdownMode mode_ ASYNCLINT_GUARDED_BY(mutex_) = ShutdownMode::drain;
  std::atomic<std::size_t> helpers_waiting_{0};
  std::function<void()> wake_helpers_;
  detail::Mutex join_mutex_; // serializes shutdowns (one joins at a time)
  std::vector<std::thread> workers_; // filled by the constructor, then only joined
};

template <class T>
void Future<T>::wait(std::source_location where) const {
  if (state_ == nullptr)
    throw std::logic_error("asynclint::Future::wait: the future has no state (already retrieved?)");
  if (state_->is_ready())
    return;
  detail::WorkerIdentity& me = detail::current_worker();
  if (me.pool != nullptr && me.pool_id == state_->pool_id()) {
    me.pool->on_own_wait(*state_, where);
    return;
  }
  state_->block_until_ready();
}

} // namespace asynclint

#endif // ASYNCLINT_THREAD_POOL_HPP
