// REQUIRES: boost, cpprest
// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++20
// Handlers a library runs later on its own threads are task roots: Asio
// completion handlers (found through async_initiate, whatever the initiating
// function is called) and the C++ REST SDK's request handlers.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_future.hpp>
#include <cpprest/http_listener.h>
#include <future>

void bad_completion_handlers(boost::asio::io_context &io,
                             boost::asio::ip::tcp::socket &socket,
                             std::shared_future<int> config) {
  boost::asio::steady_timer timer(io);
  timer.async_wait([config](boost::system::error_code) { config.wait(); });
  // CHECK-NOTES: :[[@LINE-1]]:65: warning: task running on a thread pool blocks the worker in call to 'std::shared_future::wait' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:9: note: handler registered here
  static char data[16];
  boost::asio::async_read(socket, boost::asio::buffer(data),
                          [config](boost::system::error_code, std::size_t) {
                            config.get();
                            // CHECK-NOTES: :[[@LINE-1]]:36: warning: task running on a thread pool blocks the worker in call to 'std::shared_future::get' [async-blocking-wait-in-pool]
                            // CHECK-NOTES: :[[@LINE-4]]:3: note: handler registered here
                          });
}

void bad_request_handler(web::http::experimental::listener::http_listener &listener) {
  listener.support([](web::http::http_request request) {
    request.reply(web::http::status_codes::OK).wait();
    // CHECK-NOTES: :[[@LINE-1]]:48: warning: task running on a thread pool blocks the worker in call to 'pplx::task::wait' [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-3]]:12: note: handler registered here
  });
}

// Correct code: nothing below may warn.

void good_handlers(boost::asio::io_context &io,
                   web::http::experimental::listener::http_listener &listener) {
  boost::asio::steady_timer timer(io);
  timer.async_wait([](boost::system::error_code) {});
  // A future token is not a handler; waiting on it outside the io_context
  // is fine.
  timer.async_wait(boost::asio::use_future).get();
  listener.support([](web::http::http_request request) {
    request.reply(web::http::status_codes::OK); // replies asynchronously
  });
}
