// RUN: %check_asynclint %s events-unmatched-registration %t -- -- -std=c++17
// RUN: %check_asynclint_plugin %s events-unmatched-registration %t -- -- -std=c++17
// An undo counts for a registration only when its shape can be that
// registration's: the same handle member, the same source, the same member
// function. A destructor that disconnects the mouse handler does not undo
// the keyboard handler. Where the shape is not resolved (a loop over a
// container of handles, a source given as a parameter) any undo of the
// right API still counts.

#include <functional>
#include <vector>

template <class... A> class Signal {
public:
  struct Connection {
    void disconnect();
  };
  Connection connect(std::function<void(A...)> slot);
};

class Input {
public:
  Signal<int> &keyDown();
  Signal<int> &mouseDown();
};

class Game {
public:
  explicit Game(Input &input) {
    mouse_ = input.mouseDown().connect([this](int b) { click(b); });
    key_ = input.keyDown().connect([this](int k) { press(k); });
    // CHECK-NOTES: :[[@LINE-1]]:28: warning: 'connect' registers a handler that uses 'this' and no member function of 'Game' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE+5]]:3: note: 'Game' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:12: note: the source 'input.keyDown()' ('Signal<int>') is not owned by 'Game' and may outlive it
    // CHECK-NOTES: :[[@LINE+8]]:35: note: the handle is kept in 'key_' of type 'Signal<int>::Connection', which is not known to undo the registration when destroyed; if it does, add it to RaiiHandleTypes or mark it ASYNCLINT_RAII_HANDLE
  }
  // Only the mouse handler is undone.
  ~Game() { mouse_.disconnect(); }

private:
  void click(int) {}
  void press(int) {}
  Signal<int>::Connection mouse_, key_;
};

class Tidy {
public:
  explicit Tidy(Input &input) {
    mouse_ = input.mouseDown().connect([this](int b) { click(b); });
    key_ = input.keyDown().connect([this](int k) { press(k); });
  }
  ~Tidy() {
    mouse_.disconnect();
    key_.disconnect();
  }

private:
  void click(int) {}
  void press(int) {}
  Signal<int>::Connection mouse_, key_;
};

// Handles kept in a container and undone in a loop: not resolved, counts.
class Batch {
public:
  explicit Batch(Input &input) {
    connections_.push_back(input.mouseDown().connect([this](int b) { n_ += b; }));
    connections_.push_back(input.keyDown().connect([this](int k) { n_ += k; }));
  }
  ~Batch() {
    for (auto &c : connections_)
      c.disconnect();
  }

private:
  std::vector<Signal<int>::Connection> connections_;
  int n_ = 0;
};

// Undo by source: a listener list per device, removal by the listener.
class Device {
public:
  void addListener(std::function<void()> listener);
  void removeListener(std::function<void()> listener);
};

class Recorder {
public:
  Recorder(Device *mouse, Device *keyboard) : mouse_(mouse), keyboard_(keyboard) {
    mouse_->addListener([this] { ++events_; });
    keyboard_->addListener([this] { ++events_; });
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'addListener' registers a handler that uses 'this' and no member function of 'Recorder' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE+3]]:3: note: 'Recorder' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'keyboard_' ('Device') is not owned by 'Recorder' and may outlive it
  }
  ~Recorder() { mouse_->removeListener(nullptr); }

private:
  Device *mouse_;
  Device *keyboard_;
  int events_ = 0;
};

// The source given as a parameter: not resolved, the undo counts.
class Follower {
public:
  Follower(Device *device) : device_(device) {
    device->addListener([this] { ++events_; });
  }
  ~Follower() { device_->removeListener(nullptr); }

private:
  Device *device_;
  int events_ = 0;
};
