// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++17
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++17
// Handlers known from what the code does: a server keeps each route's
// callable in a table and runs it from the tasks it hands to its thread
// pool (the shape of cpp-httplib), so a route handler that waits blocks a
// worker. Callables kept and run on the caller's own thread are not.

#include <condition_variable>
#include <functional>
#include <future>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

int slow();

class TaskQueue {
public:
  virtual ~TaskQueue() = default;
  virtual bool enqueue(std::function<void()> fn) = 0;
};

class ThreadPool final : public TaskQueue {
public:
  explicit ThreadPool(size_t n) {
    while (n--)
      threads_.emplace_back([this] { worker(); });
  }
  bool enqueue(std::function<void()> fn) override {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      jobs_.push_back(std::move(fn));
    }
    cond_.notify_one();
    return true;
  }

private:
  void worker() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        cond_.wait(lock, [&] { return !jobs_.empty(); });
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      fn();
    }
  }
  std::vector<std::thread> threads_;
  std::list<std::function<void()>> jobs_;
  std::condition_variable cond_;
  std::mutex mutex_;
};

struct Request {
  std::string path;
};
struct Response {
  std::string body;
};

namespace detail {
// Runs the connection's requests through a callback.
template <class T> bool process_socket(int sock, T callback) {
  Request req{std::to_string(sock)};
  return callback(req);
}
} // namespace detail

class Server {
public:
  using Handler = std::function<void(const Request &, Response &)>;
  using Handlers = std::vector<std::pair<std::string, Handler>>;

  Server &Get(const std::string &pattern, Handler handler) {
    get_handlers_.emplace_back(pattern, std::move(handler));
    return *this;
  }
  void set_logger(std::function<void(const std::string &)> logger) {
    logger_ = std::move(logger);
  }
  void listen() {
    std::unique_ptr<TaskQueue> task_queue(new ThreadPool(8));
    for (int sock = 0; sock < 100; ++sock)
      task_queue->enqueue([this, sock] { process_and_close(sock); });
  }
  void log(const std::string &line) { logger_(line); } // caller's thread

private:
  void process_and_close(int sock) {
    detail::process_socket(sock, [this](Request &req) { return routing(req); });
  }
  bool routing(Request &req) {
    Response res;
    return dispatch(req, res, get_handlers_);
  }
  bool dispatch(Request &req, Response &res, const Handlers &handlers) {
    for (const auto &x : handlers) {
      const auto &handler = x.second;
      if (x.first == req.path) {
        handler(req, res);
        return true;
      }
    }
    return false;
  }
  Handlers get_handlers_;
  std::function<void(const std::string &)> logger_;
};

void routes(Server &svr) {
  svr.Get("/hi", [](const Request &, Response &res) {
    auto f = std::async(std::launch::async, slow);
    res.body = std::to_string(f.get());
    // CHECK-NOTES: :[[@LINE-1]]:33: warning: task running on a thread pool blocks the worker in call to 'std::future::get' [async-blocking-wait-in-pool]
    // CHECK-NOTES: :[[@LINE-4]]:7: note: handler registered here
  });
  // Run by log() on the caller's own thread: not a handler of the pool.
  svr.set_logger([](const std::string &) {
    std::async(std::launch::async, slow).wait();
  });
  svr.listen();
}

// A registry whose callables only its caller runs: silent.
class Registry {
public:
  void on(std::string name, std::function<void()> f) {
    table_[std::move(name)] = std::move(f);
  }
  void fire(const std::string &name) { table_[name](); }

private:
  std::map<std::string, std::function<void()>> table_;
};

void registry(Registry &r, std::future<int> &f) {
  r.on("x", [&f] { f.wait(); });
  r.fire("x");
}
