// RUN: %check_asynclint %s events-unmatched-registration %t -- -- -std=c++20 -I %S/Inputs/events-unmatched-registration -I %runtime_include
// RUN: %check_asynclint_plugin %s events-unmatched-registration %t -- -- -std=c++20 -I %S/Inputs/events-unmatched-registration -I %runtime_include

#include "home_grown.h"

#include <asynclint/annotations.hpp>

// Seed-style RegisterFor<TEvent>: registered in the constructor, never undone.
class SaveLogger {
public:
  explicit SaveLogger(EventDistributor &events) : events_(events) {
    events_.RegisterFor<Saved>(this, &SaveLogger::onSaved);
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'RegisterFor' registers a handler that uses 'this' and no member function of 'SaveLogger' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE+5]]:3: note: 'SaveLogger' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'events_' ('EventDistributor') is not owned by 'SaveLogger' and may outlive it
  }
  void onSaved(const Saved &) {}

  ~SaveLogger() {}

private:
  EventDistributor &events_;
};

// Fixed: the destructor undoes it.
class SaveLoggerFixed {
public:
  explicit SaveLoggerFixed(EventDistributor &events) : events_(events) {
    events_.RegisterFor<Saved>(this, &SaveLoggerFixed::onSaved);
  }
  ~SaveLoggerFixed() { events_.UnRegisterFor<Saved>(this); }
  void onSaved(const Saved &) {}

private:
  EventDistributor &events_;
};

// Observer passing `this` as the listener.
class View : public Listener {
public:
  explicit View(Model *model) : model_(model) {
    model_->addListener(this);
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'addListener' registers a handler that uses 'this' and no member function of 'View' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'View' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'model_' ('Model') is not owned by 'View' and may outlive it
  }
  void onChanged(int) override {}

private:
  Model *model_;
};

// Fixed: undone in another member function the destructor calls.
class ViewFixed : public Listener {
public:
  explicit ViewFixed(Model *model) : model_(model) { model_->addListener(this); }
  ~ViewFixed() { detach(); }
  void onChanged(int) override {}

private:
  void detach() { model_->removeListener(this); }
  Model *model_;
};

// A token kept in a member but never passed to unsubscribe.
class Counter {
public:
  explicit Counter(EventBus &bus) : bus_(bus) {
    token_ = bus_.subscribe<Saved>([this](const Saved &) { ++count_; });
    // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'subscribe' registers a handler that uses 'this' and no member function of 'Counter' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'Counter' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:14: note: the source 'bus_' ('EventBus') is not owned by 'Counter' and may outlive it
  }

private:
  EventBus &bus_;
  EventBus::Token token_ = 0;
  int count_ = 0;
};

// Fixed: the destructor passes the token back.
class CounterFixed {
public:
  explicit CounterFixed(EventBus &bus)
      : bus_(bus), token_(bus.subscribe<Saved>([this](const Saved &) { ++count_; })) {}
  ~CounterFixed() { bus_.unsubscribe(token_); }

private:
  EventBus &bus_;
  EventBus::Token token_;
  int count_ = 0;
};

// [=] and [&] that use `this` hold it too.
class DefaultCaptures {
public:
  void start(Model &model) {
    model.addObserver([=](int v) { last_ = v; });
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'addObserver' registers a handler that uses 'this' and no member function of 'DefaultCaptures' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'DefaultCaptures' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'model' ('Model') is not owned by 'DefaultCaptures' and may outlive it
  }

private:
  int last_ = 0;
};

// An API known only by its annotations.
class ASYNCLINT_RAII_HANDLE Hook {
public:
  ~Hook();
};
class Annotated {
public:
  ASYNCLINT_REGISTERS(drop) int add(ASYNCLINT_HANDLER std::function<void()> fn, int priority);
  ASYNCLINT_UNREGISTERS void drop(int id);
  ASYNCLINT_REGISTERS(drop) Hook hook(ASYNCLINT_HANDLER std::function<void()> fn);
};
class UsesAnnotated {
public:
  explicit UsesAnnotated(Annotated &a) : a_(a) {
    id_ = a.add([this] { tick(); }, 1);
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'add' registers a handler that uses 'this' and no member function of 'UsesAnnotated' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'UsesAnnotated' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:11: note: the source 'a' ('Annotated') is not owned by 'UsesAnnotated' and may outlive it
  }
  void tick() {}

private:
  Annotated &a_;
  int id_;
};
class UsesAnnotatedFixed {
public:
  explicit UsesAnnotatedFixed(Annotated &a) : a_(a) { id_ = a.add([this] { tick(); }, 1); }
  ~UsesAnnotatedFixed() { a_.drop(id_); }
  void tick() {}

private:
  Annotated &a_;
  int id_;
};
class UsesAnnotatedHandle {
public:
  explicit UsesAnnotatedHandle(Annotated &a) : hook_(a.hook([this] { tick(); })) {}
  void tick() {}

private:
  Hook hook_; // destroying it unregisters
};

// Correct code: nothing below may warn.

// The source is owned by value: it dies with the object.
class OwnsItsModel : public Listener {
public:
  OwnsItsModel() { model_.addListener(this); }
  void onChanged(int) override {}

private:
  Model model_;
};

// Handlers that hold nothing that can die.
void log_saved(const Saved &);
class Stateless {
public:
  explicit Stateless(EventBus &bus, Model &model) {
    token_ = bus.subscribe<Saved>(&log_saved);
    int base = 3;
    model.addObserver([base](int v) { (void)(v + base); });
  }

private:
  EventBus::Token token_;
};

// The handle is handed to the caller, who owns the registration.
class Factory {
public:
  EventBus::Token listen(EventBus &bus) {
    return bus.subscribe<Saved>([this](const Saved &) { ++n_; });
  }

private:
  int n_ = 0;
};

// The stored std::function is the one that is removed.
class SameFunction {
public:
  explicit SameFunction(Model &m) : m_(m), handler_([this](int) { ++n_; }) { m_.addObserver(handler_); }
  ~SameFunction() { m_.removeObserver(handler_); }

private:
  Model &m_;
  std::function<void(int)> handler_;
  int n_ = 0;
};

// Registration outside any class: not this check's business.
void free_function(Model &m) { m.addObserver([](int) {}); }

// What a handler argument holds of the object: a member listener bound to a
// reference, a callable member, a pointer into the object ...
struct Hub {
  void addListener(Listener &l);
  void attach(int *counter);
  void subscribe(const std::string &topic);
  void connect(int port);
};
class Members {
public:
  explicit Members(Hub &hub) {
    hub.addListener(impl_);
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'addListener' registers a handler that uses 'this' and no member function of 'Members' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'Members' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'hub' ('Hub') is not owned by 'Members' and may outlive it
    hub.attach(&count_);
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'attach' registers a handler that uses 'this' and no member function of 'Members' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-9]]:7: note: 'Members' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'hub' ('Hub') is not owned by 'Members' and may outlive it
  }

private:
  struct Impl : Listener {
    void onChanged(int) override {}
  } impl_;
  int count_ = 0;
};

// ... but member values passed by value or read through a const reference
// are copies: the source holds nothing of the object.
class Values {
public:
  explicit Values(Hub &hub) : hub_(hub) {
    hub_.subscribe(topic_);
    hub_.subscribe(topic());
    hub_.connect(port_);
    hub_.attach(nullptr);
  }
  std::string topic() const { return topic_; }

private:
  Hub &hub_;
  std::string topic_ = "saved";
  int port_ = 80;
};
