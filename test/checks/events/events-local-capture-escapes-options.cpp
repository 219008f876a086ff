// Every catalog option: without the option the code is silent (or reported),
// with it the verdict flips. OPTS adds rows with the Extra... options,
// REPLACED replaces the built-in tables.
// RUN: %check_asynclint %s events-local-capture-escapes %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s events-local-capture-escapes %t -- -- -std=c++20
// RUN: %check_asynclint --check-suffix=OPTS %s events-local-capture-escapes %t -- -config="{CheckOptions: {ExtraRegistrationPairs: 'ui::Bus::listen=ui::Bus::forget;ui::Bus::listen_weak=;ui::Bus::listen_with=;ui::Bus::guarded=', ExtraRaiiHandleTypes: 'ui::Guard', ExtraSelfUnregisteringFunctions: 'ui::Bus::listen_weak', ExtraContextRegistrations: 'ui::Bus::listen_with', ExtraContextTypes: 'ui::Context', ExtraTrackableBases: 'ui::Tracked', ExtraWaitFunctions: 'ui::Loop::run'}}" -- -std=c++20
// RUN: %check_asynclint_plugin --check-suffix=OPTS %s events-local-capture-escapes %t -- -config="{CheckOptions: {ExtraRegistrationPairs: 'ui::Bus::listen=ui::Bus::forget;ui::Bus::listen_weak=;ui::Bus::listen_with=;ui::Bus::guarded=', ExtraRaiiHandleTypes: 'ui::Guard', ExtraSelfUnregisteringFunctions: 'ui::Bus::listen_weak', ExtraContextRegistrations: 'ui::Bus::listen_with', ExtraContextTypes: 'ui::Context', ExtraTrackableBases: 'ui::Tracked', ExtraWaitFunctions: 'ui::Loop::run'}}" -- -std=c++20
// RUN: %check_asynclint --check-suffix=REPLACED %s events-local-capture-escapes %t -- -config="{CheckOptions: {RegistrationPairs: 'ui::Bus::listen=ui::Bus::forget;ui::Bus::listen_weak=;ui::Bus::listen_with=;ui::Bus::guarded=', RaiiHandleTypes: '', SelfUnregisteringFunctions: '', ContextRegistrations: '', ContextTypes: '', TrackableBases: '', WaitFunctions: 'ui::Loop::run'}}" -- -std=c++20
// RUN: %check_asynclint_plugin --check-suffix=REPLACED %s events-local-capture-escapes %t -- -config="{CheckOptions: {RegistrationPairs: 'ui::Bus::listen=ui::Bus::forget;ui::Bus::listen_weak=;ui::Bus::listen_with=;ui::Bus::guarded=', RaiiHandleTypes: '', SelfUnregisteringFunctions: '', ContextRegistrations: '', ContextTypes: '', TrackableBases: '', WaitFunctions: 'ui::Loop::run'}}" -- -std=c++20

#include <functional>

namespace ui {
struct Context {};
struct Other {};
struct Tracked {};
struct Guard {
  ~Guard();
};
struct Bus {
  int listen(std::function<void()> f);
  void forget(int id);
  int listen_weak(std::function<void()> f);
  int listen_with(void *c, std::function<void()> f);
  Guard guarded(std::function<void()> f);
  int subscribe(std::function<void()> f);
  void unsubscribe(int id);
};
} // namespace ui

// ExtraRegistrationPairs / RegistrationPairs: listen is a registration only
// with the option.
void a(ui::Bus &bus) {
  int n = 0;
  bus.listen([&n] { ++n; });
  // CHECK-NOTES-OPTS: :[[@LINE-1]]:7: warning: handler registered with 'listen' refers to local variable 'n' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES-OPTS: :[[@LINE-3]]:7: note: 'n' is destroyed when the function returns
  // CHECK-NOTES-OPTS: :[[@LINE-3]]:7: note: capture 'n' by value, or undo the registration before the function returns
  // CHECK-NOTES-REPLACED: :[[@LINE-4]]:7: warning: handler registered with 'listen' refers to local variable 'n' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES-REPLACED: :[[@LINE-6]]:7: note: 'n' is destroyed when the function returns
  // CHECK-NOTES-REPLACED: :[[@LINE-6]]:7: note: capture 'n' by value, or undo the registration before the function returns
}
// ... and forget, the undo of the pair, before returning is the fix.
void a_fixed(ui::Bus &bus) {
  int n = 0;
  int id = bus.listen([&n] { ++n; });
  bus.forget(id);
}

// RegistrationPairs replaced: the built-in '*::subscribe' row is gone.
void b(ui::Bus &bus) {
  int n = 0;
  bus.subscribe([&n] { ++n; });
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: handler registered with 'subscribe' refers to local variable 'n' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES: :[[@LINE-3]]:7: note: 'n' is destroyed when the function returns
  // CHECK-NOTES: :[[@LINE-3]]:7: note: capture 'n' by value, or undo the registration before the function returns
  // CHECK-NOTES-OPTS: :[[@LINE-4]]:7: warning: handler registered with 'subscribe' refers to local variable 'n' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES-OPTS: :[[@LINE-6]]:7: note: 'n' is destroyed when the function returns
  // CHECK-NOTES-OPTS: :[[@LINE-6]]:7: note: capture 'n' by value, or undo the registration before the function returns
}

// (Extra)SelfUnregisteringFunctions: the library undoes listen_weak itself.
void c(ui::Bus &bus) {
  int n = 0;
  bus.listen_weak([&n] { ++n; });
  // CHECK-NOTES-REPLACED: :[[@LINE-1]]:7: warning: handler registered with 'listen_weak' refers to local variable 'n' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES-REPLACED: :[[@LINE-3]]:7: note: 'n' is destroyed when the function returns
  // CHECK-NOTES-REPLACED: :[[@LINE-3]]:7: note: capture 'n' by value, or undo the registration before the function returns
}

// (Extra)ContextRegistrations and (Extra)ContextTypes: undone when the
// context object dies, here with the locals...
void d(ui::Bus &bus) {
  int n = 0;
  ui::Context ctx;
  bus.listen_with(&ctx, [&n] { ++n; });
  // CHECK-NOTES-REPLACED: :[[@LINE-1]]:7: warning: handler registered with 'listen_with' refers to local variable 'ctx' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES-REPLACED: :[[@LINE-3]]:15: note: 'ctx' is destroyed when the function returns
  // CHECK-NOTES-REPLACED: :[[@LINE-3]]:7: note: capture 'ctx' by value, or undo the registration before the function returns
}
// ... too late when the context outlives them...
void d_outlives(ui::Bus &bus, ui::Context *ctx) {
  int n = 0;
  bus.listen_with(ctx, [&n] { ++n; });
  // CHECK-NOTES-OPTS: :[[@LINE-1]]:7: warning: handler registered with 'listen_with' refers to local variable 'n' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES-OPTS: :[[@LINE-3]]:7: note: 'n' is destroyed when the function returns
  // CHECK-NOTES-OPTS: :[[@LINE-3]]:7: note: capture 'n' by value, or undo the registration before the function returns
  // CHECK-NOTES-OPTS: :[[@LINE-4]]:19: note: the handler is removed when this object is destroyed, which is after 'n' is
  // CHECK-NOTES-REPLACED: :[[@LINE-5]]:7: warning: handler registered with 'listen_with' refers to local variable 'n' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES-REPLACED: :[[@LINE-7]]:7: note: 'n' is destroyed when the function returns
  // CHECK-NOTES-REPLACED: :[[@LINE-7]]:7: note: capture 'n' by value, or undo the registration before the function returns
}
// ... only when an argument points to one of the ContextTypes.
void d_other(ui::Bus &bus, ui::Other *other) {
  int n = 0;
  bus.listen_with(other, [&n] { ++n; });
  // CHECK-NOTES-OPTS: :[[@LINE-1]]:7: warning: handler registered with 'listen_with' refers to local variable 'n' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES-OPTS: :[[@LINE-3]]:7: note: 'n' is destroyed when the function returns
  // CHECK-NOTES-OPTS: :[[@LINE-3]]:7: note: capture 'n' by value, or undo the registration before the function returns
  // CHECK-NOTES-REPLACED: :[[@LINE-4]]:7: warning: handler registered with 'listen_with' refers to local variable 'n' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES-REPLACED: :[[@LINE-6]]:7: note: 'n' is destroyed when the function returns
  // CHECK-NOTES-REPLACED: :[[@LINE-6]]:7: note: capture 'n' by value, or undo the registration before the function returns
}

// (Extra)RaiiHandleTypes: a local Guard undoes the registration at the end of
// its scope.
void e(ui::Bus &bus) {
  int n = 0;
  ui::Guard g = bus.guarded([&n] { ++n; });
  // CHECK-NOTES-REPLACED: :[[@LINE-1]]:21: warning: handler registered with 'guarded' refers to local variable 'n' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES-REPLACED: :[[@LINE-3]]:7: note: 'n' is destroyed when the function returns
  // CHECK-NOTES-REPLACED: :[[@LINE-3]]:21: note: capture 'n' by value, or undo the registration before the function returns
}

// (Extra)WaitFunctions: a function that waits for the event after
// registering keeps its locals alive while the handler can run.
namespace ui {
struct Loop {
  void run();
};
} // namespace ui
void f(ui::Bus &bus) {
  int n = 0;
  ui::Loop loop;
  bus.subscribe([&n] { ++n; });
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: handler registered with 'subscribe' refers to local variable 'n' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES: :[[@LINE-4]]:7: note: 'n' is destroyed when the function returns
  // CHECK-NOTES: :[[@LINE-3]]:7: note: capture 'n' by value, or undo the registration before the function returns
  loop.run();
}
