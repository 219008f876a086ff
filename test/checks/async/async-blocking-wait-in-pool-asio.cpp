// REQUIRES: boost
// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++20
// Against the real Boost.Asio headers: post, dispatch and defer to a
// thread_pool, an io_context, strands and executors, and waits on a task of
// the same pool or io_context.

#include <boost/asio/defer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/io_context_strand.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <future>
#include <thread>

int lookup(int key);

void to_thread_pool(boost::asio::thread_pool &pool, std::future<int> &ready) {
  boost::asio::post(pool, [&ready] { ready.get(); });
  // CHECK-NOTES: :[[@LINE-1]]:44: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
  boost::asio::dispatch(pool, [&ready] { ready.wait(); });
  // CHECK-NOTES: :[[@LINE-1]]:48: warning: task running on a thread pool blocks the worker in call to 'std::future::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
  boost::asio::defer(pool, [] { std::this_thread::sleep_for(std::chrono::milliseconds(5)); });
  // CHECK-NOTES: :[[@LINE-1]]:33: warning: task running on a thread pool blocks the worker in call to 'std::this_thread::sleep_for' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
}

// The fix: hand the value on in another task instead of waiting for it.
void to_thread_pool_fixed(boost::asio::thread_pool &pool) {
  boost::asio::post(pool, [&pool] {
    int value = lookup(1);
    boost::asio::dispatch(pool, [value] { lookup(value); });
    boost::asio::defer(pool, [value] { lookup(value + 1); });
  });
}

void to_io_context(boost::asio::io_context &ctx, std::future<int> &ready) {
  boost::asio::post(ctx, [&ready] { ready.get(); });
  // CHECK-NOTES: :[[@LINE-1]]:43: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
  boost::asio::dispatch(ctx, [&ready] { ready.get(); });
  // CHECK-NOTES: :[[@LINE-1]]:47: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
  boost::asio::defer(ctx, [&ready] { ready.get(); });
  // CHECK-NOTES: :[[@LINE-1]]:44: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
}

// The fix: the handler polls the future with a zero timeout and posts
// itself again until it is ready.
void poll_later(boost::asio::io_context &ctx, std::shared_future<int> ready) {
  boost::asio::post(ctx, [&ctx, ready] {
    if (ready.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
      poll_later(ctx, ready);
  });
}

void to_strands(boost::asio::thread_pool &pool, boost::asio::io_context &ctx,
                std::future<int> &ready) {
  auto strand = boost::asio::make_strand(pool);
  boost::asio::post(strand, [&ready] { ready.get(); });
  // CHECK-NOTES: :[[@LINE-1]]:46: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
  boost::asio::dispatch(boost::asio::make_strand(pool), [&ready] { ready.get(); });
  // CHECK-NOTES: :[[@LINE-1]]:74: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
  boost::asio::io_context::strand legacy(ctx);
  boost::asio::defer(legacy, [&ready] { ready.get(); });
  // CHECK-NOTES: :[[@LINE-1]]:47: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
  boost::asio::strand<boost::asio::thread_pool::executor_type> typed(pool.get_executor());
  boost::asio::post(typed, [&ready] { ready.get(); });
  // CHECK-NOTES: :[[@LINE-1]]:45: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
}

// The fix: a strand serialises the handlers, so none needs to wait.
void to_strands_fixed(boost::asio::thread_pool &pool) {
  auto strand = boost::asio::make_strand(pool);
  auto shared = std::make_shared<int>(0);
  boost::asio::post(strand, [shared] { *shared = lookup(1); });
  boost::asio::post(strand, [shared] { lookup(*shared); });
}

void to_executors(boost::asio::thread_pool &pool, boost::asio::io_context &ctx,
                  std::future<int> &ready) {
  boost::asio::post(pool.get_executor(), [&ready] { ready.get(); });
  // CHECK-NOTES: :[[@LINE-1]]:59: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
  auto executor = ctx.get_executor();
  boost::asio::defer(executor, [&ready] { ready.wait(); });
  // CHECK-NOTES: :[[@LINE-1]]:49: warning: task running on a thread pool blocks the worker in call to 'std::future::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
}

// The same pool: the inner task can only run on a free worker of 'pool'.
void same_pool(boost::asio::thread_pool &pool) {
  boost::asio::post(pool, [&pool] {
    std::future<int> inner = boost::asio::post(pool, boost::asio::use_future([] { return lookup(1); }));
    inner.get();
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: task running on thread pool 'pool' waits for a task submitted to the same pool; this deadlocks once every worker waits [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-3]]:30: note: inner task submitted here
    // CHECK-NOTES: :[[@LINE-5]]:3: note: task submitted here
  });
}

// ... through its executor or a strand of it, and with defer.
void same_pool_executor(boost::asio::thread_pool &pool) {
  boost::asio::post(pool.get_executor(), [&pool] {
    auto inner = boost::asio::defer(pool.get_executor(), boost::asio::use_future([] { return lookup(1); }));
    inner.wait();
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: task running on thread pool 'pool' waits for a task submitted to the same pool; this deadlocks once every worker waits [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-3]]:18: note: inner task submitted here
    // CHECK-NOTES: :[[@LINE-5]]:3: note: task submitted here
  });
  boost::asio::post(boost::asio::make_strand(pool), [&pool] {
    auto inner = boost::asio::post(pool, boost::asio::use_future([] { return lookup(2); }));
    inner.get();
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: task running on thread pool 'pool' waits for a task submitted to the same pool; this deadlocks once every worker waits [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-3]]:18: note: inner task submitted here
    // CHECK-NOTES: :[[@LINE-5]]:3: note: task submitted here
  });
}

// The same io_context, the future assigned after its declaration: a context
// run by one thread deadlocks at once.
void same_io_context(boost::asio::io_context &ctx) {
  boost::asio::post(ctx, [&ctx] {
    std::future<int> inner;
    inner = boost::asio::post(ctx, boost::asio::use_future([] { return lookup(1); }));
    inner.get();
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: task running on thread pool 'ctx' waits for a task submitted to the same pool; this deadlocks once every worker waits [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-3]]:13: note: inner task submitted here
    // CHECK-NOTES: :[[@LINE-6]]:3: note: task submitted here
  });
}

// Another pool: a blocked worker, but no deadlock on 'pool' itself.
void other_pool(boost::asio::thread_pool &pool, boost::asio::thread_pool &io) {
  boost::asio::post(pool, [&io] {
    auto inner = boost::asio::post(io, boost::asio::use_future([] { return lookup(1); }));
    inner.get();
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: task submitted here
  });
}

// dispatch from a thread of the pool runs the function at once: the future
// is ready, so this is no deadlock (the get is still reported: the check does
// not know that the future is ready).
void same_pool_dispatch(boost::asio::thread_pool &pool) {
  boost::asio::post(pool, [&pool] {
    auto inner = boost::asio::dispatch(pool, boost::asio::use_future([] { return lookup(1); }));
    inner.get();
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: task submitted here
  });
}

// The function wrapped by use_future runs on the pool too.
int wrapped_blocks(boost::asio::thread_pool &pool, std::future<int> &ready) {
  auto result = boost::asio::post(pool, boost::asio::use_future([&ready] { return ready.get(); }));
  // CHECK-NOTES: :[[@LINE-1]]:89: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: task submitted here
  return result.get();
}

// The fix: continue in a second task instead of waiting for the first.
void same_pool_fixed(boost::asio::thread_pool &pool) {
  boost::asio::post(pool, [&pool] {
    int value = lookup(1);
    boost::asio::post(pool, [value] { lookup(value); });
  });
}
