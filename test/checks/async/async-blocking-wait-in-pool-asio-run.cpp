// REQUIRES: boost
// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++20
// Against the real Boost.Asio headers: io_context::run and run_one block the
// calling thread until the context runs out of work, so a handler that calls
// them holds its thread; poll and poll_one only run handlers already ready.

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

int lookup(int key);

void run_in_handler(boost::asio::io_context &ctx) {
  boost::asio::post(ctx, [&ctx] { ctx.run(); });
  // CHECK-NOTES: :[[@LINE-1]]:39: warning: task running on a thread pool blocks the worker in call to 'boost::asio::io_context::run' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
  boost::asio::post(ctx, [&ctx] {
    while (ctx.run_one() != 0)
      lookup(1);
  });
  // CHECK-NOTES: :[[@LINE-3]]:16: warning: task running on a thread pool blocks the worker in call to 'boost::asio::io_context::run_one' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: task submitted here
}

// Through a helper: the notes walk down to the call of run.
void drain(boost::asio::io_context &ctx) { ctx.run(); }
void run_in_pool_task(boost::asio::thread_pool &pool, boost::asio::io_context &ctx) {
  boost::asio::post(pool, [&ctx] { drain(ctx); });
  // CHECK-NOTES: :[[@LINE-1]]:36: warning: task running on a thread pool blocks the worker in call to 'drain' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-4]]:48: note: frame #0: 'drain' waits on 'boost::asio::io_context::run' here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: task submitted here
}

// The fix: a handler runs only what is ready (poll) or hands the rest on.
void poll_in_handler(boost::asio::io_context &ctx) {
  boost::asio::post(ctx, [&ctx] { ctx.poll(); });
  boost::asio::post(ctx, [&ctx] {
    if (ctx.poll_one() == 0)
      boost::asio::post(ctx, [] { lookup(2); });
  });
}

// run from main, or from a thread of its own, is what run is for.
int main() {
  boost::asio::io_context ctx;
  run_in_handler(ctx);
  poll_in_handler(ctx);
  ctx.run();
  ctx.restart();
  ctx.run_one();
  boost::asio::thread_pool pool(2);
  boost::asio::post(pool, [] { lookup(3); });
  pool.join();
}
