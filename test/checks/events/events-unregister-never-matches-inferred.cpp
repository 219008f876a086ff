// RUN: %check_asynclint %s events-unregister-never-matches %t -- -- -std=c++17
// RUN: %check_asynclint_plugin %s events-unregister-never-matches %t -- -- -std=c++17
// An undo known from its code: it removes from the listener list the entry
// equal to the callable it is given. A new lambda never equals the one
// registered. An undo by token takes no callable and is not concerned.

#include <algorithm>
#include <functional>
#include <vector>

class Callbacks {
public:
  using Fn = void (*)(int);
  void hookUp(Fn f) { fns_.push_back(f); }
  void letGo(Fn f) { fns_.erase(std::remove(fns_.begin(), fns_.end(), f), fns_.end()); }
  void fire(int v) {
    for (Fn f : fns_)
      f(v);
  }

private:
  std::vector<Fn> fns_;
};

void on_level(int);

class Meter {
public:
  explicit Meter(Callbacks &callbacks) : callbacks_(callbacks) {
    callbacks_.hookUp(&on_level);
    callbacks_.hookUp([](int) {});
  }
  ~Meter() {
    callbacks_.letGo(&on_level);
    callbacks_.letGo([](int) {});
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'letGo' is given a new lambda that never equals the registered handler, so nothing is unregistered [events-unregister-never-matches]
    // CHECK-NOTES: :[[@LINE-10]]:7: note: 'Meter' may be destroyed while the registered handler stays registered
    // CHECK-NOTES: :[[@LINE-8]]:16: note: the handler was registered here
    // CHECK-NOTES: :[[@LINE-9]]:16: note: register a callable kept in a member or variable, and pass that same object to 'letGo'
  }

private:
  Callbacks &callbacks_;
};
