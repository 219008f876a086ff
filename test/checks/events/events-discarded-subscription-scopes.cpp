// RUN: %check_asynclint %s events-discarded-subscription %t -- -- -std=c++20 -I %S/Inputs/events-discarded-subscription
// RUN: %check_asynclint_plugin %s events-discarded-subscription %t -- -- -std=c++20 -I %S/Inputs/events-discarded-subscription
// Where the registration is written: the checks read a call's surroundings
// from its enclosing declaration only, so each kind of enclosing declaration
// must give the same answers: nested namespaces, out-of-line members of class
// templates (their instantiations), lambdas, namespace-scope initializers.

#include "home_grown.h"

namespace app::ui {
class Panel {
public:
  explicit Panel(EventBus &bus);
  EventBus::Token keep(EventBus &bus);

private:
  void refresh(int) {}
  EventBus::Token token_;
};

Panel::Panel(EventBus &bus) {
  bus.subscribe<Saved>([this](const Saved &e) { refresh(e.id); });
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: handle returned by 'subscribe' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
  // CHECK-NOTES: :[[@LINE-13]]:7: note: 'Panel' may be destroyed while the handler is still registered
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the source 'bus' ('EventBus') is not owned by 'Panel' and may outlive it
  // CHECK-NOTES: :[[@LINE-4]]:7: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  token_ = bus.subscribe<Saved>([this](const Saved &e) { refresh(e.id); });
}

EventBus::Token Panel::keep(EventBus &bus) {
  auto later = [&] { return bus.subscribe<Saved>([this](const Saved &e) { refresh(e.id); }); };
  return later();
}
} // namespace app::ui

template <class T> class Grid {
public:
  void watch(EventBus &bus);
  void watch_kept(EventBus &bus);

private:
  void refresh(int) {}
  EventBus::Token token_;
};

template <class T> void Grid<T>::watch(EventBus &bus) {
  bus.subscribe<Saved>([this](const Saved &e) { refresh(e.id); });
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: handle returned by 'subscribe' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
  // CHECK-NOTES: :[[@LINE-13]]:26: note: 'Grid<int>' may be destroyed while the handler is still registered
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the source 'bus' ('EventBus') is not owned by 'Grid' and may outlive it
  // CHECK-NOTES: :[[@LINE-4]]:7: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
}
template <class T> void Grid<T>::watch_kept(EventBus &bus) {
  token_ = bus.subscribe<Saved>([this](const Saved &e) { refresh(e.id); });
}
void use_model(EventBus &bus) {
  Grid<int> m;
  m.watch(bus);
  m.watch_kept(bus);
}

// At namespace scope, a handler that captures nothing: fine.
EventBus global_bus;
EventBus::Token global_token = global_bus.subscribe<Saved>([](const Saved &) {});
