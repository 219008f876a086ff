// RUN: %check_asynclint %s events-local-capture-escapes %t -- -- -std=c++17
// RUN: %check_asynclint_plugin %s events-local-capture-escapes %t -- -- -std=c++17
// A source local to the function dies with the locals its handlers hold: a
// local by value, an object a local unique pointer owns, a temporary built
// over a local. A local pointer to an object that lives elsewhere, or a
// local moved out of the function, does not.

#include <functional>
#include <memory>
#include <utility>

class Dispatcher {
public:
  int subscribe(std::function<void()> handler);
  void unsubscribe(int id);
};

struct Remover {
  int subscribe(std::function<void()> handler);
};
Remover conditionalRemover(Dispatcher &dispatcher);

void run(Dispatcher &shared) {
  int count = 0;
  auto queue = std::make_unique<Dispatcher>();
  queue->subscribe([&count] { ++count; });
  Dispatcher local;
  conditionalRemover(local).subscribe([&count] { ++count; });
  Dispatcher *elsewhere = &shared;
  elsewhere->subscribe([&count] { ++count; });
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: handler registered with 'subscribe' refers to local variable 'count' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES: :[[@LINE-8]]:7: note: 'count' is destroyed when the function returns
  // CHECK-NOTES: :[[@LINE-3]]:14: note: capture 'count' by value, or undo the registration before the function returns
}

std::unique_ptr<Dispatcher> handOut(int &total) {
  int seen = 0;
  auto queue = std::make_unique<Dispatcher>();
  queue->subscribe([&seen, &total] { total += ++seen; });
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: handler registered with 'subscribe' refers to local variable 'seen' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES: :[[@LINE-4]]:7: note: 'seen' is destroyed when the function returns
  // CHECK-NOTES: :[[@LINE-3]]:10: note: capture 'seen' by value, or undo the registration before the function returns
  return queue;
}
