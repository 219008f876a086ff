// RUN: %check_asynclint %s events-local-capture-escapes %t -- -- -std=c++17
// RUN: %check_asynclint_plugin %s events-local-capture-escapes %t -- -- -std=c++17
// Found in real code (a signal/slot library's tests): two local objects wire
// their signals to each other. The signal is a member of a local, reached
// through an accessor, so it dies with the function: nothing escapes.

template <class... T> struct signal {
  template <class F, class P> int connect(F f, P p) { return 0; }
  template <class F> int connect(F f) { return 0; }
  void disconnect(int) {}
};

template <class T> class object {
public:
  signal<T> &sig() { return s; }
  signal<T> &shared_sig();
  void set_val(T v) { val = v; }

private:
  T val{};
  signal<T> s;
};

signal<int> &global_signal();

void wire_locals_together() {
  object<int> i1;
  object<int> i2;
  i1.sig().connect(&object<int>::set_val, &i2);
  i2.sig().connect(&object<int>::set_val, &i1);
}

// Still reported: an accessor whose body is not visible may return a
// longer-lived signal, and a global signal certainly outlives the function.
void escapes_into_unknown(object<int> &owner) {
  object<int> local;
  owner.sig().connect(&object<int>::set_val, &local);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: handler registered with 'connect' refers to local variable 'local' and stays registered after the function returns [events-local-capture-escapes]
  local.shared_sig().connect(&object<int>::set_val, &local);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: handler registered with 'connect' refers to local variable 'local' and stays registered after the function returns [events-local-capture-escapes]
  int hits = 0;
  global_signal().connect([&hits] { ++hits; });
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: handler registered with 'connect' refers to local variable 'hits' and stays registered after the function returns [events-local-capture-escapes]
}
