// Unit tests for asynclint::ThreadPool and asynclint::Future.
#include "asynclint/thread_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <latch>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using asynclint::Future;
using asynclint::ShutdownMode;
using asynclint::ThreadPool;
using asynclint::WaitPolicy;
using asynclint::WorkerWait;
using namespace std::chrono_literals;

TEST(ThreadPool, DocumentedSpellingCompilesAndRuns) {
  asynclint::ThreadPool pool(4);
  auto f = pool.submit([] { return 1; });
  EXPECT_EQ(f.get(), 1);
}

TEST(ThreadPool, VoidTasksAndMoveOnlyResults) {
  ThreadPool pool(2);
  std::atomic<int> ran{0};
  Future<void> v = pool.submit([&] { ran.fetch_add(1); });
  v.get();
  EXPECT_EQ(ran.load(), 1);
  auto p = pool.submit([] { return std::make_unique<int>(7); });
  EXPECT_EQ(*p.get(), 7);
}

TEST(ThreadPool, TaskExceptionArrivesAtGet) {
  ThreadPool pool(2);
  auto f = pool.submit([]() -> int { throw std::runtime_error("boom"); });
  EXPECT_THROW(
      {
        try {
          f.get();
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "boom");
          throw;
        }
      },
      std::runtime_error);
}

TEST(ThreadPool, FutureIsSingleUse) {
  ThreadPool pool(1);
  auto f = pool.submit([] { return 3; });
  EXPECT_TRUE(f.valid());
  EXPECT_EQ(f.get(), 3);
  EXPECT_FALSE(f.valid());
  EXPECT_THROW(static_cast<void>(f.get()), std::logic_error);
}

// The seed scenario: N workers, N*4 tasks, each submits a nested task to the
// same pool and waits on it. With plain blocking futures this hangs.
TEST(ThreadPool, SeedScenarioCompletesUnderHelp) {
  constexpr std::size_t workers = 4;
  std::atomic<int> hook_calls{0};
  ThreadPool pool(workers, "seed", WaitPolicy::help, [&](const WorkerWait& w) {
                              EXPECT_EQ(w.pool_name, "seed");
                              EXPECT_LT(w.worker_index, workers);
                              EXPECT_EQ(w.policy, WaitPolicy::help);
                              hook_calls.fetch_add(1);
                            });
  std::vector<Future<int>> outer;
  for (std::size_t i = 0; i < workers * 4; ++i) {
    outer.push_back(pool.submit([&pool, i] {
      auto inner = pool.submit([i] {
        std::this_thread::sleep_for(1ms);
        return static_cast<int>(i);
      });
      return inner.get() * 2;
    }));
  }
  for (std::size_t i = 0; i < outer.size(); ++i)
    EXPECT_EQ(outer[i].get(), static_cast<int>(i) * 2);
  // Every nested wait that found its future not ready went through the hook.
  EXPECT_LE(hook_calls.load(), static_cast<int>(workers * 4));
}

TEST(ThreadPool, SeedScenarioThrowsUnderFail) {
  constexpr std::size_t workers = 4;
  std::atomic<int> hook_calls{0};
  ThreadPool pool(workers, "strict-io", WaitPolicy::fail, [&](const WorkerWait& w) {
                              EXPECT_EQ(w.policy, WaitPolicy::fail);
                              hook_calls.fetch_add(1);
                            });
  std::vector<Future<int>> outer;
  for (std::size_t i = 0; i < workers * 4; ++i) {
    outer.push_back(pool.submit([&pool] {
      auto inner = pool.submit([] {
        std::this_thread::sleep_for(20ms);
        return 1;
      });
      return inner.get();
    }));
  }
  int failures = 0;
  for (auto& f : outer) {
    try {
      static_cast<void>(f.get());
    } catch (const asynclint::sync_over_async_error& e) {
      ++failures;
      EXPECT_NE(std::string(e.what()).find("'strict-io'"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("thread_pool_test.cpp"), std::string::npos) << e.what();
    }
  }
  // A nested task may finish before its waiter looks; all others must fail.
  EXPECT_GT(failures, 0);
  EXPECT_EQ(failures, hook_calls.load());
}

TEST(ThreadPool, FailPolicyThrowsEvenWhenTheWaitWouldSucceed) {
  ThreadPool pool(2, "p", WaitPolicy::fail);
  std::latch release(1);
  auto outer = pool.submit([&] {
    auto inner = pool.submit([&] { release.wait(); });
    inner.wait();
  });
  EXPECT_THROW(outer.get(), asynclint::sync_over_async_error);
  release.count_down();
}

TEST(ThreadPool, HookSeesWhereTheWaitIs) {
  std::atomic<unsigned> line{0};
  ThreadPool pool(1, "hooked", WaitPolicy::help, [&](const WorkerWait& w) { line = w.where.line(); });
  unsigned expected = 0;
  auto outer = pool.submit([&] {
    auto inner = pool.submit([] { return 5; });
    expected = __LINE__ + 1;
    return inner.get();
  });
  EXPECT_EQ(outer.get(), 5);
  EXPECT_EQ(line.load(), expected);
}

TEST(ThreadPool, DeepNestingOnOneWorkerUnderHelp) {
  ThreadPool pool(1);
  std::function<int(int)> depth = [&](int n) -> int {
    if (n == 0)
      return 0;
    auto f = pool.submit([&depth, n] { return depth(n - 1); });
    return f.get() + 1;
  };
  auto top = pool.submit([&] { return depth(50); });
  EXPECT_EQ(top.get(), 50);
}

TEST(ThreadPool, WaitFromAnotherPoolOrThreadBlocksNormally) {
  ThreadPool a(1, "a", WaitPolicy::fail);
  ThreadPool b(1, "b", WaitPolicy::fail);
  auto from_b = b.submit([&] {
    auto on_a = a.submit([] { return 2; });
    return on_a.get(); // a worker of b waiting on a: not a same-pool wait
  });
  EXPECT_EQ(from_b.get(), 2);
  EXPECT_FALSE(a.is_own_worker());
}

TEST(ThreadPool, ShutdownDrainRunsEverything) {
  std::atomic<int> ran{0};
  std::vector<Future<void>> futures;
  ThreadPool pool(2);
  for (int i = 0; i < 100; ++i)
    futures.push_back(pool.submit([&] {
      std::this_thread::sleep_for(100us);
      ran.fetch_add(1);
    }));
  pool.shutdown(ShutdownMode::drain);
  EXPECT_EQ(ran.load(), 100);
  for (auto& f : futures)
    EXPECT_NO_THROW(f.get());
}

TEST(ThreadPool, ShutdownCancelFailsQueuedFuturesClearly) {
  ThreadPool pool(1, "cancel-me");
  std::latch started(1);
  std::latch release(1);
  auto running = pool.submit([&] {
    started.count_down();
    release.wait();
    return 1;
  });
  started.wait();
  std::vector<Future<int>> queued;
  for (int i = 0; i < 10; ++i)
    queued.push_back(pool.submit([] { return 2; }));
  std::thread releaser([&] {
    std::this_thread::sleep_for(50ms);
    release.count_down();
  });
  pool.shutdown(ShutdownMode::cancel);
  releaser.join();
  EXPECT_EQ(running.get(), 1); // a running task always finishes
  for (auto& f : queued) {
    try {
      static_cast<void>(f.get());
      ADD_FAILURE() << "a cancelled task must not report success";
    } catch (const asynclint::task_cancelled_error& e) {
      EXPECT_NE(std::string(e.what()).find("'cancel-me'"), std::string::npos);
    }
  }
  auto late = pool.submit([] { return 3; });
  EXPECT_THROW(static_cast<void>(late.get()), asynclint::task_cancelled_error);
}

TEST(ThreadPool, CancelledNestedTaskFailsItsWaiter) {
  std::latch helping(1);
  std::optional<Future<void>> outer;
  {
    ThreadPool pool(1);
    std::latch blocker_go(1);
    outer = pool.submit([&] {
      // The only worker runs this task, so the nested task stays queued
      // until shutdown cancels it.
      auto inner = pool.submit([] {});
      helping.count_down();
      blocker_go.wait();
      inner.get();
    });
    helping.wait();
    std::thread t([&] {
      std::this_thread::sleep_for(20ms);
      blocker_go.count_down();
    });
    pool.shutdown(ShutdownMode::cancel);
    t.join();
  }
  EXPECT_THROW(outer->get(), asynclint::task_cancelled_error);
}

TEST(ThreadPool, DestructorDrains) {
  std::atomic<int> ran{0};
  {
    ThreadPool pool(2);
    for (int i = 0; i < 50; ++i)
      static_cast<void>(pool.submit([&] {
        std::this_thread::sleep_for(200us);
        ran.fetch_add(1);
      }));
  }
  EXPECT_EQ(ran.load(), 50);
}

TEST(ThreadPool, WorkersMaySubmitWhileDraining) {
  std::atomic<int> ran{0};
  {
    ThreadPool pool(2);
    for (int i = 0; i < 8; ++i)
      static_cast<void>(pool.submit([&] {
        std::this_thread::sleep_for(1ms);
        static_cast<void>(pool.submit([&] { ran.fetch_add(1); }));
      }));
  }
  EXPECT_EQ(ran.load(), 8);
}

TEST(ThreadPool, ShutdownFromAWorkerIsRejected) {
  ThreadPool pool(1);
  auto f = pool.submit([&] { pool.shutdown(); });
  EXPECT_THROW(f.get(), std::logic_error);
}

TEST(ThreadPool, RejectsZeroWorkers) {
  EXPECT_THROW(ThreadPool(0), std::invalid_argument);
}

} // namespace
