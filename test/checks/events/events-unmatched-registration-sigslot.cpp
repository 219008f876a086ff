// sigslot (palacaze/sigslot): connect returns a connection; disconnect by
// callable, by object or through the connection; scoped_connection and the
// observer base undo it automatically.
// RUN: %check_asynclint %s events-unmatched-registration,events-discarded-subscription %t -- -- -std=c++20 -I %S/Inputs/events-unmatched-registration
// RUN: %check_asynclint_plugin %s events-unmatched-registration,events-discarded-subscription %t -- -- -std=c++20 -I %S/Inputs/events-unmatched-registration

#include "sigslot.h"

#include <vector>

// A lambda capturing this, connection dropped.
class Led {
public:
  explicit Led(sigslot::signal<bool> &power) {
    power.connect([this](bool on) { lit_ = on; });
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: handle returned by 'connect' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'Led' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'power' ('sigslot::signal<bool>') is not owned by 'Led' and may outlive it
    // CHECK-NOTES: :[[@LINE-4]]:11: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  }

private:
  bool lit_ = false;
};

// A member function with its object: sigslot could disconnect by object,
// but nothing does.
class Fan {
public:
  explicit Fan(sigslot::signal<bool> &power) { power.connect(&Fan::set, this); }
  // CHECK-NOTES: :[[@LINE-1]]:54: warning: 'connect' registers a handler that uses 'this' and no member function of 'Fan' undoes it [events-unmatched-registration]
  // CHECK-NOTES: :[[@LINE-4]]:7: note: 'Fan' may be destroyed while the handler is still registered
  // CHECK-NOTES: :[[@LINE-3]]:48: note: the source 'power' ('sigslot::signal<bool>') is not owned by 'Fan' and may outlive it
  void set(bool on) { on_ = on; }

private:
  bool on_ = false;
};

// Correct code: nothing below may warn.

// Fixed: scoped_connection members.
class LedFixed {
public:
  explicit LedFixed(sigslot::signal<bool> &power, sigslot::signal<bool> &backup)
      : conn_(power.connect([this](bool on) { lit_ = on; })) {
    more_.push_back(backup.connect([this](bool on) { lit_ = on; }));
  }

private:
  sigslot::scoped_connection conn_;
  std::vector<sigslot::scoped_connection> more_;
  bool lit_ = false;
};

// Fixed: disconnected by object in the destructor.
class FanFixed {
public:
  explicit FanFixed(sigslot::signal<bool> &power) : power_(power) { power.connect(&FanFixed::set, this); }
  ~FanFixed() { power_.disconnect(this); }
  void set(bool on) { on_ = on; }

private:
  sigslot::signal<bool> &power_;
  bool on_ = false;
};

// An observer is disconnected by the library when it dies.
class Buzzer : public sigslot::observer {
public:
  explicit Buzzer(sigslot::signal<bool> &power) { power.connect(&Buzzer::set, this); }
  void set(bool) {}
};
