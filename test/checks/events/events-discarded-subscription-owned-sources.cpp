// RUN: %check_asynclint %s events-discarded-subscription %t -- -- -std=c++17 -isystem %S/Inputs/events-owned-sources
// RUN: %check_asynclint_plugin %s events-discarded-subscription %t -- -- -std=c++17 -isystem %S/Inputs/events-owned-sources
// A source the object created and destroys with itself dies no later than
// the object: a shared pointer member it created (with std::make_shared, or
// through a factory whose body does) and never copies out, a unique pointer
// member, a raw pointer member it allocated and deletes, a sub-object
// reached through its own pimpl. A source local to the registering function
// dies with the call. A deliberate `(void)` discard is silent, and so is a
// singleton that is never destroyed. A source shared with others, or leaked,
// may outlive the object.

#include <functional>
#include <memory>
#include <utility>

class Bus {
public:
  int subscribe(std::function<void()> handler);
  void unsubscribe(int id);
};

std::shared_ptr<Bus> getInstance() { return std::make_shared<Bus>(); }
std::shared_ptr<Bus> sharedBus(); // elsewhere: may be shared

class OwnsShared {
public:
  OwnsShared() : bus_(std::make_shared<Bus>()), made_(getInstance()) {
    bus_->subscribe([this] { ++n_; });
    made_->subscribe([this] { ++n_; });
  }

private:
  std::shared_ptr<Bus> bus_;
  std::shared_ptr<Bus> made_;
  int n_ = 0;
};

class SharesOut {
public:
  SharesOut() : bus_(std::make_shared<Bus>()), other_(sharedBus()) {
    bus_->subscribe([this] { ++n_; });
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: handle returned by 'subscribe' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'SharesOut' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'bus_->' ('element_type') is not owned by 'SharesOut' and may outlive it
    // CHECK-NOTES: :[[@LINE-4]]:11: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
    other_->subscribe([this] { ++n_; });
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: handle returned by 'subscribe' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
    // CHECK-NOTES: :[[@LINE-10]]:7: note: 'SharesOut' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'other_->' ('element_type') is not owned by 'SharesOut' and may outlive it
    // CHECK-NOTES: :[[@LINE-4]]:13: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  }
  std::shared_ptr<Bus> bus() const { return bus_; } // a copy: shared

private:
  std::shared_ptr<Bus> bus_;
  std::shared_ptr<Bus> other_;
  int n_ = 0;
};

class OwnsRaw {
public:
  OwnsRaw() : bus_(new Bus), leaked_(new Bus) {
    bus_->subscribe([this] { ++n_; });
    leaked_->subscribe([this] { ++n_; });
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: handle returned by 'subscribe' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
    // CHECK-NOTES: :[[@LINE-6]]:7: note: 'OwnsRaw' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'leaked_' ('Bus') is not owned by 'OwnsRaw' and may outlive it
    // CHECK-NOTES: :[[@LINE-4]]:14: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  }
  ~OwnsRaw() { delete bus_; }

private:
  Bus *bus_;
  Bus *leaked_; // never deleted: may outlive the object
  int n_ = 0;
};

class Pimpl {
  struct Private {
    Bus bus;
    std::unique_ptr<Bus> owned = std::make_unique<Bus>();
  };

public:
  Pimpl() : d(std::make_unique<Private>()) {
    d->bus.subscribe([this] { ++n_; });
    d->owned->subscribe([this] { ++n_; });
    (*d).bus.subscribe([this] { ++n_; });
  }

private:
  std::unique_ptr<Private> d;
  int n_ = 0;
};

class Locals {
public:
  void run() {
    Bus bus;
    bus.subscribe([this] { ++n_; });
    auto queue = std::make_unique<Bus>();
    queue->subscribe([this] { ++n_; });
    queue.get()->subscribe([this] { ++n_; });
  }
  std::unique_ptr<Bus> handOut() {
    auto queue = std::make_unique<Bus>();
    queue->subscribe([this] { ++n_; });
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: handle returned by 'subscribe' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
    // CHECK-NOTES: :[[@LINE-13]]:7: note: 'Locals' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'queue->' ('Bus') is not owned by 'Locals' and may outlive it
    // CHECK-NOTES: :[[@LINE-4]]:12: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
    return queue; // the source outlives the call
  }

private:
  int n_ = 0;
};

class Deliberate {
public:
  explicit Deliberate(Bus &bus) { (void)bus.subscribe([this] { ++n_; }); }

private:
  int n_ = 0;
};

class Singleton {
public:
  static Singleton &instance() {
    static Singleton one;
    return one;
  }

private:
  Singleton() { sharedBus()->subscribe([this] { ++n_; }); }
  int n_ = 0;
};

class NotASingleton {
public:
  NotASingleton() { sharedBus()->subscribe([this] { ++n_; }); }
  // CHECK-NOTES: :[[@LINE-1]]:34: warning: handle returned by 'subscribe' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
  // CHECK-NOTES: :[[@LINE-4]]:7: note: 'NotASingleton' may be destroyed while the handler is still registered
  // CHECK-NOTES: :[[@LINE-3]]:21: note: the source 'sharedBus()->' ('element_type') is not owned by 'NotASingleton' and may outlive it
  // CHECK-NOTES: :[[@LINE-4]]:34: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  static NotASingleton &instance() {
    static NotASingleton one;
    return one;
  }

private:
  int n_ = 0;
};

// A widget the object creates and hands to a container of its own (a
// widget tree it owns: gtkmm's Gtk::manage, a Qt layout) dies with it; one
// it creates and leaves alone, or hands to someone else's container, may
// outlive it.
#include <gtk_stub.h>

class Dialog {
public:
  explicit Dialog(Gtk::Box &outside) {
    button_ = Gtk::manage(new Gtk::Button);
    button_->subscribe([this] { ++n_; });
    box_.pack_start(*button_);
    auto *local = Gtk::manage(new Gtk::Button);
    local->subscribe([this] { ++n_; });
    box_.pack_start(*local);
    auto *loose = new Gtk::Button;
    loose->subscribe([this] { ++n_; });
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: handle returned by 'subscribe' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
    // CHECK-NOTES: :[[@LINE-12]]:7: note: 'Dialog' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'loose' ('Gtk::Button') is not owned by 'Dialog' and may outlive it
    // CHECK-NOTES: :[[@LINE-4]]:12: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
    auto *given = Gtk::manage(new Gtk::Button);
    given->subscribe([this] { ++n_; });
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: handle returned by 'subscribe' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
    // CHECK-NOTES: :[[@LINE-18]]:7: note: 'Dialog' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'given' ('Gtk::Button') is not owned by 'Dialog' and may outlive it
    // CHECK-NOTES: :[[@LINE-4]]:12: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
    outside.pack_start(*given);
  }

private:
  Gtk::Box box_;
  Gtk::Button *button_ = nullptr;
  int n_ = 0;
};

// A helper the source creates for itself and gives itself to: the creator
// outlives it. One that anybody may construct with any bus is reported.
class Manager;
class Helper {
public:
  explicit Helper(Manager &manager);

private:
  Manager &manager_;
  int n_ = 0;
};

class Manager : public Bus {
public:
  Manager() : helper_(new Helper(*this)) {}
  ~Manager() { delete helper_; }

private:
  Helper *helper_;
};

Helper::Helper(Manager &manager) : manager_(manager) {
  manager_.subscribe([this] { ++n_; });
}

class Watcher {
public:
  explicit Watcher(Bus &bus) : bus_(bus) {
    bus_.subscribe([this] { ++n_; });
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: handle returned by 'subscribe' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'Watcher' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'bus_' ('Bus') is not owned by 'Watcher' and may outlive it
    // CHECK-NOTES: :[[@LINE-4]]:10: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  }

private:
  Bus &bus_;
  int n_ = 0;
};

Watcher *makeWatcher(Bus &bus) { return new Watcher(bus); }

// A singleton kept by a static smart pointer (an application object).
class Application {
public:
  static std::shared_ptr<Application> get() {
    static std::shared_ptr<Application> one;
    if (!one)
      one.reset(new Application);
    return one;
  }

protected:
  Application() { sharedBus()->subscribe([this] { ++n_; }); }

private:
  int n_ = 0;
};
