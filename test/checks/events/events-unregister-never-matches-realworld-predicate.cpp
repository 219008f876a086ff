// RUN: %check_asynclint %s events-unregister-never-matches %t -- -- -std=c++17
// RUN: %check_asynclint_plugin %s events-unregister-never-matches %t -- -- -std=c++17
// Found in real code (a signal/slot library): removal by predicate takes a
// new lambda on purpose; it is evaluated against every registered handler.

#include <cstddef>
#include <functional>

struct slot_state {
  bool has_callable(const void *) const { return false; }
};

namespace sigslot {
struct signal_base {
  std::size_t connect(std::function<void()>) { return 0; }
  template <class Pred> std::size_t disconnect_if(Pred) { return 0; }
  template <class Pred> std::size_t removeListenerIf(Pred) { return 0; }
  std::size_t disconnect(std::function<void()>) { return 0; }

  template <class Callable> std::size_t disconnect_callable(const Callable &c) {
    return disconnect_if([&](const slot_state &s) { return s.has_callable(&c); });
  }
};
} // namespace sigslot
using signal = sigslot::signal_base;

void by_predicate(signal &sig) {
  sig.disconnect_if([](const slot_state &) { return true; });
  sig.removeListenerIf([](const slot_state &) { return true; });
}

// Still reported: a new lambda given to the plain unregistration.
void by_new_lambda(signal &sig) {
  sig.disconnect([] {});
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'disconnect' is given a new lambda that never equals the registered handler, so nothing is unregistered [events-unregister-never-matches]
}
