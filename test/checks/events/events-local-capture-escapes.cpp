// RUN: %check_asynclint %s events-local-capture-escapes %t -- -- -std=c++20 -I %S/Inputs/events-local-capture-escapes
// RUN: %check_asynclint_plugin %s events-local-capture-escapes %t -- -- -std=c++20 -I %S/Inputs/events-local-capture-escapes

#include "home_grown.h"

// The handler outlives `total`.
void sum_saves(EventBus &bus) {
  int total = 0;
  bus.subscribe<Saved>([&total](const Saved &e) { total += e.id; });
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: handler registered with 'subscribe' refers to local variable 'total' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES: :[[@LINE-3]]:7: note: 'total' is destroyed when the function returns
  // CHECK-NOTES: :[[@LINE-3]]:7: note: capture 'total' by value, or undo the registration before the function returns
}

// [&] and a pointer to a local.
void watch(Model &model) {
  int last = 0;
  model.addObserver([&](int v) { last = v; });
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: handler registered with 'addObserver' refers to local variable 'last' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES: :[[@LINE-3]]:7: note: 'last' is destroyed when the function returns
  // CHECK-NOTES: :[[@LINE-3]]:9: note: capture 'last' by value, or undo the registration before the function returns
}
struct Printer : Listener {
  void onChanged(int) override {}
};
void print_changes(Model &model) {
  Printer printer;
  model.addListener(&printer);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: handler registered with 'addListener' refers to local variable 'printer' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES: :[[@LINE-3]]:11: note: 'printer' is destroyed when the function returns
  // CHECK-NOTES: :[[@LINE-3]]:9: note: capture 'printer' by value, or undo the registration before the function returns
}

// A local captured by reference inside a member function.
class Dialog {
public:
  void run(EventBus &bus) {
    bool done = false;
    token_ = bus.subscribe<Closed>([&done](const Closed &) { done = true; });
    // CHECK-NOTES: :[[@LINE-1]]:18: warning: handler registered with 'subscribe' refers to local variable 'done' and stays registered after the function returns [events-local-capture-escapes]
    // CHECK-NOTES: :[[@LINE-3]]:10: note: 'done' is destroyed when the function returns
    // CHECK-NOTES: :[[@LINE-3]]:18: note: capture 'done' by value, or undo the registration before the function returns
  }

private:
  EventBus::Token token_ = 0;
};

// Fixed: unregistered before returning.
void sum_saves_fixed(EventBus &bus) {
  int total = 0;
  auto token = bus.subscribe<Saved>([&total](const Saved &e) { total += e.id; });
  bus.unsubscribe(token);
}
void print_changes_fixed(Model &model) {
  Printer printer;
  model.addListener(&printer);
  model.removeListener(&printer);
}

// Correct code: nothing below may warn.

// The source is itself a local: both die together.
void local_bus() {
  EventBus bus;
  int total = 0;
  bus.subscribe<Saved>([&total](const Saved &e) { total += e.id; });
}

// Captured by value.
void by_value(EventBus &bus) {
  int total = 0;
  bus.subscribe<Saved>([total](const Saved &) { (void)total; });
}
