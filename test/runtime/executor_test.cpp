// Unit tests for the executor shape (asynclint/executor.hpp) and for
// EventDistributor::publish_async on every kind of executor it accepts.
#include "asynclint/event_distributor.hpp"
#include "asynclint/executor.hpp"
#include "asynclint/thread_pool.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#if defined(__has_include)
#if __has_include(<boost/asio/io_context.hpp>)
#include <boost/asio/io_context.hpp>
#define ASYNCLINT_TEST_HAVE_ASIO 1
#endif
#endif

namespace {

using asynclint::EventDistributor;
using asynclint::TaskExecutor;

struct Ping {
  int value;
};

/// Runs queued tasks when asked; `Verb` says which member queues them.
struct Queue {
  std::deque<std::function<void()>> tasks;
  std::vector<std::string> calls;
  void run_all() {
    while (!tasks.empty()) {
      auto f = std::move(tasks.front());
      tasks.pop_front();
      f();
    }
  }
};

struct PostLoop : Queue {
  void post(std::function<void()> f) {
    calls.emplace_back("post");
    tasks.push_back(std::move(f));
  }
};

struct ExecuteLoop : Queue {
  void execute(std::function<void()> f) {
    calls.emplace_back("execute");
    tasks.push_back(std::move(f));
  }
};

/// Has every verb: submit must win.
struct EveryVerb : Queue {
  int submit(std::function<void()> f) {
    calls.emplace_back("submit");
    tasks.push_back(std::move(f));
    return 42;
  }
  void post(std::function<void()>) { calls.emplace_back("post"); }
  void execute(std::function<void()>) { calls.emplace_back("execute"); }
};

/// A cheap handle to a queue whose execute is const, passed by value (the
/// shape of boost::asio's executor types).
struct QueueHandle {
  Queue* queue;
  void execute(std::function<void()> f) const { queue->tasks.push_back(std::move(f)); }
};

using Task = void (*)();
static_assert(TaskExecutor<asynclint::ThreadPool&, Task>, "ThreadPool has submit(f)");
static_assert(TaskExecutor<PostLoop&, Task>, "post(f) is an executor");
static_assert(TaskExecutor<ExecuteLoop&, Task>, "execute(f) is an executor");
static_assert(TaskExecutor<QueueHandle, Task>, "an rvalue handle with a const execute(f)");
static_assert(TaskExecutor<std::function<void(std::function<void()>)>&, Task>,
              "a callable taking the task is an executor");
static_assert(!TaskExecutor<int&, Task>, "an int is not an executor");
static_assert(!TaskExecutor<std::vector<int>&, Task>, "a container is not an executor");
static_assert(!TaskExecutor<PostLoop&, void (*)(int)>, "a task must take no arguments");

TEST(Executor, SubmitToUsesTheFirstValidVerb) {
  EveryVerb every;
  int ran = 0;
  EXPECT_EQ(asynclint::submit_to(every, [&] { ++ran; }), 42);
  every.run_all();
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(every.calls, std::vector<std::string>{"submit"});

  PostLoop post;
  asynclint::submit_to(post, [&] { ++ran; });
  post.run_all();
  EXPECT_EQ(post.calls, std::vector<std::string>{"post"});

  ExecuteLoop execute;
  asynclint::submit_to(execute, [&] { ++ran; });
  execute.run_all();
  EXPECT_EQ(execute.calls, std::vector<std::string>{"execute"});
  EXPECT_EQ(ran, 3);
}

TEST(Executor, SubmitToThreadPoolReturnsItsFuture) {
  asynclint::ThreadPool pool(1);
  auto f = asynclint::submit_to(pool, [] { return 7; });
  EXPECT_EQ(f.get(), 7);
}

TEST(Executor, PublishAsyncOnAPostLoop) {
  PostLoop loop;
  EventDistributor bus;
  int seen = 0;
  auto s = bus.subscribe<Ping>([&](const Ping& p) { seen = p.value; });
  bus.publish_async(Ping{3}, loop);
  EXPECT_EQ(seen, 0) << "publish_async must not deliver before the executor runs the task";
  loop.run_all();
  EXPECT_EQ(seen, 3);
}

TEST(Executor, PublishAsyncOnAnExecuteHandlePassedByValue) {
  Queue queue;
  EventDistributor bus;
  int seen = 0;
  auto s = bus.subscribe<Ping>([&](const Ping& p) { seen = p.value; });
  bus.publish_async(Ping{4}, QueueHandle{&queue});
  queue.run_all();
  EXPECT_EQ(seen, 4);
}

TEST(Executor, PublishAsyncOnACallable) {
  std::deque<std::function<void()>> tasks;
  std::function<void(std::function<void()>)> enqueue = [&](std::function<void()> f) {
    tasks.push_back(std::move(f));
  };
  EventDistributor bus;
  int seen = 0;
  auto s = bus.subscribe<Ping>([&](const Ping& p) { seen = p.value; });
  bus.publish_async(Ping{5}, enqueue);
  ASSERT_EQ(tasks.size(), 1U);
  tasks.front()();
  EXPECT_EQ(seen, 5);
}

TEST(Executor, PublishAsyncTaskSeesSubscriptionsAsOfWhenItRuns) {
  PostLoop loop;
  EventDistributor bus;
  int early = 0;
  int late = 0;
  auto first = bus.subscribe<Ping>([&](const Ping&) { ++early; });
  bus.publish_async(Ping{1}, loop);
  first.reset();
  auto second = bus.subscribe<Ping>([&](const Ping&) { ++late; });
  loop.run_all();
  EXPECT_EQ(early, 0) << "reset before the task ran: no call";
  EXPECT_EQ(late, 1);
}

TEST(Executor, PublishAsyncErrorsGoToTheErrorHandlerOnOtherExecutors) {
  PostLoop loop;
  EventDistributor bus;
  std::vector<std::string> errors;
  bus.set_error_handler([&](std::exception_ptr e) {
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      errors.emplace_back(ex.what());
    }
  });
  auto s = bus.subscribe<Ping>([](const Ping&) { throw std::runtime_error("handler failed"); });
  bus.publish_async(Ping{1}, loop);
  EXPECT_NO_THROW(loop.run_all());
  EXPECT_EQ(errors, std::vector<std::string>{"handler failed"});
}

#if defined(ASYNCLINT_TEST_HAVE_ASIO)
TEST(Executor, PublishAsyncOnBoostAsio) {
  boost::asio::io_context ctx;
  EventDistributor bus;
  std::vector<int> seen;
  auto s = bus.subscribe<Ping>([&](const Ping& p) { seen.push_back(p.value); });
  bus.publish_async(Ping{1}, ctx);                  // io_context::post
  bus.publish_async(Ping{2}, ctx.get_executor());   // executor_type::execute
  EXPECT_TRUE(seen.empty());
  ctx.run();
  EXPECT_EQ(seen, (std::vector<int>{1, 2}));
}
#endif

} // namespace
