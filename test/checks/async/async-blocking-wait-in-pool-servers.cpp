// REQUIRES: httplib
// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++17
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++17
// Request handlers of installed server libraries run on the server's worker
// threads: cpp-httplib's (the Debian package's header, read as a library's
// and so known from the HandlerFunctions table) and Crow's route rules
// (`CROW_ROUTE(app, url)(handler)`; declared here as Crow declares them).

#include <httplib.h>

#include <chrono>
#include <functional>
#include <future>
#include <string>
#include <thread>

int slow();

void http_routes(httplib::Server &svr) {
  svr.Get("/value", [](const httplib::Request &, httplib::Response &res) {
    auto f = std::async(std::launch::async, slow);
    res.set_content(std::to_string(f.get()), "text/plain");
    // CHECK-NOTES: :[[@LINE-1]]:38: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-4]]:7: note: handler registered here
  });
  svr.Post("/nap", [](const httplib::Request &, httplib::Response &) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: task running on a thread pool blocks the worker in call to 'std::this_thread::sleep_for' [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-3]]:7: note: handler registered here
  });
  // Handlers that answer from what they have: silent.
  svr.Get("/hi", [](const httplib::Request &, httplib::Response &res) {
    res.set_content("hi", "text/plain");
  });
  // Waiting on the caller's thread, outside any handler: not a pool's.
  std::async(std::launch::async, slow).wait();
}

namespace crow {
struct response {
  explicit response(int code);
};
template <typename... Args> class TaggedRule {
public:
  template <typename Func> void operator()(Func &&f) {
    handler_ = [f = std::move(f)] { return f(); };
  }

private:
  std::function<response()> handler_;
};
class DynamicRule {
public:
  template <typename Func> void operator()(Func f) {
    handler_ = [f = std::move(f)] { return f(); };
  }

private:
  std::function<response()> handler_;
};
} // namespace crow

void crow_routes(crow::TaggedRule<> &index, crow::DynamicRule &dynamic,
                 std::future<int> &ready) {
  index([&ready] {
    ready.wait();
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: task running on a thread pool blocks the worker in call to 'std::future::wait' [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-3]]:3: note: handler registered here
    return crow::response(200);
  });
  dynamic([] { return crow::response(204); });
}
