// REQUIRES: boost
// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++20 -DBOOST_ASIO_HAS_CO_AWAIT
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++20 -DBOOST_ASIO_HAS_CO_AWAIT
// Against the real Boost.Asio headers: coroutines started with co_spawn run
// on the io_context or pool they are spawned on. (Boost 1.74 enables
// co_await for clang only with BOOST_ASIO_HAS_CO_AWAIT, and its awaitable.hpp
// needs <utility> first.)

#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <future>
#include <thread>

using boost::asio::awaitable;

int lookup(int key);

void spawn_blocking(boost::asio::io_context &ctx, std::future<int> &ready) {
  boost::asio::co_spawn(ctx, [&ready]() -> awaitable<void> {
    lookup(ready.get());
    // CHECK-NOTES: :[[@LINE-1]]:18: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-3]]:3: note: task submitted here
    co_return;
  }, boost::asio::detached);
  boost::asio::co_spawn(ctx.get_executor(), []() -> awaitable<void> {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: task running on a thread pool blocks the worker in call to 'std::this_thread::sleep_for' [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-3]]:3: note: task submitted here
    co_return;
  }, boost::asio::detached);
}

// The fix: suspend on an Asio timer; the thread runs other handlers meanwhile.
void spawn_awaiting(boost::asio::io_context &ctx) {
  boost::asio::co_spawn(ctx, []() -> awaitable<void> {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
    timer.expires_after(std::chrono::seconds(1));
    co_await timer.async_wait(boost::asio::use_awaitable);
  }, boost::asio::detached);
}

// A coroutine function passed by name is followed into its body.
awaitable<void> slow_tick() {
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: task running on a thread pool blocks the worker in call to 'std::this_thread::sleep_for' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE+7]]:3: note: task submitted here
  co_return;
}
awaitable<void> tick(boost::asio::steady_timer &timer) {
  co_await timer.async_wait(boost::asio::use_awaitable);
}
void spawn_function(boost::asio::thread_pool &pool) {
  boost::asio::co_spawn(pool, slow_tick, boost::asio::detached);
}

// A coroutine on the pool waiting for a task of the same pool.
void spawn_same_pool(boost::asio::thread_pool &pool) {
  boost::asio::co_spawn(pool, [&pool]() -> awaitable<int> {
    auto inner = boost::asio::post(pool, boost::asio::use_future([] { return lookup(1); }));
    co_return inner.get();
    // CHECK-NOTES: :[[@LINE-1]]:21: warning: task running on thread pool 'pool' waits for a task submitted to the same pool; this deadlocks once every worker waits [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-3]]:18: note: inner task submitted here
    // CHECK-NOTES: :[[@LINE-5]]:3: note: task submitted here
  }, boost::asio::detached);
}

// The fix: co_await the inner task (post with use_awaitable) instead.
void spawn_same_pool_fixed(boost::asio::thread_pool &pool) {
  boost::asio::co_spawn(pool, [&pool]() -> awaitable<int> {
    co_await boost::asio::post(pool, boost::asio::use_awaitable);
    co_return lookup(1);
  }, boost::asio::detached);
}

// Waiting for a coroutine's result from main is fine.
int main() {
  boost::asio::io_context ctx;
  boost::asio::steady_timer timer(ctx, std::chrono::seconds(1));
  boost::asio::co_spawn(ctx, tick(timer), boost::asio::detached);
  std::future<int> answer = boost::asio::co_spawn(ctx, []() -> awaitable<int> { co_return 42; }, boost::asio::use_future);
  ctx.run();
  return answer.get();
}
