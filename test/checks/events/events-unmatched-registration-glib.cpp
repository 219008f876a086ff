// REQUIRES: glib
// RUN: %check_asynclint %s events-discarded-subscription,events-unmatched-registration %t -- -- -std=c++17 -I/usr/include/glib-2.0 -I/usr/lib/x86_64-linux-gnu/glib-2.0/include
// RUN: %check_asynclint_plugin %s events-discarded-subscription,events-unmatched-registration %t -- -- -std=c++17 -I/usr/include/glib-2.0 -I/usr/lib/x86_64-linux-gnu/glib-2.0/include

#include <glib-object.h>

static void on_notify(GObject *, GParamSpec *, gpointer data);

// The handler id is dropped and nothing disconnects by data either. GObject
// sees `this` as user data, so g_signal_handlers_disconnect_by_data could undo
// it without the id: this is an unmatched registration, not a discarded
// handle (one bug, one diagnostic).
class Binding {
public:
  explicit Binding(GObject *object) {
    g_signal_connect(object, "notify", G_CALLBACK(on_notify), this);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'g_signal_connect_data' registers a handler that uses 'this' and no member function of 'Binding' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'Binding' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:22: note: the source 'object' ('GObject') is not owned by 'Binding' and may outlive it
  }
  void changed() {}
};

// Fixed without keeping the id: disconnected by data.
class BindingByData {
public:
  explicit BindingByData(GObject *object) : object_(object) {
    g_signal_connect(object, "notify", G_CALLBACK(on_notify), this);
  }
  ~BindingByData() { g_signal_handlers_disconnect_by_data(object_, this); }

private:
  GObject *object_;
};

// The id is kept but never used: events-unmatched-registration.
class KeptId {
public:
  explicit KeptId(GObject *object) : object_(object) {
    id_ = g_signal_connect(object, "notify", G_CALLBACK(on_notify), this);
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'g_signal_connect_data' registers a handler that uses 'this' and no member function of 'KeptId' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'KeptId' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:28: note: the source 'object' ('GObject') is not owned by 'KeptId' and may outlive it
  }

private:
  GObject *object_;
  gulong id_;
};

// Correct code: nothing below may warn.

// Fixed: disconnected by id, or by data.
class BindingFixed {
public:
  explicit BindingFixed(GObject *object) : object_(object) {
    id_ = g_signal_connect(object, "notify", G_CALLBACK(on_notify), this);
  }
  ~BindingFixed() { g_signal_handler_disconnect(object_, id_); }

private:
  GObject *object_;
  gulong id_;
};
class ByData {
public:
  explicit ByData(GObject *object) : object_(object) {
    id_ = g_signal_connect(object, "notify", G_CALLBACK(on_notify), this);
  }
  ~ByData() { g_signal_handlers_disconnect_by_data(object_, this); }

private:
  GObject *object_;
  gulong id_;
};

// g_signal_connect_object disconnects when the gobject dies.
void follow(GObject *source, GObject *target) {
  g_signal_connect_object(source, "notify", G_CALLBACK(on_notify), target, G_CONNECT_SWAPPED);
}

// A free function with no data.
void log_changes(GObject *object) { g_signal_connect(object, "notify", G_CALLBACK(on_notify), nullptr); }
