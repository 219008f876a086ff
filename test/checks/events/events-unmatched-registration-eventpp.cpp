// eventpp: handles returned by append/appendListener, removed with
// remove/removeListener or by a ScopedRemover.
// RUN: %check_asynclint %s events-unmatched-registration,events-discarded-subscription %t -- -- -std=c++20 -I %S/Inputs/events-unmatched-registration
// RUN: %check_asynclint_plugin %s events-unmatched-registration,events-discarded-subscription %t -- -- -std=c++20 -I %S/Inputs/events-unmatched-registration

#include "eventpp.h"

using Dispatcher = eventpp::EventDispatcher<int, void()>;
using Callbacks = eventpp::CallbackList<void(int)>;

// The handle is dropped: nothing can remove the listener.
class Hud {
public:
  explicit Hud(Dispatcher &dispatcher) {
    dispatcher.appendListener(3, [this] { ++redraws_; });
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: handle returned by 'appendListener' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'Hud' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'dispatcher' ('Dispatcher') is not owned by 'Hud' and may outlive it
    // CHECK-NOTES: :[[@LINE-4]]:16: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  }

private:
  int redraws_ = 0;
};

// The handle is kept but never removed.
class Meter {
public:
  explicit Meter(Callbacks &callbacks) {
    handle_ = callbacks.append([this](int v) { value_ = v; });
    // CHECK-NOTES: :[[@LINE-1]]:25: warning: 'append' registers a handler that uses 'this' and no member function of 'Meter' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'Meter' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:15: note: the source 'callbacks' ('Callbacks') is not owned by 'Meter' and may outlive it
    // CHECK-NOTES: :[[@LINE+4]]:21: note: the handle is kept in 'handle_' of type 'Callbacks::Handle', which is not known to undo the registration when destroyed; if it does, add it to RaiiHandleTypes or mark it ASYNCLINT_RAII_HANDLE
  }

private:
  Callbacks::Handle handle_;
  int value_ = 0;
};

// Correct code: nothing below may warn.

// Fixed: the handles are kept and removed in the destructor.
class HudFixed {
public:
  explicit HudFixed(Dispatcher &dispatcher)
      : dispatcher_(dispatcher), handle_(dispatcher.appendListener(3, [this] { ++redraws_; })) {}
  ~HudFixed() { dispatcher_.removeListener(3, handle_); }

private:
  Dispatcher &dispatcher_;
  Dispatcher::Handle handle_;
  int redraws_ = 0;
};
class MeterFixed {
public:
  explicit MeterFixed(Callbacks &callbacks) : callbacks_(callbacks) {
    handle_ = callbacks.append([this](int v) { value_ = v; });
  }
  ~MeterFixed() { callbacks_.remove(handle_); }

private:
  Callbacks &callbacks_;
  Callbacks::Handle handle_;
  int value_ = 0;
};

// A ScopedRemover member removes its listeners when the object dies.
class ScopedHud {
public:
  explicit ScopedHud(Dispatcher &dispatcher) : remover_(dispatcher) {
    remover_.appendListener(3, [this] { ++redraws_; });
  }

private:
  eventpp::ScopedRemover<Dispatcher> remover_;
  int redraws_ = 0;
};

// Capture-less listeners live as long as the program.
void install(Dispatcher &dispatcher, Callbacks &callbacks) {
  dispatcher.appendListener(1, [] {});
  callbacks.prepend([](int) {});
}
