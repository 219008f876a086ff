// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++20 -I%S/../../../runtime/include
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++20 -I%S/../../../runtime/include
// Pools known from their code, not their names (Inputs/.../pools.h).

#include "Inputs/async-blocking-wait-in-pool-inferred/pools.h"
#include <asynclint/annotations.hpp>

task_system tasks;
CPLWorkerThreadPool gdal(4);
Sequencer sequencer;
Galley galley;
Crew crew;
int compute();

void snake_case(std::future<int> &ready) {
  tasks.async_([&ready] { ready.wait(); });
  // CHECK-NOTES: :[[@LINE-1]]:33: warning: task running on a worker thread of 'task_system' blocks it in call to 'std::future::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:9: note: task submitted here
  // CHECK-NOTES: pools.h:{{[0-9]+}}:{{[0-9]+}}: note: 'task_system' runs queued tasks on its own threads here; if it is a dedicated thread meant to block, mark the class ASYNCLINT_DEDICATED_THREAD
}

struct Tile {
  std::shared_future<int> header;
};
void process_tile(void *data) {
  int h = static_cast<Tile *>(data)->header.get();
  // CHECK-NOTES: :[[@LINE-1]]:45: warning: task running on a worker thread of 'CPLWorkerThreadPool' blocks it in call to 'std::shared_future::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE+6]]:8: note: task submitted here
  // CHECK-NOTES: pools.h:{{[0-9]+}}:{{[0-9]+}}: note: 'CPLWorkerThreadPool' runs queued tasks on its own threads here; if it is a dedicated thread meant to block, mark the class ASYNCLINT_DEDICATED_THREAD
  (void)h;
}
void c_function_pointer(Tile &tile) {
  // A C function pointer and its data; the wait is reported once.
  gdal.SubmitJob(&process_tile, &tile);
  gdal.SubmitJob(process_tile, &tile);
}

int same_pool_deadlock() {
  auto outer = sequencer.Enqueue([] {
    auto inner = sequencer.Enqueue([] { return compute(); });
    return inner.get();
    // CHECK-NOTES: :[[@LINE-1]]:18: warning: task running on thread pool 'sequencer' waits for a task submitted to the same pool; this deadlocks once every worker waits [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-3]]:28: note: inner task submitted here
    // CHECK-NOTES: :[[@LINE-5]]:26: note: task submitted here
  });
  return outer.get();
}

// The same deadlock, with the wait two helpers down.
int finish(std::future<int> &f) { return f.get(); }
int relay(std::future<int> &f) { return finish(f); }
int same_pool_deadlock_through_helpers() {
  auto outer = sequencer.Enqueue([] {
    auto inner = sequencer.Enqueue([] { return compute(); });
    return relay(inner);
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: task running on thread pool 'sequencer' waits for a task submitted to the same pool; this deadlocks once every worker waits [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-6]]:41: note: frame #0: 'relay' calls 'finish' here
    // CHECK-NOTES: :[[@LINE-8]]:44: note: frame #1: 'finish' waits on 'std::future::get' here
    // CHECK-NOTES: :[[@LINE-5]]:28: note: inner task submitted here
    // CHECK-NOTES: :[[@LINE-7]]:26: note: task submitted here
  });
  return outer.get();
}

void bounded_queue_blocks_the_worker() {
  galley.Hand([] {
    galley.Hand([] {}); // waits for room, from a rower: may never come
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: task running on a worker thread of 'Galley' blocks it in call to 'Galley::Hand' [async-blocking-wait-in-pool]
    // CHECK-NOTES: pools.h:{{[0-9]+}}:{{[0-9]+}}: note: frame #0: 'Galley::Hand' waits on 'std::condition_variable::wait' here
    // CHECK-NOTES: :[[@LINE-4]]:10: note: task submitted here
    // CHECK-NOTES: pools.h:{{[0-9]+}}:{{[0-9]+}}: note: 'Galley' runs queued tasks on its own threads here; if it is a dedicated thread meant to block, mark the class ASYNCLINT_DEDICATED_THREAD
  });
}

void posix_threads(std::future<void> &f) {
  crew.Assign([&f] { f.wait(); });
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: task running on a worker thread of 'Crew' blocks it in call to 'std::future::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:8: note: task submitted here
  // CHECK-NOTES: pools.h:{{[0-9]+}}:{{[0-9]+}}: note: 'Crew' runs queued tasks on its own threads here; if it is a dedicated thread meant to block, mark the class ASYNCLINT_DEDICATED_THREAD
}

SearchThread helper_thread;
void one_slot_queue(std::future<void> &f) {
  helper_thread.RunCustomJob([&f] { f.wait(); });
  // CHECK-NOTES: :[[@LINE-1]]:39: warning: task running on a worker thread of 'SearchThread' blocks it in call to 'std::future::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: task submitted here
  // CHECK-NOTES: pools.h:{{[0-9]+}}:{{[0-9]+}}: note: 'SearchThread' runs queued tasks on its own threads here; if it is a dedicated thread meant to block, mark the class ASYNCLINT_DEDICATED_THREAD
}

void guarded_queue_behind_an_accessor(std::future<void> &f) {
  iothread_perform([&f] { f.wait(); });
  // CHECK-NOTES: :[[@LINE-1]]:29: warning: task running on a worker thread of 'io_pool_t' blocks it in call to 'std::future::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
  // CHECK-NOTES: pools.h:{{[0-9]+}}:{{[0-9]+}}: note: 'io_pool_t' runs queued tasks on its own threads here; if it is a dedicated thread meant to block, mark the class ASYNCLINT_DEDICATED_THREAD
}

// Wrappers: functions that hand their callable on to a pool are submissions
// too; what the callable does is reported where each caller wrote it.
template <class F> void parallel_for(int n, F f) {
  std::vector<std::future<void>> parts;
  for (int i = 0; i < n; ++i)
    parts.push_back(sequencer.Enqueue([&f, i] { f(i); }));
  for (auto &part : parts)
    part.wait();
}
void ParallelizeArray(int n, const std::function<void(int)> &f) {
  for (int i = 0; i < n; ++i)
    crew.Assign([&f, i] { f(i); });
}

void wrapper_callers(std::shared_future<int> &header) {
  parallel_for(4, [&](int) { header.wait(); });
  // CHECK-NOTES: :[[@LINE-1]]:37: warning: task running on a worker thread of 'Sequencer' blocks it in call to 'std::shared_future::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
  // CHECK-NOTES: pools.h:{{[0-9]+}}:{{[0-9]+}}: note: 'Sequencer' runs queued tasks on its own threads here; if it is a dedicated thread meant to block, mark the class ASYNCLINT_DEDICATED_THREAD
  parallel_for(2, [&](int) { header.get(); });
  // CHECK-NOTES: :[[@LINE-1]]:37: warning: task running on a worker thread of 'Sequencer' blocks it in call to 'std::shared_future::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
  // CHECK-NOTES: pools.h:{{[0-9]+}}:{{[0-9]+}}: note: 'Sequencer' runs queued tasks on its own threads here; if it is a dedicated thread meant to block, mark the class ASYNCLINT_DEDICATED_THREAD
  ParallelizeArray(3, [&](int) { header.wait(); });
  // CHECK-NOTES: :[[@LINE-1]]:41: warning: task running on a worker thread of 'Crew' blocks it in call to 'std::shared_future::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
  // CHECK-NOTES: pools.h:{{[0-9]+}}:{{[0-9]+}}: note: 'Crew' runs queued tasks on its own threads here; if it is a dedicated thread meant to block, mark the class ASYNCLINT_DEDICATED_THREAD
}

void fork_join_inside_a_task() {
  // parallel_for waits for the parts it queued: called on a worker, it holds
  // that worker.
  tasks.async_([] { parallel_for(2, [](int) {}); });
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: task running on a worker thread of 'task_system' blocks it in call to 'parallel_for' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-27]]:10: note: frame #0: 'parallel_for' waits on 'std::future::wait' here
  // CHECK-NOTES: :[[@LINE-3]]:9: note: task submitted here
  // CHECK-NOTES: pools.h:{{[0-9]+}}:{{[0-9]+}}: note: 'task_system' runs queued tasks on its own threads here; if it is a dedicated thread meant to block, mark the class ASYNCLINT_DEDICATED_THREAD
}

Pump pump;
void started_through_a_wrapper(std::future<void> &f) {
  pump.Feed([&f] { f.wait(); });
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: task running on a worker thread of 'Pump' blocks it in call to 'std::future::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:8: note: task submitted here
  // CHECK-NOTES: pools.h:{{[0-9]+}}:{{[0-9]+}}: note: 'Pump' runs queued tasks on its own threads here; if it is a dedicated thread meant to block, mark the class ASYNCLINT_DEDICATED_THREAD
}

void waits_for_another_pool() {
  tasks.async_([] { gdal.WaitCompletion(); });
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: task running on a worker thread of 'task_system' blocks it in call to 'CPLWorkerThreadPool::WaitCompletion' [async-blocking-wait-in-pool]
  // CHECK-NOTES: pools.h:{{[0-9]+}}:{{[0-9]+}}: note: frame #0: 'CPLWorkerThreadPool::WaitCompletion' waits on 'std::condition_variable::wait' here
  // CHECK-NOTES: :[[@LINE-3]]:9: note: task submitted here
  // CHECK-NOTES: pools.h:{{[0-9]+}}:{{[0-9]+}}: note: 'task_system' runs queued tasks on its own threads here; if it is a dedicated thread meant to block, mark the class ASYNCLINT_DEDICATED_THREAD
}

// Correct code: nothing below may warn.

job_pool encoder(4);
void good_helping_wait() {
  // The task runs the inner pool's jobs itself while it waits.
  encoder.add_job([] {
    job_pool slices(1);
    slices.add_job([] { compute(); });
    slices.wait_for_all();
  });
}

int good_wait_outside_the_pool() {
  auto f = sequencer.Enqueue([] { return compute(); });
  return f.get();
}

void good_tasks_that_do_not_wait(Tile &tile) {
  tasks.async_([] { compute(); });
  gdal.SubmitJob([](void *) {}, &tile);
  crew.Assign([] {});
}

RecipePool recipes;
void good_object_pool_never_runs_what_it_keeps(std::future<int> &f) {
  recipes.push([&f] { f.get(); });
}

Ticker ticker;
void good_listener_list_is_not_a_pool(std::future<int> &f) {
  ticker.OnTick([&f] { f.wait(); });
}

template <class F> void run_inline(F f) { f(); }
void good_wrapper_that_runs_inline(std::future<int> &f) {
  run_inline([&f] { f.get(); });
}

// A writer thread that blocks by design, marked as such.
class ASYNCLINT_DEDICATED_THREAD LogWriter {
public:
  LogWriter() : thread_([this] { Drain(); }) {}
  void Write(std::function<void()> line) {
    std::lock_guard<std::mutex> lock(mutex_);
    lines_.push_back(std::move(line));
  }

private:
  void Drain() {
    for (;;) {
      std::function<void()> line;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (lines_.empty())
          continue;
        line = std::move(lines_.front());
        lines_.pop_front();
      }
      line();
    }
  }
  std::deque<std::function<void()>> lines_;
  std::mutex mutex_;
  std::thread thread_;
};
LogWriter log_writer;
void good_dedicated_thread(std::future<void> &flushed) {
  log_writer.Write([&flushed] { flushed.wait(); });
}

// An executor that starts a thread for each function: a dedicated thread
// that may block, not a pool, whatever its name says.
struct thread_executor {
  template <class F> void execute(F f) const { std::thread(std::move(f)).detach(); }
};
void good_thread_per_task(std::future<void> &f) {
  thread_executor().execute([&f] { f.wait(); });
}

// An operator on a field of a template parameter type (no callee until
// instantiated) in a class whose member puts a callable into that field.
struct other_executor {};
bool operator==(const other_executor &, const other_executor &);
template <class Ex> struct work_base {
  Ex ex_;
  bool same(const Ex &o) const { return ex_ == o; }
  template <class F> void dispatch(F &f) { ex_.execute(f); }
};
struct inline_executor {
  template <class F> void execute(F &f) const { f(); }
  bool operator==(const inline_executor &) const { return true; }
};
void good_dependent_operator_on_a_field() {
  work_base<inline_executor> w;
  auto f = [] {};
  w.dispatch(f);
}

// A library submission (Asio's `post(ex, f)`, mirrored here) to an executor
// of the project's own that starts a thread per function, as Asio's pipeline
// example does: the function runs on its own thread, not on a pool worker.
namespace boost::asio {
template <class Executor, class F> void post(const Executor &ex, F &&f) {
  ex.execute(std::forward<F>(f));
}
} // namespace boost::asio
struct thread_per_task_executor {
  template <class F> void execute(F f) const { std::thread(std::move(f)).detach(); }
};
void good_post_to_a_thread_per_task_executor(std::future<void> &f) {
  boost::asio::post(thread_per_task_executor(), [&f] { f.wait(); });
}
