// RUN: %check_asynclint %s events-unregister-never-matches %t -- -- -std=c++20 -I %S/Inputs/events-unregister-never-matches
// RUN: %check_asynclint_plugin %s events-unregister-never-matches %t -- -- -std=c++20 -I %S/Inputs/events-unregister-never-matches

#include "home_grown.h"
#include "sigslot.h"

#include <functional>

class Chart {
public:
  explicit Chart(Model &m) : m_(m) { m_.addObserver([this](int v) { redraw(v); }); }
  ~Chart() {
    m_.removeObserver([this](int v) { redraw(v); });
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'removeObserver' is given a new lambda that never equals the registered handler, so nothing is unregistered [events-unregister-never-matches]
    // CHECK-NOTES: :[[@LINE-6]]:7: note: 'Chart' may be destroyed while the registered handler stays registered
    // CHECK-NOTES: :[[@LINE-5]]:41: note: the handler was registered here
    // CHECK-NOTES: :[[@LINE-6]]:41: note: register a callable kept in a member or variable, and pass that same object to 'removeObserver'
  }
  void redraw(int) {}

private:
  Model &m_;
};

class BindChart {
public:
  explicit BindChart(Model &m) : m_(m) {
    m_.addObserver(std::bind(&BindChart::redraw, this, std::placeholders::_1));
  }
  ~BindChart() {
    m_.removeObserver(std::bind(&BindChart::redraw, this, std::placeholders::_1));
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'removeObserver' is given a new 'std::bind' result that never equals the registered handler, so nothing is unregistered [events-unregister-never-matches]
    // CHECK-NOTES: :[[@LINE-8]]:7: note: 'BindChart' may be destroyed while the registered handler stays registered
    // CHECK-NOTES: :[[@LINE-6]]:8: note: the handler was registered here
    // CHECK-NOTES: :[[@LINE-7]]:8: note: register a callable kept in a member or variable, and pass that same object to 'removeObserver'
  }
  void redraw(int) {}

private:
  Model &m_;
};

class CopyChart {
public:
  explicit CopyChart(Model &m) : m_(m), handler_([this](int v) { redraw(v); }) { m_.addObserver(handler_); }
  ~CopyChart() {
    m_.removeObserver(std::function<void(int)>(handler_));
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'removeObserver' is given a new 'std::function' that never equals the registered handler, so nothing is unregistered [events-unregister-never-matches]
    // CHECK-NOTES: :[[@LINE-6]]:7: note: 'CopyChart' may be destroyed while the registered handler stays registered
    // CHECK-NOTES: :[[@LINE-5]]:85: note: the handler was registered here
    // CHECK-NOTES: :[[@LINE-6]]:85: note: register a callable kept in a member or variable, and pass that same object to 'removeObserver'
  }
  void redraw(int) {}

private:
  Model &m_;
  std::function<void(int)> handler_;
};

// sigslot disconnects by callable.
class Meter {
public:
  explicit Meter(sigslot::signal<int> &sig) : sig_(sig) { sig_.connect([this](int v) { value_ = v; }); }
  ~Meter() {
    sig_.disconnect([this](int v) { value_ = v; });
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'disconnect' is given a new lambda that never equals the registered handler, so nothing is unregistered [events-unregister-never-matches]
    // CHECK-NOTES: :[[@LINE-6]]:7: note: 'Meter' may be destroyed while the registered handler stays registered
    // CHECK-NOTES: :[[@LINE-5]]:64: note: the handler was registered here
    // CHECK-NOTES: :[[@LINE-6]]:64: note: keep the handle 'connect' returns and unregister with it
  }

private:
  sigslot::signal<int> &sig_;
  int value_ = 0;
};

// Correct code: nothing below may warn.

// The same stored std::function is removed.
class ChartFixed {
public:
  explicit ChartFixed(Model &m) : m_(m), handler_([this](int v) { redraw(v); }) { m_.addObserver(handler_); }
  ~ChartFixed() { m_.removeObserver(handler_); }
  void redraw(int) {}

private:
  Model &m_;
  std::function<void(int)> handler_;
};

// Unregistration by id or listener.
class ById {
public:
  explicit ById(EventBus &bus) : bus_(bus), token_(bus.subscribe<Saved>([this](const Saved &) {})) {}
  ~ById() { bus_.unsubscribe(token_); }

private:
  EventBus &bus_;
  EventBus::Token token_;
};

// sigslot: disconnect a member function pointer with its object.
class MeterFixed {
public:
  explicit MeterFixed(sigslot::signal<int> &sig) : sig_(sig) { sig_.connect(&MeterFixed::set, this); }
  ~MeterFixed() { sig_.disconnect(&MeterFixed::set); }
  void set(int v) { value_ = v; }

private:
  sigslot::signal<int> &sig_;
  int value_ = 0;
};
