// EnTT: sink::connect<&C::f>(instance), undone by sink::disconnect (by member
// function and instance, or by instance alone), connection::release or an
// entt::scoped_connection.
// RUN: %check_asynclint %s events-unmatched-registration,events-discarded-subscription %t -- -- -std=c++20 -I %S/Inputs/events-unmatched-registration
// RUN: %check_asynclint_plugin %s events-unmatched-registration,events-discarded-subscription %t -- -- -std=c++20 -I %S/Inputs/events-unmatched-registration

#include "entt.h"

struct Hit {
  int damage;
};

// The instance is connected and never disconnected. The connection is
// dropped, but EnTT can disconnect by instance: one diagnostic, from
// events-unmatched-registration.
class Health {
public:
  explicit Health(entt::sigh<void(int)> &damaged) {
    entt::sink{damaged}.connect<&Health::take>(*this);
    // CHECK-NOTES: :[[@LINE-1]]:25: warning: 'connect' registers a handler that uses 'this' and no member function of 'Health' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'Health' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'entt::sink{damaged}' ('entt::sink<sigh<void (int), allocator<void>>>') is not owned by 'Health' and may outlive it
  }
  void take(int damage) { points_ -= damage; }

private:
  int points_ = 100;
};

// The same through a dispatcher's sink.
class Armor {
public:
  explicit Armor(entt::dispatcher &dispatcher) {
    dispatcher.sink<Hit>().connect<&Armor::absorb>(this);
    // CHECK-NOTES: :[[@LINE-1]]:28: warning: 'connect' registers a handler that uses 'this' and no member function of 'Armor' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'Armor' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'dispatcher.sink<Hit>()' ('sink<sigh<void (Hit &)>>') is not owned by 'Armor' and may outlive it
  }
  void absorb(Hit &) {}
};

// Correct code: nothing below may warn.

// Fixed: disconnected in the destructor, by member function and instance ...
class HealthFixed {
public:
  explicit HealthFixed(entt::sigh<void(int)> &damaged) : damaged_(damaged) {
    entt::sink{damaged}.connect<&HealthFixed::take>(*this);
  }
  ~HealthFixed() { entt::sink{damaged_}.disconnect<&HealthFixed::take>(*this); }
  void take(int damage) { points_ -= damage; }

private:
  entt::sigh<void(int)> &damaged_;
  int points_ = 100;
};
// ... or by instance alone.
class ArmorFixed {
public:
  explicit ArmorFixed(entt::dispatcher &dispatcher) : dispatcher_(dispatcher) {
    dispatcher.sink<Hit>().connect<&ArmorFixed::absorb>(this);
  }
  ~ArmorFixed() { dispatcher_.sink<Hit>().disconnect(this); }
  void absorb(Hit &) {}

private:
  entt::dispatcher &dispatcher_;
};

// An entt::scoped_connection member releases it.
class Shield {
public:
  explicit Shield(entt::sigh<void(int)> &damaged) {
    conn_ = entt::sink{damaged}.connect<&Shield::take>(*this);
  }
  void take(int) {}

private:
  entt::scoped_connection conn_;
};

// The signal is owned by value: it dies with the object.
class Emitter {
public:
  Emitter() { entt::sink{changed_}.connect<&Emitter::on_changed>(*this); }
  void on_changed(int) {}

private:
  entt::sigh<void(int)> changed_;
};

// A free function holds nothing that can die.
void log_damage(int);
void install(entt::sigh<void(int)> &damaged) { entt::sink{damaged}.connect<&log_damage>(); }
