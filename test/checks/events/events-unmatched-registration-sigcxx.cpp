// REQUIRES: sigcxx3
// RUN: %check_asynclint %s events-unmatched-registration %t -- -- -std=c++17 -I/usr/include/sigc++-3.0 -I/usr/lib/x86_64-linux-gnu/sigc++-3.0/include
// RUN: %check_asynclint_plugin %s events-unmatched-registration %t -- -- -std=c++17 -I/usr/include/sigc++-3.0 -I/usr/lib/x86_64-linux-gnu/sigc++-3.0/include

#include <sigc++/sigc++.h>

// A lambda hides the object from sigc::trackable: still reported.
class Label : public sigc::trackable {
public:
  explicit Label(sigc::signal<void(int)> &changed) {
    conn_ = changed.connect([this](int v) { text_ = v; });
    // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'connect' registers a handler that uses 'this' and no member function of 'Label' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'Label' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:13: note: the source 'changed' ('sigc::signal<void (int)>') is not owned by 'Label' and may outlive it
  }

private:
  sigc::connection conn_;
  int text_ = 0;
};

// The destructor clears another signal: this one's handler stays.
class Clears {
public:
  Clears(sigc::signal<void(int)> &changed, sigc::signal<void(int)> &other)
      : changed_(changed), other_(other) {
    conn_ = changed_.connect([this](int v) { n_ = v; });
    // CHECK-NOTES: :[[@LINE-1]]:22: warning: 'connect' registers a handler that uses 'this' and no member function of 'Clears' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE+3]]:3: note: 'Clears' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:13: note: the source 'changed_' ('sigc::signal<void (int)>') is not owned by 'Clears' and may outlive it
  }
  ~Clears() { other_.clear(); }

private:
  sigc::connection conn_;
  sigc::signal<void(int)> &changed_, &other_;
  int n_ = 0;
};

// Correct code: nothing below may warn.

// Fixed by clearing the same signal in the destructor.
class ClearsSame {
public:
  explicit ClearsSame(sigc::signal<void(int)> &changed) : changed_(changed) {
    conn_ = changed_.connect([this](int v) { n_ = v; });
  }
  ~ClearsSame() { changed_.clear(); }

private:
  sigc::connection conn_;
  sigc::signal<void(int)> &changed_;
  int n_ = 0;
};

// Fixed: disconnected in the destructor.
class LabelFixed {
public:
  explicit LabelFixed(sigc::signal<void(int)> &changed) {
    conn_ = changed.connect([this](int v) { text_ = v; });
  }
  ~LabelFixed() { conn_.disconnect(); }

private:
  sigc::connection conn_;
  int text_ = 0;
};

// sigc::mem_fun on a sigc::trackable: disconnected when the object dies.
class TrackedLabel : public sigc::trackable {
public:
  explicit TrackedLabel(sigc::signal<void(int)> &changed) {
    changed.connect(sigc::mem_fun(*this, &TrackedLabel::set));
  }
  void set(int v) { text_ = v; }

private:
  int text_ = 0;
};

// sigc::track_obj ties a lambda to a trackable.
class TrackObj : public sigc::trackable {
public:
  explicit TrackObj(sigc::signal<void(int)> &changed) {
    changed.connect(sigc::track_obj([this](int v) { text_ = v; }, *this));
  }

private:
  int text_ = 0;
};
