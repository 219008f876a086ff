// Every catalog option: without the option the code is silent (or reported),
// with it the verdict flips.
// RUN: %check_asynclint %s events-unmatched-registration %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s events-unmatched-registration %t -- -- -std=c++20
// RUN: %check_asynclint --check-suffix=EXTRA %s events-unmatched-registration %t -- -config="{CheckOptions: {events-unmatched-registration.ExtraRegistrationPairs: 'ui::Bus::listen=ui::Bus::forget;ui::Bus::listen_weak=;ui::Bus::listen_with=;ui::Bus::guarded=;ui::Bus::bind=', ExtraRaiiHandleTypes: 'ui::Guard', ExtraSelfUnregisteringFunctions: 'ui::Bus::listen_weak', ExtraContextRegistrations: 'ui::Bus::listen_with', ExtraContextTypes: 'ui::Context', ExtraTrackableBases: 'ui::Tracked'}}" -- -std=c++20
// RUN: %check_asynclint_plugin --check-suffix=EXTRA %s events-unmatched-registration %t -- -config="{CheckOptions: {events-unmatched-registration.ExtraRegistrationPairs: 'ui::Bus::listen=ui::Bus::forget;ui::Bus::listen_weak=;ui::Bus::listen_with=;ui::Bus::guarded=;ui::Bus::bind=', ExtraRaiiHandleTypes: 'ui::Guard', ExtraSelfUnregisteringFunctions: 'ui::Bus::listen_weak', ExtraContextRegistrations: 'ui::Bus::listen_with', ExtraContextTypes: 'ui::Context', ExtraTrackableBases: 'ui::Tracked'}}" -- -std=c++20
// RUN: %check_asynclint --check-suffix=REPLACED %s events-unmatched-registration %t -- -config="{CheckOptions: {RegistrationPairs: 'ui::Bus::listen=ui::Bus::forget;ui::Bus::listen_weak=;ui::Bus::listen_with=;ui::Bus::guarded=;ui::Bus::bind=', RaiiHandleTypes: '', SelfUnregisteringFunctions: '', ContextRegistrations: '', ContextTypes: '', TrackableBases: ''}}" -- -std=c++20
// RUN: %check_asynclint_plugin --check-suffix=REPLACED %s events-unmatched-registration %t -- -config="{CheckOptions: {RegistrationPairs: 'ui::Bus::listen=ui::Bus::forget;ui::Bus::listen_weak=;ui::Bus::listen_with=;ui::Bus::guarded=;ui::Bus::bind=', RaiiHandleTypes: '', SelfUnregisteringFunctions: '', ContextRegistrations: '', ContextTypes: '', TrackableBases: ''}}" -- -std=c++20

#include <functional>

namespace ui {
struct Context {};
struct Tracked {};
struct Guard {
  ~Guard();
};
struct Bus {
  void listen(std::function<void()> f);
  void forget();
  void listen_weak(std::function<void()> f);
  void listen_with(Context *c, std::function<void()> f);
  Guard guarded(std::function<void()> f);
  void bind(Tracked *t);
  void subscribe(std::function<void()> f);
};
} // namespace ui

// ExtraRegistrationPairs: listen is a registration only with the option.
struct A {
  explicit A(ui::Bus &bus) { bus.listen([this] { ++n; }); }
  // CHECK-MESSAGES-EXTRA: :[[@LINE-1]]:34: warning: 'listen' registers a handler that uses 'this' and no member function of 'A' undoes it [events-unmatched-registration]
  // CHECK-MESSAGES-REPLACED: :[[@LINE-2]]:34: warning: 'listen' registers a handler that uses 'this' and no member function of 'A' undoes it [events-unmatched-registration]
  int n = 0;
};
// ... and forget undoes it.
struct AFixed {
  explicit AFixed(ui::Bus &bus) : bus(bus) { bus.listen([this] { ++n; }); }
  ~AFixed() { bus.forget(); }
  ui::Bus &bus;
  int n = 0;
};

// RegistrationPairs replaced: the built-in '*::subscribe' row is gone.
struct B {
  explicit B(ui::Bus &bus) { bus.subscribe([this] { ++n; }); }
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: 'subscribe' registers a handler that uses 'this' and no member function of 'B' undoes it [events-unmatched-registration]
  // CHECK-MESSAGES-EXTRA: :[[@LINE-2]]:34: warning: 'subscribe' registers a handler that uses 'this' and no member function of 'B' undoes it [events-unmatched-registration]
  int n = 0;
};

// SelfUnregisteringFunctions.
struct C {
  explicit C(ui::Bus &bus) { bus.listen_weak([this] { ++n; }); }
  // CHECK-MESSAGES-REPLACED: :[[@LINE-1]]:34: warning: 'listen_weak' registers a handler that uses 'this' and no member function of 'C' undoes it [events-unmatched-registration]
  int n = 0;
};

// ContextRegistrations and ContextTypes.
struct D {
  D(ui::Bus &bus, ui::Context *ctx) { bus.listen_with(ctx, [this] { ++n; }); }
  // CHECK-MESSAGES-REPLACED: :[[@LINE-1]]:43: warning: 'listen_with' registers a handler that uses 'this' and no member function of 'D' undoes it [events-unmatched-registration]
  int n = 0;
};

// RaiiHandleTypes: a Guard member undoes it.
struct E {
  explicit E(ui::Bus &bus) : g(bus.guarded([this] { ++n; })) {}
  // CHECK-MESSAGES-REPLACED: :[[@LINE-1]]:36: warning: 'guarded' registers a handler that uses 'this' and no member function of 'E' undoes it [events-unmatched-registration]
  ui::Guard g;
  int n = 0;
};

// TrackableBases: the object is passed directly, the library tracks it.
struct F : ui::Tracked {
  explicit F(ui::Bus &bus) { bus.bind(this); }
  // CHECK-MESSAGES-REPLACED: :[[@LINE-1]]:34: warning: 'bind' registers a handler that uses 'this' and no member function of 'F' undoes it [events-unmatched-registration]
};
