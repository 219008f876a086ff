// REQUIRES: boost-signals2
// RUN: %check_asynclint %s events-unmatched-registration,events-discarded-subscription %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s events-unmatched-registration,events-discarded-subscription %t -- -- -std=c++20

#include <boost/signals2.hpp>

#include <memory>
#include <vector>

using Changed = boost::signals2::signal<void(int)>;

class Gauge {
public:
  explicit Gauge(Changed &changed) {
    conn_ = changed.connect([this](int v) { value_ = v; });
    // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'connect' registers a handler that uses 'this' and no member function of 'Gauge' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'Gauge' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:13: note: the source 'changed' ('Changed') is not owned by 'Gauge' and may outlive it
  }

private:
  boost::signals2::connection conn_;
  int value_ = 0;
};

class BindGauge {
public:
  explicit BindGauge(Changed &changed) {
    conn_ = changed.connect(std::bind(&BindGauge::set, this, std::placeholders::_1));
    // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'connect' registers a handler that uses 'this' and no member function of 'BindGauge' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'BindGauge' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:13: note: the source 'changed' ('Changed') is not owned by 'BindGauge' and may outlive it
  }
  void set(int v) { value_ = v; }

private:
  boost::signals2::connection conn_;
  int value_ = 0;
};

// The connection is dropped: nothing can disconnect the lambda.
class Dial {
public:
  explicit Dial(Changed &changed) {
    changed.connect([this](int v) { value_ = v; });
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: handle returned by 'connect' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'Dial' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'changed' ('Changed') is not owned by 'Dial' and may outlive it
    // CHECK-NOTES: :[[@LINE-4]]:13: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  }

private:
  int value_ = 0;
};

// Correct code: nothing below may warn.

// Fixed: the connection kept in a scoped_connection local is disconnected
// when the function returns.
class DialProbe {
public:
  void probe(Changed &changed) {
    boost::signals2::scoped_connection c = changed.connect([this](int v) { value_ = v; });
    changed(1);
  }

private:
  int value_ = 0;
};

// Fixed: disconnected in the destructor.
class GaugeFixed {
public:
  explicit GaugeFixed(Changed &changed) { conn_ = changed.connect([this](int v) { value_ = v; }); }
  ~GaugeFixed() { conn_.disconnect(); }

private:
  boost::signals2::connection conn_;
  int value_ = 0;
};

// RAII handle members, also in a vector.
class Scoped {
public:
  explicit Scoped(Changed &a, Changed &b) : first_(a.connect([this](int) { ++n_; })) {
    rest_.push_back(b.connect([this](int) { ++n_; }));
  }

private:
  boost::signals2::scoped_connection first_;
  std::vector<boost::signals2::scoped_connection> rest_;
  int n_ = 0;
};

// slot::track_foreign ties the slot to a shared owner.
class Tracked : public std::enable_shared_from_this<Tracked> {
public:
  void attach(Changed &changed) {
    changed.connect(Changed::slot_type(&Tracked::set, this, boost::placeholders::_1).track_foreign(shared_from_this()));
  }
  void set(int) {}
};

// The signal is owned by value.
class OwnsSignal {
public:
  OwnsSignal() { changed_.connect([this](int v) { value_ = v; }); }

private:
  Changed changed_;
  int value_ = 0;
};
