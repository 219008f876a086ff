// RUN: %check_asynclint %s events-discarded-subscription %t -- -- -std=c++20 -I %S/Inputs/events-discarded-subscription -I %runtime_include
// RUN: %check_asynclint_plugin %s events-discarded-subscription %t -- -- -std=c++20 -I %S/Inputs/events-discarded-subscription -I %runtime_include

#include "home_grown.h"

#include <asynclint/annotations.hpp>

// The shape of docs/examples/photo-service: the token is dropped.
class GalleryPanel {
public:
  explicit GalleryPanel(EventBus &bus) {
    bus.subscribe<Saved>([this](const Saved &e) { refresh(e.id); });
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: handle returned by 'subscribe' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'GalleryPanel' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'bus' ('EventBus') is not owned by 'GalleryPanel' and may outlive it
    // CHECK-NOTES: :[[@LINE-4]]:9: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  }

private:
  void refresh(int) {}
};

// Fixed: the token is kept and given back.
class GalleryPanelFixed {
public:
  explicit GalleryPanelFixed(EventBus &bus)
      : bus_(bus), token_(bus.subscribe<Saved>([this](const Saved &e) { refresh(e.id); })) {}
  ~GalleryPanelFixed() { bus_.unsubscribe(token_); }

private:
  void refresh(int) {}
  EventBus &bus_;
  EventBus::Token token_;
};

// A reference parameter captured by reference: its referent can die first.
struct Stats {
  int saves = 0;
};
void count_saves(EventBus &bus, Stats &stats) {
  bus.subscribe<Saved>([&stats](const Saved &) { ++stats.saves; });
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: handle returned by 'subscribe' is discarded, so the handler that refers to 'stats' can never be unregistered [events-discarded-subscription]
  // CHECK-NOTES: :[[@LINE-3]]:40: note: 'stats' may be destroyed while the handler is still registered
  // CHECK-NOTES: :[[@LINE-3]]:7: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
}

// Fixed: the caller gets the token.
EventBus::Token count_saves_fixed(EventBus &bus, Stats &stats) {
  return bus.subscribe<Saved>([&stats](const Saved &) { ++stats.saves; });
}

// An annotated API returning an id.
class Annotated {
public:
  ASYNCLINT_REGISTERS(drop) int add(ASYNCLINT_HANDLER std::function<void()> fn);
  ASYNCLINT_UNREGISTERS void drop(int id);
};
class Ticker {
public:
  void start(Annotated &a) {
    a.add([this] { ++ticks_; });
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: handle returned by 'add' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'Ticker' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'a' ('Annotated') is not owned by 'Ticker' and may outlive it
    // CHECK-NOTES: :[[@LINE-4]]:7: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  }

private:
  int ticks_ = 0;
};

// Correct code: nothing below may warn.

// A free function or a capture-less lambda registered for the program's lifetime.
void log_saved(const Saved &);
void install_logging(EventBus &bus) {
  bus.subscribe<Saved>(&log_saved);
  bus.subscribe<Closed>([](const Closed &) {});
}

// Handlers capturing only values.
void install_counter(EventBus &bus, int base) {
  bus.subscribe<Saved>([base](const Saved &e) { (void)(e.id + base); });
}

// The bus is owned by value: it dies with the object.
class OwnsBus {
public:
  OwnsBus() { bus_.subscribe<Saved>([this](const Saved &) { ++n_; }); }

private:
  EventBus bus_;
  int n_ = 0;
};

// APIs returning nothing have no handle to discard (events-unmatched-registration's).
class Observer : public Listener {
public:
  explicit Observer(Model &m) { m.addListener(this); }
  ~Observer();
  void onChanged(int) override {}
};
