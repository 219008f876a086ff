// REQUIRES: boost
// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++20
// Against the real Boost.Asio headers: correct code that looks like a
// blocking wait in a handler and must stay silent.

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <thread>

using namespace std::chrono_literals;

int lookup(int key);

// A future from use_future waited on by main, which is no worker.
int wait_from_main(boost::asio::thread_pool &pool) {
  std::future<int> result = boost::asio::post(pool, boost::asio::use_future([] { return lookup(1); }));
  return result.get();
}

// A zero-timeout poll in a handler: it never blocks.
void poll_in_handler(boost::asio::io_context &ctx, std::shared_future<int> ready) {
  boost::asio::post(ctx, [&ctx, ready] {
    if (ready.wait_for(0s) == std::future_status::timeout)
      poll_in_handler(ctx, ready);
  });
}

// A blocking helper called only from main, never from a handler.
void wait_for_startup(std::future<void> &started) { started.wait(); }
void run_service(boost::asio::io_context &ctx, std::future<void> &started) {
  boost::asio::post(ctx, [] { lookup(2); });
  wait_for_startup(started);
  ctx.run();
}

// A handler hands the blocking work to a thread of its own.
void hand_to_thread(boost::asio::thread_pool &pool, std::shared_future<int> ready) {
  boost::asio::post(pool, [ready] {
    std::thread([ready] { lookup(ready.get()); }).detach();
  });
}

// A handler that only posts another handler.
void chain(boost::asio::io_context &ctx, std::shared_ptr<int> state) {
  boost::asio::post(ctx, [&ctx, state] {
    *state = lookup(*state);
    boost::asio::post(ctx, [state] { lookup(*state); });
  });
}

// A thread of its own runs the io_context; main waits for the thread.
void run_on_thread() {
  boost::asio::io_context ctx;
  boost::asio::post(ctx, [] { lookup(3); });
  std::thread runner([&ctx] { ctx.run(); });
  runner.join();
}

// The pool is joined by main, not by one of its own tasks.
void join_from_main() {
  boost::asio::thread_pool pool(4);
  for (int i = 0; i < 8; ++i)
    boost::asio::post(pool, [i] { lookup(i); });
  pool.join();
}

// A handler that sleeps for zero time yields at most.
void yield_in_handler(boost::asio::thread_pool &pool) {
  boost::asio::post(pool, [] { std::this_thread::sleep_for(0ms); });
}
