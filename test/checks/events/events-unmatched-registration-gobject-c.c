// REQUIRES: glib
// RUN: %check_asynclint %s events-unmatched-registration %t -- -- -std=gnu11 -I/usr/include/glib-2.0 -I/usr/lib/x86_64-linux-gnu/glib-2.0/include
// RUN: %check_asynclint_plugin %s events-unmatched-registration %t -- -- -std=gnu11 -I/usr/include/glib-2.0 -I/usr/lib/x86_64-linux-gnu/glib-2.0/include
// GObject in C, against the real GLib headers. An instance function
// (`self` a pointer to an instance struct whose first member is its parent
// instance, down to GObject) that connects with `self` as user data to a
// source the instance does not own registers the instance; the undo must be
// in a function of the same type (dispose, finalize), on the same source or
// with the same handler id.

#include <glib-object.h>

/* A widget-like base: an instance of a context type destroys its
   children with itself (GtkWidget in GTK). */
typedef struct _GtkWidget {
  GInitiallyUnowned parent_instance;
} GtkWidget;
typedef struct _GtkWidgetClass {
  GInitiallyUnownedClass parent_class;
} GtkWidgetClass;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GtkWidget, g_object_unref)

static void on_changed(GObject *object, GParamSpec *pspec, gpointer data) {}
static gboolean on_tick(gpointer data) { return G_SOURCE_CONTINUE; }

/* Connects to a model it is given and never disconnects: after the viewer
   is finalized, a notify calls on_changed with a dangling `self`. */
G_DECLARE_FINAL_TYPE(Viewer, viewer, TEST, VIEWER, GObject)
struct _Viewer {
  GObject parent_instance;
  GObject *model;
};
G_DEFINE_TYPE(Viewer, viewer, G_TYPE_OBJECT)

static void viewer_init(Viewer *self) {}
static void viewer_class_init(ViewerClass *klass) {}

void viewer_set_model(Viewer *self, GObject *model) {
  self->model = model;
  g_signal_connect(model, "notify", G_CALLBACK(on_changed), self);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'g_signal_connect_data' registers a handler that uses 'self' and no function of 'Viewer' undoes it [events-unmatched-registration]
  // CHECK-NOTES: :[[@LINE-13]]:8: note: 'Viewer' may be finalized while the handler is still registered
  // CHECK-NOTES: :[[@LINE-3]]:3: note: disconnect it in the type's dispose or finalize function, or connect with 'g_signal_connect_object'
}

/* A timeout with `self` as data, never removed. */
G_DECLARE_FINAL_TYPE(Ticker, ticker, TEST, TICKER, GObject)
struct _Ticker {
  GObject parent_instance;
  guint tick_id;
};
G_DEFINE_TYPE(Ticker, ticker, G_TYPE_OBJECT)

static void ticker_init(Ticker *self) {
  self->tick_id = g_timeout_add(100, on_tick, self);
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'g_timeout_add' registers a handler that uses 'self' and no function of 'Ticker' undoes it [events-unmatched-registration]
  // CHECK-NOTES: :[[@LINE-9]]:8: note: 'Ticker' may be finalized while the handler is still registered
  // CHECK-NOTES: :[[@LINE-3]]:19: note: remove it by its id in the type's dispose or finalize function
}
static void ticker_class_init(TickerClass *klass) {}

/* Two sources, one undo: the dispose function disconnects from the model
   only; the settings handler leaks. */
G_DECLARE_FINAL_TYPE(Panel, panel, TEST, PANEL, GObject)
struct _Panel {
  GObject parent_instance;
  GObject *model;
  GObject *settings;
  gulong settings_id;
};
G_DEFINE_TYPE(Panel, panel, G_TYPE_OBJECT)

static void panel_dispose(GObject *object) {
  Panel *self = TEST_PANEL(object);
  if (self->model)
    g_signal_handlers_disconnect_by_func(self->model, on_changed, self);
  G_OBJECT_CLASS(panel_parent_class)->dispose(object);
}
static void panel_class_init(PanelClass *klass) {
  G_OBJECT_CLASS(klass)->dispose = panel_dispose;
}
static void panel_init(Panel *self) {}

void panel_bind(Panel *self, GObject *model, GObject *settings) {
  self->model = model;
  self->settings = settings;
  g_signal_connect(self->model, "notify", G_CALLBACK(on_changed), self);
  self->settings_id =
      g_signal_connect(self->settings, "notify", G_CALLBACK(on_changed), self);
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'g_signal_connect_data' registers a handler that uses 'self' and no function of 'Panel' undoes it [events-unmatched-registration]
  // CHECK-NOTES: :[[@LINE-26]]:8: note: 'Panel' may be finalized while the handler is still registered
  // CHECK-NOTES: :[[@LINE-3]]:7: note: disconnect it in the type's dispose or finalize function, or connect with 'g_signal_connect_object'
}

/* Correct code: nothing below may warn. */

/* Disconnected in dispose by id (g_clear_signal_handler) and the timeout
   removed (g_clear_handle_id), through GLib's macros and their locals. */
G_DECLARE_FINAL_TYPE(Watcher, watcher, TEST, WATCHER, GObject)
struct _Watcher {
  GObject parent_instance;
  GObject *model;
  gulong notify_id;
  guint tick_id;
};
G_DEFINE_TYPE(Watcher, watcher, G_TYPE_OBJECT)

static void watcher_dispose(GObject *object) {
  Watcher *self = (Watcher *)object;
  g_clear_signal_handler(&self->notify_id, self->model);
  g_clear_handle_id(&self->tick_id, g_source_remove);
  G_OBJECT_CLASS(watcher_parent_class)->dispose(object);
}
static void watcher_class_init(WatcherClass *klass) {
  G_OBJECT_CLASS(klass)->dispose = watcher_dispose;
}
static void watcher_init(Watcher *self) {}
void watcher_watch(Watcher *self, GObject *model) {
  self->model = model;
  self->notify_id =
      g_signal_connect(model, "notify", G_CALLBACK(on_changed), self);
  self->tick_id = g_timeout_add(100, on_tick, self);
}

/* Disconnected by data in finalize. */
G_DECLARE_FINAL_TYPE(Follower, follower, TEST, FOLLOWER, GObject)
struct _Follower {
  GObject parent_instance;
  GObject *leader;
};
G_DEFINE_TYPE(Follower, follower, G_TYPE_OBJECT)
static void follower_finalize(GObject *object) {
  Follower *self = TEST_FOLLOWER(object);
  g_signal_handlers_disconnect_by_data(self->leader, self);
  G_OBJECT_CLASS(follower_parent_class)->finalize(object);
}
static void follower_class_init(FollowerClass *klass) {
  G_OBJECT_CLASS(klass)->finalize = follower_finalize;
}
static void follower_init(Follower *self) {}
void follower_follow(Follower *self, GObject *leader) {
  self->leader = leader;
  g_signal_connect(self->leader, "notify", G_CALLBACK(on_changed), self);
}

/* Sources that die with the instance: itself, an object it creates, and
   for a widget, a child widget. g_signal_connect_object disconnects by
   itself; a reference given as data keeps the instance alive. */
G_DECLARE_FINAL_TYPE(Owner, owner, TEST, OWNER, GtkWidget)
struct _Owner {
  GtkWidget parent_instance;
  GObject *helper;
  GtkWidget *child;
};
G_DEFINE_TYPE(Owner, owner, G_TYPE_OBJECT)
static void owner_class_init(OwnerClass *klass) {}
static void owner_init(Owner *self) {
  g_signal_connect(self, "notify", G_CALLBACK(on_changed), self);
  self->helper = g_object_new(G_TYPE_OBJECT, NULL);
  g_signal_connect(self->helper, "notify", G_CALLBACK(on_changed), self);
  g_signal_connect(self->child, "notify", G_CALLBACK(on_changed), self);
}
void owner_follow(Owner *self, GObject *other) {
  g_signal_connect_object(other, "notify", G_CALLBACK(on_changed), self, 0);
  g_signal_connect(other, "notify", G_CALLBACK(on_changed),
                   g_object_ref(self));
  g_idle_add(on_tick, g_object_ref(self));
}

/* Not an instance: plain user data. */
typedef struct {
  int count;
} Counter;
void count_changes(GObject *object, Counter *counter) {
  g_signal_connect(object, "notify", G_CALLBACK(on_changed), counter);
}

/* A local assigned from a creation after its declaration (an event
   controller the widget then adopts). */
G_DECLARE_FINAL_TYPE(View, view, TEST, VIEW, GObject)
struct _View {
  GObject parent_instance;
};
G_DEFINE_TYPE(View, view, G_TYPE_OBJECT)
static void view_class_init(ViewClass *klass) {}
static void view_init(View *self) {
  GObject *controller;
  controller = g_object_new(G_TYPE_OBJECT, NULL);
  g_signal_connect(controller, "notify", G_CALLBACK(on_changed), self);
  controller = G_OBJECT(g_object_new(G_TYPE_OBJECT, NULL));
  g_signal_connect(controller, "notify", G_CALLBACK(on_changed), self);
}

/* The source and the id kept in a helper struct, disconnected by the
   container's clear function, not by a function of the type. */
typedef struct {
  GObject *model;
  gulong handler;
} Entry;
G_DECLARE_FINAL_TYPE(Joined, joined, TEST, JOINED, GObject)
struct _Joined {
  GObject parent_instance;
  GArray *entries;
};
G_DEFINE_TYPE(Joined, joined, G_TYPE_OBJECT)
static void clear_entry(gpointer data) {
  Entry *entry = data;
  g_signal_handler_disconnect(entry->model, entry->handler);
  g_clear_object(&entry->model);
}
static void joined_class_init(JoinedClass *klass) {}
static void joined_init(Joined *self) {
  self->entries = g_array_new(FALSE, FALSE, sizeof(Entry));
  g_array_set_clear_func(self->entries, clear_entry);
}
void joined_add(Joined *self, GObject *model) {
  Entry entry = {0};
  entry.model = g_object_ref(model);
  entry.handler = g_signal_connect_swapped(
      entry.model, "notify", G_CALLBACK(on_changed), self);
  g_array_append_val(self->entries, entry);
}

/* Not a function of the type: it makes the instance itself and gives it to
   a dialog it also makes (gnome-system-monitor's open-files dialog). */
GObject *make_dialog(void);
void show_dialog(void) {
  Viewer *viewer = g_object_new(viewer_get_type(), NULL);
  GObject *dialog = make_dialog();
  g_signal_connect(dialog, "notify", G_CALLBACK(on_changed), viewer);
}

/* The application object (ProcessLifetimeTypes: GApplication) outlives the
   main loop that would run its timeouts (gnome-screenshot's delayed
   shot). */
#include <gio/gio.h>
G_DECLARE_FINAL_TYPE(App, app, TEST, APP, GApplication)
struct _App {
  GApplication parent_instance;
};
G_DEFINE_TYPE(App, app, G_TYPE_APPLICATION)
static void app_class_init(AppClass *klass) {}
static void app_init(App *self) {}
void app_start_delayed(App *self) {
  g_timeout_add(100, on_tick, self);
}
