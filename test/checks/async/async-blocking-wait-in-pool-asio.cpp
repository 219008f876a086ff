// REQUIRES: boost
// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++20
// Against the real Boost.Asio headers.

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>
#include <future>

int lookup(int key);

void bad(boost::asio::thread_pool &pool) {
  boost::asio::post(pool, [&pool] {
    std::future<int> inner = boost::asio::post(pool, boost::asio::use_future([] { return lookup(1); }));
    inner.get();
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: task running on a thread pool blocks the worker in call to 'get' [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: task submitted here
  });
}

// The fix: continue in a second task instead of waiting for the first.
void good(boost::asio::thread_pool &pool) {
  boost::asio::post(pool, [&pool] {
    int value = lookup(1);
    boost::asio::post(pool, [value] { lookup(value); });
  });
}
