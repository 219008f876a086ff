// The catalog options: the undo functions are the right-hand sides of
// (Extra)RegistrationPairs; without the option the code is silent (or
// reported), with it the verdict flips. OPTS adds rows with the Extra...
// options, REPLACED replaces the built-in tables. The other shared options
// (RaiiHandleTypes, SelfUnregisteringFunctions, ContextRegistrations,
// ContextTypes, TrackableBases and their Extra... variants) describe
// registrations and are set here to show they leave the verdict alone: an
// undo given a new lambda removes nothing, however the handler was registered.
// RUN: %check_asynclint %s events-unregister-never-matches %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s events-unregister-never-matches %t -- -- -std=c++20
// RUN: %check_asynclint --check-suffix=OPTS %s events-unregister-never-matches %t -- -config="{CheckOptions: {ExtraRegistrationPairs: 'ui::Bus::listen=ui::Bus::forget,ui::Bus::drop', ExtraRaiiHandleTypes: 'ui::Guard', ExtraSelfUnregisteringFunctions: 'ui::Bus::listen', ExtraContextRegistrations: 'ui::Bus::listen', ExtraContextTypes: 'ui::Chart', ExtraTrackableBases: 'ui::Tracked'}}" -- -std=c++20
// RUN: %check_asynclint_plugin --check-suffix=OPTS %s events-unregister-never-matches %t -- -config="{CheckOptions: {ExtraRegistrationPairs: 'ui::Bus::listen=ui::Bus::forget,ui::Bus::drop', ExtraRaiiHandleTypes: 'ui::Guard', ExtraSelfUnregisteringFunctions: 'ui::Bus::listen', ExtraContextRegistrations: 'ui::Bus::listen', ExtraContextTypes: 'ui::Chart', ExtraTrackableBases: 'ui::Tracked'}}" -- -std=c++20
// RUN: %check_asynclint --check-suffix=REPLACED %s events-unregister-never-matches %t -- -config="{CheckOptions: {RegistrationPairs: 'ui::Bus::listen=ui::Bus::forget,ui::Bus::drop', RaiiHandleTypes: '', SelfUnregisteringFunctions: '', ContextRegistrations: '', ContextTypes: '', TrackableBases: ''}}" -- -std=c++20
// RUN: %check_asynclint_plugin --check-suffix=REPLACED %s events-unregister-never-matches %t -- -config="{CheckOptions: {RegistrationPairs: 'ui::Bus::listen=ui::Bus::forget,ui::Bus::drop', RaiiHandleTypes: '', SelfUnregisteringFunctions: '', ContextRegistrations: '', ContextTypes: '', TrackableBases: ''}}" -- -std=c++20

#include <functional>

namespace ui {
struct Tracked {};
struct Guard {
  ~Guard();
};
struct Bus {
  void listen(std::function<void()> f);
  void forget(std::function<void()> f);
  void drop(std::function<void()> f);
  void subscribe(std::function<void()> f);
  void unsubscribe(std::function<void()> f);
};
} // namespace ui

// (Extra)RegistrationPairs: forget and drop undo listen only with the option.
class Chart : ui::Tracked {
public:
  explicit Chart(ui::Bus &bus) : bus(bus) { bus.listen([this] { redraw(); }); }
  ~Chart() {
    bus.forget([this] { redraw(); });
    // CHECK-NOTES-OPTS: :[[@LINE-1]]:9: warning: 'forget' is given a new lambda that never equals the registered handler, so nothing is unregistered [events-unregister-never-matches]
    // CHECK-NOTES-OPTS: :[[@LINE-6]]:7: note: 'Chart' may be destroyed while the registered handler stays registered
    // CHECK-NOTES-REPLACED: :[[@LINE-3]]:9: warning: 'forget' is given a new lambda that never equals the registered handler, so nothing is unregistered [events-unregister-never-matches]
    // CHECK-NOTES-REPLACED: :[[@LINE-8]]:7: note: 'Chart' may be destroyed while the registered handler stays registered
    // CHECK-NOTES-OPTS: :[[@LINE-7]]:49: note: the handler was registered here
    // CHECK-NOTES-OPTS: :[[@LINE-8]]:49: note: register a callable kept in a member or variable, and pass that same object to 'forget'
    // CHECK-NOTES-REPLACED: :[[@LINE-9]]:49: note: the handler was registered here
    // CHECK-NOTES-REPLACED: :[[@LINE-10]]:49: note: register a callable kept in a member or variable, and pass that same object to 'forget'
    bus.drop(std::function<void()>([this] { redraw(); }));
    // CHECK-NOTES-OPTS: :[[@LINE-1]]:9: warning: 'drop' is given a new lambda that never equals the registered handler, so nothing is unregistered [events-unregister-never-matches]
    // CHECK-NOTES-OPTS: :[[@LINE-15]]:7: note: 'Chart' may be destroyed while the registered handler stays registered
    // CHECK-NOTES-REPLACED: :[[@LINE-3]]:9: warning: 'drop' is given a new lambda that never equals the registered handler, so nothing is unregistered [events-unregister-never-matches]
    // CHECK-NOTES-REPLACED: :[[@LINE-17]]:7: note: 'Chart' may be destroyed while the registered handler stays registered
    // CHECK-NOTES-OPTS: :[[@LINE-16]]:49: note: the handler was registered here
    // CHECK-NOTES-OPTS: :[[@LINE-17]]:49: note: register a callable kept in a member or variable, and pass that same object to 'drop'
    // CHECK-NOTES-REPLACED: :[[@LINE-18]]:49: note: the handler was registered here
    // CHECK-NOTES-REPLACED: :[[@LINE-19]]:49: note: register a callable kept in a member or variable, and pass that same object to 'drop'
  }

private:
  void redraw() {}
  ui::Bus &bus;
};

// RegistrationPairs replaced: the built-in '*::unsubscribe' undo is gone.
void local(ui::Bus &bus) {
  int n = 0;
  bus.subscribe([&n] { ++n; });
  bus.unsubscribe([&n] { ++n; });
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'unsubscribe' is given a new lambda that never equals the registered handler, so nothing is unregistered [events-unregister-never-matches]
  // CHECK-NOTES: :[[@LINE-4]]:7: note: the handler registered for 'n' stays registered
  // CHECK-NOTES-OPTS: :[[@LINE-3]]:7: warning: 'unsubscribe' is given a new lambda that never equals the registered handler, so nothing is unregistered [events-unregister-never-matches]
  // CHECK-NOTES-OPTS: :[[@LINE-6]]:7: note: the handler registered for 'n' stays registered
  // CHECK-NOTES: :[[@LINE-6]]:7: note: the handler was registered here
  // CHECK-NOTES: :[[@LINE-7]]:7: note: register a callable kept in a member or variable, and pass that same object to 'unsubscribe'
  // CHECK-NOTES-OPTS: :[[@LINE-8]]:7: note: the handler was registered here
  // CHECK-NOTES-OPTS: :[[@LINE-9]]:7: note: register a callable kept in a member or variable, and pass that same object to 'unsubscribe'
}

// The fix: unregister the stored handler (a function, compared by target).
void on_saved();
void stored(ui::Bus &bus) {
  bus.listen(&on_saved);
  bus.forget(&on_saved);
  bus.subscribe(&on_saved);
  bus.unsubscribe(&on_saved);
}
