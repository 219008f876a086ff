// Every catalog option: without the option the code is silent (or reported),
// with it the verdict flips. OPTS adds rows with the Extra... options,
// REPLACED replaces the built-in tables.
// RUN: %check_asynclint %s events-discarded-subscription %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s events-discarded-subscription %t -- -- -std=c++20
// RUN: %check_asynclint --check-suffix=OPTS %s events-discarded-subscription %t -- -config="{CheckOptions: {ExtraRegistrationPairs: 'ui::Bus::listen=ui::Bus::forget;ui::Bus::listen_weak=;ui::Bus::listen_with=;ui::Bus::guarded=', ExtraRaiiHandleTypes: 'ui::Guard', ExtraSelfUnregisteringFunctions: 'ui::Bus::listen_weak', ExtraContextRegistrations: 'ui::Bus::listen_with', ExtraContextTypes: 'ui::Context', ExtraTrackableBases: 'ui::Tracked'}}" -- -std=c++20
// RUN: %check_asynclint_plugin --check-suffix=OPTS %s events-discarded-subscription %t -- -config="{CheckOptions: {ExtraRegistrationPairs: 'ui::Bus::listen=ui::Bus::forget;ui::Bus::listen_weak=;ui::Bus::listen_with=;ui::Bus::guarded=', ExtraRaiiHandleTypes: 'ui::Guard', ExtraSelfUnregisteringFunctions: 'ui::Bus::listen_weak', ExtraContextRegistrations: 'ui::Bus::listen_with', ExtraContextTypes: 'ui::Context', ExtraTrackableBases: 'ui::Tracked'}}" -- -std=c++20
// RUN: %check_asynclint --check-suffix=REPLACED %s events-discarded-subscription %t -- -config="{CheckOptions: {RegistrationPairs: 'ui::Bus::listen=ui::Bus::forget;ui::Bus::listen_weak=;ui::Bus::listen_with=;ui::Bus::guarded=', RaiiHandleTypes: '', SelfUnregisteringFunctions: '', ContextRegistrations: '', ContextTypes: '', TrackableBases: ''}}" -- -std=c++20
// RUN: %check_asynclint_plugin --check-suffix=REPLACED %s events-discarded-subscription %t -- -config="{CheckOptions: {RegistrationPairs: 'ui::Bus::listen=ui::Bus::forget;ui::Bus::listen_weak=;ui::Bus::listen_with=;ui::Bus::guarded=', RaiiHandleTypes: '', SelfUnregisteringFunctions: '', ContextRegistrations: '', ContextTypes: '', TrackableBases: ''}}" -- -std=c++20

#include <functional>

namespace ui {
struct Context {};
struct Tracked {};
struct Guard {
  ~Guard();
};
struct Bus {
  int listen(std::function<void()> f);
  void forget(int id);
  int listen_weak(std::function<void()> f);
  int listen_with(Context *c, std::function<void()> f);
  Guard guarded(std::function<void()> f);
  int subscribe(std::function<void()> f);
  void unsubscribe(int id);
};
} // namespace ui

// ExtraRegistrationPairs / RegistrationPairs: listen is a registration only
// with the option.
struct A {
  explicit A(ui::Bus &bus) { bus.listen([this] { ++n; }); }
  // CHECK-NOTES-OPTS: :[[@LINE-1]]:34: warning: handle returned by 'listen' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
  // CHECK-NOTES-OPTS: :[[@LINE-3]]:8: note: 'A' may be destroyed while the handler is still registered
  // CHECK-NOTES-OPTS: :[[@LINE-3]]:30: note: the source 'bus' ('ui::Bus') is not owned by 'A' and may outlive it
  // CHECK-NOTES-OPTS: :[[@LINE-4]]:34: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  // CHECK-NOTES-REPLACED: :[[@LINE-5]]:34: warning: handle returned by 'listen' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
  // CHECK-NOTES-REPLACED: :[[@LINE-7]]:8: note: 'A' may be destroyed while the handler is still registered
  // CHECK-NOTES-REPLACED: :[[@LINE-7]]:30: note: the source 'bus' ('ui::Bus') is not owned by 'A' and may outlive it
  // CHECK-NOTES-REPLACED: :[[@LINE-8]]:34: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  int n = 0;
};
// ... and keeping the handle is the fix.
struct AFixed {
  explicit AFixed(ui::Bus &bus) : bus(bus), id(bus.listen([this] { ++n; })) {}
  ~AFixed() { bus.forget(id); }
  ui::Bus &bus;
  int id;
  int n = 0;
};

// RegistrationPairs replaced: the built-in '*::subscribe' row is gone.
struct B {
  explicit B(ui::Bus &bus) { bus.subscribe([this] { ++n; }); }
  // CHECK-NOTES: :[[@LINE-1]]:34: warning: handle returned by 'subscribe' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'B' may be destroyed while the handler is still registered
  // CHECK-NOTES: :[[@LINE-3]]:30: note: the source 'bus' ('ui::Bus') is not owned by 'B' and may outlive it
  // CHECK-NOTES: :[[@LINE-4]]:34: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  // CHECK-NOTES-OPTS: :[[@LINE-5]]:34: warning: handle returned by 'subscribe' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
  // CHECK-NOTES-OPTS: :[[@LINE-7]]:8: note: 'B' may be destroyed while the handler is still registered
  // CHECK-NOTES-OPTS: :[[@LINE-7]]:30: note: the source 'bus' ('ui::Bus') is not owned by 'B' and may outlive it
  // CHECK-NOTES-OPTS: :[[@LINE-8]]:34: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  int n = 0;
};

// (Extra)SelfUnregisteringFunctions: the library undoes listen_weak itself.
struct C {
  explicit C(ui::Bus &bus) { bus.listen_weak([this] { ++n; }); }
  // CHECK-NOTES-REPLACED: :[[@LINE-1]]:34: warning: handle returned by 'listen_weak' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
  // CHECK-NOTES-REPLACED: :[[@LINE-3]]:8: note: 'C' may be destroyed while the handler is still registered
  // CHECK-NOTES-REPLACED: :[[@LINE-3]]:30: note: the source 'bus' ('ui::Bus') is not owned by 'C' and may outlive it
  // CHECK-NOTES-REPLACED: :[[@LINE-4]]:34: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  int n = 0;
};

// (Extra)ContextRegistrations: a registration taking a context object is
// events-unmatched-registration's finding. (Extra)ContextTypes does not change
// the verdict here: with or without a context argument, such a registration
// is left to that check.
struct D {
  D(ui::Bus &bus, ui::Context *ctx) { bus.listen_with(ctx, [this] { ++n; }); }
  // CHECK-NOTES-REPLACED: :[[@LINE-1]]:43: warning: handle returned by 'listen_with' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
  // CHECK-NOTES-REPLACED: :[[@LINE-3]]:8: note: 'D' may be destroyed while the handler is still registered
  // CHECK-NOTES-REPLACED: :[[@LINE-3]]:39: note: the source 'bus' ('ui::Bus') is not owned by 'D' and may outlive it
  // CHECK-NOTES-REPLACED: :[[@LINE-4]]:43: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  int n = 0;
};

// (Extra)RaiiHandleTypes: dropping a Guard undoes the registration at once.
struct E {
  explicit E(ui::Bus &bus) { bus.guarded([this] { ++n; }); }
  // CHECK-NOTES-REPLACED: :[[@LINE-1]]:34: warning: handle returned by 'guarded' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
  // CHECK-NOTES-REPLACED: :[[@LINE-3]]:8: note: 'E' may be destroyed while the handler is still registered
  // CHECK-NOTES-REPLACED: :[[@LINE-3]]:30: note: the source 'bus' ('ui::Bus') is not owned by 'E' and may outlive it
  // CHECK-NOTES-REPLACED: :[[@LINE-4]]:34: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  int n = 0;
};

// (Extra)TrackableBases: a bound member function of a tracked object.
struct F : ui::Tracked {
  explicit F(ui::Bus &bus) { bus.listen(std::bind(&F::on, this)); }
  // CHECK-NOTES-REPLACED: :[[@LINE-1]]:34: warning: handle returned by 'listen' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
  // CHECK-NOTES-REPLACED: :[[@LINE-3]]:8: note: 'F' may be destroyed while the handler is still registered
  // CHECK-NOTES-REPLACED: :[[@LINE-3]]:30: note: the source 'bus' ('ui::Bus') is not owned by 'F' and may outlive it
  // CHECK-NOTES-REPLACED: :[[@LINE-4]]:34: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  void on() {}
};
