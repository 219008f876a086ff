// RUN: %check_asynclint %s events-local-capture-escapes %t -- -- -std=c++20 -I %S/Inputs/events-local-capture-escapes
// RUN: %check_asynclint_plugin %s events-local-capture-escapes %t -- -- -std=c++20 -I %S/Inputs/events-local-capture-escapes
// A reference parameter captured by reference refers to whatever each caller
// passes. When a caller in the translation unit passes a local or a
// temporary, and nothing ends the registration before that dies, the handler
// outlives it.

#include "home_grown.h"

namespace {
void countSaves(EventBus &bus, int &count) {
  bus.subscribe<Saved>([&count](const Saved &) { ++count; });
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: handler registered with 'subscribe' refers to parameter 'count' by reference, which a caller binds to an object destroyed before the handler is removed [events-local-capture-escapes]
  // CHECK-NOTES: :[[@LINE-3]]:37: note: 'count' is declared here
  // CHECK-NOTES: :[[@LINE+6]]:19: note: 'startCounting' passes its local variable 'saves', destroyed when it returns
}
} // namespace

void startCounting(EventBus &bus) {
  int saves = 0;
  countSaves(bus, saves);
}

// A temporary bound to a const reference dies at the end of the call.
static void printSaves(EventBus &bus, const std::string &prefix) {
  bus.subscribe<Saved>([&prefix](const Saved &s) { (void)prefix.size(); });
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: handler registered with 'subscribe' refers to parameter 'prefix' by reference, which a caller binds to an object destroyed before the handler is removed [events-local-capture-escapes]
  // CHECK-NOTES: :[[@LINE-3]]:58: note: 'prefix' is declared here
  // CHECK-NOTES: :[[@LINE+4]]:19: note: a temporary is bound to 'prefix' here; it is destroyed at the end of the full expression
}

void startPrinting(EventBus &bus) {
  printSaves(bus, "saved: ");
}

// Correct: every caller passes an object that outlives the registration.
static int total = 0;
static void countInto(EventBus &bus, int &count) {
  bus.subscribe<Saved>([&count](const Saved &) { ++count; });
}
struct Stats {
  int saves = 0;
  void start(EventBus &bus) { countInto(bus, saves); }
};
void startGlobal(EventBus &bus) { countInto(bus, total); }

// Correct: the source is a local of the caller too, declared after the
// captured local, so it dies first.
static void countLocally(EventBus &bus, int &count) {
  bus.subscribe<Saved>([&count](const Saved &) { ++count; });
}
void runLocally() {
  int saves = 0;
  EventBus bus;
  countLocally(bus, saves);
}

// Correct: the helper hands the token back and the caller unsubscribes.
static EventBus::Token countReturning(EventBus &bus, int &count) {
  return bus.subscribe<Saved>([&count](const Saved &) { ++count; });
}
void countBriefly(EventBus &bus) {
  int saves = 0;
  EventBus::Token token = countReturning(bus, saves);
  bus.unsubscribe(token);
}

// A function visible to other translation units: the callers this one shows
// are enough to tell.
void countExternally(EventBus &bus, int &count) {
  bus.subscribe<Saved>([&count](const Saved &) { ++count; });
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: handler registered with 'subscribe' refers to parameter 'count' by reference, which a caller binds to an object destroyed before the handler is removed [events-local-capture-escapes]
  // CHECK-NOTES: :[[@LINE-3]]:42: note: 'count' is declared here
  // CHECK-NOTES: :[[@LINE+4]]:24: note: 'startExternally' passes its local variable 'saves', destroyed when it returns
}
void startExternally(EventBus &bus) {
  int saves = 0;
  countExternally(bus, saves);
}

// Silent: a function whose address is taken has callers we cannot see.
static void countThroughPointer(EventBus &bus, int &count) {
  bus.subscribe<Saved>([&count](const Saved &) { ++count; });
}
void (*countHook)(EventBus &, int &) = &countThroughPointer;

// Correct: the caller waits for the event before its local dies.
#include <future>
static void signalSaved(EventBus &bus, std::promise<void> &done) {
  bus.subscribe<Saved>([&done](const Saved &) { done.set_value(); });
}
void waitForSave(EventBus &bus) {
  std::promise<void> done;
  signalSaved(bus, done);
  done.get_future().wait();
}
