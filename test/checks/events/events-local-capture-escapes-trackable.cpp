// RUN: %check_asynclint --check-suffix=PLAIN %s events-local-capture-escapes %t -- -config="{CheckOptions: {ExtraRegistrationPairs: 'ui::Bus::bind='}}" -- -std=c++20
// RUN: %check_asynclint_plugin --check-suffix=PLAIN %s events-local-capture-escapes %t -- -config="{CheckOptions: {ExtraRegistrationPairs: 'ui::Bus::bind='}}" -- -std=c++20
// RUN: %check_asynclint --check-suffix=TRACKED %s events-local-capture-escapes %t -- -config="{CheckOptions: {ExtraRegistrationPairs: 'ui::Bus::bind=', ExtraTrackableBases: 'ui::Tracked'}}" -- -std=c++20
// RUN: %check_asynclint_plugin --check-suffix=TRACKED %s events-local-capture-escapes %t -- -config="{CheckOptions: {ExtraRegistrationPairs: 'ui::Bus::bind=', ExtraTrackableBases: 'ui::Tracked'}}" -- -std=c++20
// A local of a trackable class (TrackableBases, ExtraTrackableBases) bound
// itself as the handler is removed from the source when it dies; a lambda
// capturing it by reference is not.

#include <functional>

namespace ui {
struct Tracked {};
struct Bus {
  void bind(Tracked *target);
  void bind(std::function<void()> handler);
};
} // namespace ui

void bound_itself(ui::Bus &bus) {
  ui::Tracked t;
  bus.bind(&t);
  // CHECK-NOTES-PLAIN: :[[@LINE-1]]:7: warning: handler registered with 'bind' refers to local variable 't' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES-PLAIN: :[[@LINE-3]]:15: note: 't' is destroyed when the function returns
  // CHECK-NOTES-PLAIN: :[[@LINE-3]]:7: note: capture 't' by value, or undo the registration before the function returns
}

void captured_by_lambda(ui::Bus &bus) {
  ui::Tracked t;
  bus.bind([&t] { (void)t; });
  // CHECK-NOTES-PLAIN: :[[@LINE-1]]:7: warning: handler registered with 'bind' refers to local variable 't' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES-PLAIN: :[[@LINE-3]]:15: note: 't' is destroyed when the function returns
  // CHECK-NOTES-PLAIN: :[[@LINE-3]]:7: note: capture 't' by value, or undo the registration before the function returns
  // CHECK-NOTES-TRACKED: :[[@LINE-4]]:7: warning: handler registered with 'bind' refers to local variable 't' and stays registered after the function returns [events-local-capture-escapes]
  // CHECK-NOTES-TRACKED: :[[@LINE-6]]:15: note: 't' is destroyed when the function returns
  // CHECK-NOTES-TRACKED: :[[@LINE-6]]:7: note: capture 't' by value, or undo the registration before the function returns
}
