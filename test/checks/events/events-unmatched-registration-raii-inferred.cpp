// RUN: %check_asynclint %s events-unmatched-registration %t -- -- -std=c++17
// RUN: %check_asynclint_plugin %s events-unmatched-registration %t -- -- -std=c++17
// A handle class of the project's own is an RAII handle when its code shows
// it: its destructor undoes the registration it holds in a field, directly
// or through a member function of its own. Keeping the registration in one
// is a correct pairing; a class whose destructor does something else is no
// handle.

#include <functional>
#include <memory>
#include <utility>
#include <vector>

class Connection {
public:
  void disconnect();
};

template <typename... Args> class Signal {
public:
  Connection connect(std::function<void(Args...)> slot);
  void emit(Args... args);
};

void log(const char *what);

// Undoes through a member function of its own.
class ScopedConnection {
public:
  ScopedConnection() = default;
  ScopedConnection(Connection c) : conn_(c) {}
  ScopedConnection &operator=(Connection c) {
    release();
    conn_ = c;
    return *this;
  }
  ~ScopedConnection() { release(); }

private:
  void release() { conn_.disconnect(); }
  Connection conn_;
};

// Undoes with the source and the id it keeps.
class Bus {
public:
  int subscribe(std::function<void()> handler);
  void unsubscribe(int id);
};

class Subscription {
public:
  Subscription() = default;
  Subscription(Bus *bus, int id) : bus_(bus), id_(id) {}
  ~Subscription() {
    if (bus_)
      bus_->unsubscribe(id_);
  }

private:
  Bus *bus_ = nullptr;
  int id_ = 0;
};

// Only logs: dropping it leaves the handler registered.
class LoggedConnection {
public:
  LoggedConnection() = default;
  LoggedConnection(Connection c) : conn_(c) {}
  ~LoggedConnection() { log("closed"); }

private:
  Connection conn_;
};

class Keeps {
public:
  explicit Keeps(Signal<int> &changed) { conn_ = changed.connect([this](int v) { n_ = v; }); }

private:
  ScopedConnection conn_;
  int n_ = 0;
};

class KeepsSeveral {
public:
  explicit KeepsSeveral(Signal<int> &changed, Bus &bus) {
    conns_.push_back(changed.connect([this](int v) { n_ = v; }));
    subs_.emplace_back(&bus, bus.subscribe([this] { ++n_; }));
    sub_ = std::make_unique<Subscription>(&bus, bus.subscribe([this] { ++n_; }));
  }

private:
  std::vector<ScopedConnection> conns_;
  std::vector<Subscription> subs_;
  std::unique_ptr<Subscription> sub_;
  int n_ = 0;
};

class KeepsLogged {
public:
  explicit KeepsLogged(Signal<int> &changed) { conn_ = changed.connect([this](int v) { n_ = v; }); }
  // CHECK-NOTES: :[[@LINE-1]]:64: warning: 'connect' registers a handler that uses 'this' and no member function of 'KeepsLogged' undoes it [events-unmatched-registration]
  // CHECK-NOTES: :[[@LINE-4]]:7: note: 'KeepsLogged' may be destroyed while the handler is still registered
  // CHECK-NOTES: :[[@LINE-3]]:56: note: the source 'changed' ('Signal<int>') is not owned by 'KeepsLogged' and may outlive it
  // CHECK-NOTES: :[[@LINE+3]]:20: note: the handle is kept in 'conn_' of type 'LoggedConnection', which is not known to undo the registration when destroyed; if it does, add it to RaiiHandleTypes or mark it ASYNCLINT_RAII_HANDLE

private:
  LoggedConnection conn_;
  int n_ = 0;
};
