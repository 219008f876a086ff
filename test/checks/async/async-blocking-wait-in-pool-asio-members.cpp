// REQUIRES: boost
// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++20 -DBOOST_ASIO_HAS_CO_AWAIT
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++20 -DBOOST_ASIO_HAS_CO_AWAIT
// Against the real Boost.Asio headers: a coroutine called in the co_spawn
// call, the member submissions of strands and executors, the timed run_*
// functions and thread_pool::join/wait from inside a handler.

#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <future>
#include <memory>

using boost::asio::awaitable;

awaitable<void> session(std::future<int> &reply) {
  reply.wait();
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: task running on a thread pool blocks the worker in call to 'std::future::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE+4]]:3: note: task submitted here
  co_return;
}
void spawn_called(boost::asio::thread_pool &pool, std::future<int> &reply) {
  boost::asio::co_spawn(pool, session(reply), boost::asio::detached);
}

void member_submissions(boost::asio::thread_pool &pool, boost::asio::io_context &ctx,
                        std::future<int> &f) {
  auto strand = boost::asio::make_strand(pool);
  strand.post([&f] { f.wait(); }, std::allocator<void>());
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: task running on a thread pool blocks the worker in call to 'std::future::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:10: note: task submitted here
  pool.get_executor().execute([&f] { f.wait(); });
  // CHECK-NOTES: :[[@LINE-1]]:40: warning: task running on a thread pool blocks the worker in call to 'std::future::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:23: note: task submitted here
  boost::asio::io_context::strand legacy(ctx);
  legacy.post([&f] { f.wait(); });
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: task running on a thread pool blocks the worker in call to 'std::future::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:10: note: task submitted here
}

void timed_runs_and_joins(boost::asio::io_context &ctx, boost::asio::thread_pool &other) {
  boost::asio::post(ctx, [&ctx] { ctx.run_for(std::chrono::seconds(1)); });
  // CHECK-NOTES: :[[@LINE-1]]:39: warning: task running on a thread pool blocks the worker in call to 'boost::asio::io_context::run_for' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
  boost::asio::post(ctx, [&other] { other.join(); });
  // CHECK-NOTES: :[[@LINE-1]]:43: warning: task running on a thread pool blocks the worker in call to 'boost::asio::thread_pool::join' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
}

// Correct: the same calls outside any handler, and a coroutine that awaits.
awaitable<int> awaits(boost::asio::thread_pool &pool) {
  co_await boost::asio::post(pool, boost::asio::use_awaitable);
  co_return 1;
}
int main() {
  boost::asio::io_context ctx;
  boost::asio::thread_pool pool(2);
  boost::asio::co_spawn(pool, awaits(pool), boost::asio::detached);
  auto strand = boost::asio::make_strand(pool);
  strand.post([] {}, std::allocator<void>());
  ctx.run_for(std::chrono::milliseconds(10));
  pool.join();
}
