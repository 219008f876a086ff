// REQUIRES: sigcxx3
// RUN: %check_asynclint %s events-discarded-subscription %t -- -- -std=c++17 -I/usr/include/sigc++-3.0 -I/usr/lib/x86_64-linux-gnu/sigc++-3.0/include
// RUN: %check_asynclint_plugin %s events-discarded-subscription %t -- -- -std=c++17 -I/usr/include/sigc++-3.0 -I/usr/lib/x86_64-linux-gnu/sigc++-3.0/include
// Against the real libsigc++ 3 headers. A dropped connection cannot be
// disconnected, unless the object clears the very signal it connected to:
// that removes every handler without the handle.

#include <sigc++/sigc++.h>

// The destructor clears another signal: the dropped handle was needed.
class ClearsOther {
public:
  ClearsOther(sigc::signal<void(int)> &changed, sigc::signal<void(int)> &other)
      : changed_(changed), other_(other) {
    changed_.connect([this](int v) { n_ = v; });
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: handle returned by 'connect' is discarded, so the handler that uses 'this' can never be unregistered [events-discarded-subscription]
    // CHECK-NOTES: :[[@LINE-6]]:7: note: 'ClearsOther' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'changed_' ('sigc::signal<void (int)>') is not owned by 'ClearsOther' and may outlive it
    // CHECK-NOTES: :[[@LINE-4]]:14: note: keep the returned handle (in a member, or an RAII handle type) and unregister with it before the handler's state is destroyed
  }
  ~ClearsOther() { other_.clear(); }

private:
  sigc::signal<void(int)> &changed_, &other_;
  int n_ = 0;
};

// Correct code: nothing below may warn.

// The destructor clears the signal it connected to.
class ClearsSame {
public:
  explicit ClearsSame(sigc::signal<void(int)> &changed) : changed_(changed) {
    changed_.connect([this](int v) { n_ = v; });
  }
  ~ClearsSame() { changed_.clear(); }

private:
  sigc::signal<void(int)> &changed_;
  int n_ = 0;
};
