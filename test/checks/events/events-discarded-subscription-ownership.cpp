// RUN: %check_asynclint %s events-discarded-subscription %t -- -- -std=c++17
// RUN: %check_asynclint_plugin %s events-discarded-subscription %t -- -- -std=c++17
// A source reached through an accessor of something the object owns by
// value dies with the object: a by-value proxy of a member widget (gtkmm's
// `event_box_.signal_button_press_event()`), a reference to a by-value
// member (`property().valueChanged`), the object itself. An accessor that
// returns another object (a pointer member, a reference through one) does
// not, and neither does one whose body cannot be read that returns a
// reference.

#include <functional>

namespace Glib {
struct Connection {
  void disconnect();
};
template <class T> class SignalProxy {
public:
  Connection connect(std::function<T> slot, bool after = true);
};
} // namespace Glib

namespace Gtk {
class EventBox {
public:
  Glib::SignalProxy<bool()> signal_button_press_event(); // in the library
};
} // namespace Gtk

template <class... A> class Signal {
public:
  int connect(std::function<void(A...)> slot);
  void disconnect(int id);
};

struct Property {
  Signal<int> valueChanged;
};

struct Bus {
  Signal<> tick;
};

class Settings {
public:
  Property &level(); // elsewhere: which object, unknown
};

class Window {
public:
  Window(Bus *bus, Settings &settings) : bus_(bus), settings_(settings) {
    event_box_.signal_button_press_event().connect([this] { return clicked(); });
    property().valueChanged.connect([this](int v) { value_ = v; });
    self().property_.valueChanged.connect([this](int v) { value_ = -v; });
    busRef().tick.connect([this] { ++ticks_; });
    // CHECK-NOTES: :[[@LINE-1]]:19: warning: handle returned by 'connect' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
    // CHECK-NOTES: :[[@LINE-8]]:7: note: 'Window' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'busRef().tick' ('Signal<>') is not owned by 'Window' and may outlive it
    // CHECK-NOTES: :[[@LINE-4]]:19: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
    settings_.level().valueChanged.connect([this](int v) { value_ = v; });
    // CHECK-NOTES: :[[@LINE-1]]:36: warning: handle returned by 'connect' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
    // CHECK-NOTES: :[[@LINE-13]]:7: note: 'Window' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'settings_.level().valueChanged' ('Signal<int>') is not owned by 'Window' and may outlive it
    // CHECK-NOTES: :[[@LINE-4]]:36: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  }

  Property &property() { return property_; }
  Window &self() { return *this; }
  Bus &busRef() { return *bus_; }

private:
  bool clicked();
  Gtk::EventBox event_box_;
  Property property_;
  Bus *bus_;
  Settings &settings_;
  int value_ = 0, ticks_ = 0;
};
