// REQUIRES: qt5
// RUN: %check_asynclint %s events-unmatched-registration %t -- -- -std=c++17 -fPIC -I/usr/include/x86_64-linux-gnu/qt5 -I/usr/include/x86_64-linux-gnu/qt5/QtCore -I/usr/include/x86_64-linux-gnu/qt5/QtGui -I/usr/include/x86_64-linux-gnu/qt5/QtWidgets
// RUN: %check_asynclint_plugin %s events-unmatched-registration %t -- -- -std=c++17 -fPIC -I/usr/include/x86_64-linux-gnu/qt5 -I/usr/include/x86_64-linux-gnu/qt5/QtCore -I/usr/include/x86_64-linux-gnu/qt5/QtGui -I/usr/include/x86_64-linux-gnu/qt5/QtWidgets
// Against the real Qt5 headers; events-unmatched-registration-qt6.test runs
// this file against the Qt6 headers.

#include <QMenu>
#include <QObject>
#include <QTimer>

class Source : public QObject {
  Q_OBJECT
Q_SIGNALS:
  void changed(int);
};

// The classic crash: a functor connect without a context object.
class Watcher : public QObject {
  Q_OBJECT
public:
  explicit Watcher(Source *source) {
    connect(source, &Source::changed, [this](int v) { value_ = v; });
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'connect' registers a handler that uses 'this' and no member function of 'Watcher' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-2]]:39: note: FIX-IT applied suggested code changes
    // CHECK-NOTES: :[[@LINE-7]]:7: note: 'Watcher' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-4]]:13: note: the source 'source' ('Source') is not owned by 'Watcher' and may outlive it
    // CHECK-NOTES: :[[@LINE-5]]:5: note: pass a context object so that the connection is removed when 'Watcher' is destroyed
    // CHECK-FIXES: {{^}}    connect(source, &Source::changed, this, [this](int v) { value_ = v; });{{$}}
  }

private:
  int value_ = 0;
};

// Context-less QTimer::singleShot and QMenu::addAction.
class Poller : public QObject {
  Q_OBJECT
public:
  void start(QMenu *menu) {
    QTimer::singleShot(100, [this] { poll(); });
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'singleShot' registers a handler that uses 'this' and no member function of 'Poller' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-6]]:7: note: 'Poller' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: pass a context object so that the connection is removed when 'Poller' is destroyed
    menu->addAction("Poll", [this] { poll(); });
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'addAction' registers a handler that uses 'this' and no member function of 'Poller' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-10]]:7: note: 'Poller' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'menu' ('QMenu') is not owned by 'Poller' and may outlive it
    // CHECK-NOTES: :[[@LINE-4]]:11: note: pass a context object so that the connection is removed when 'Poller' is destroyed
  }
  void poll() {}
};

// A class that declares its own signals: moc defines them, so they do not
// hide the destructor from the check.
class Relay : public QObject {
  Q_OBJECT
public:
  explicit Relay(Source *source) {
    connect(source, &Source::changed, [this](int v) { Q_EMIT forwarded(v); });
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'connect' registers a handler that uses 'this' and no member function of 'Relay' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-2]]:39: note: FIX-IT applied suggested code changes
    // CHECK-NOTES: :[[@LINE-7]]:7: note: 'Relay' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-4]]:13: note: the source 'source' ('Source') is not owned by 'Relay' and may outlive it
    // CHECK-NOTES: :[[@LINE-5]]:5: note: pass a context object so that the connection is removed when 'Relay' is destroyed
    // CHECK-FIXES: {{^}}    connect(source, &Source::changed, this, [this](int v) { Q_EMIT forwarded(v); });{{$}}
  }
Q_SIGNALS:
  void forwarded(int);
};

// Correct code: nothing below may warn.

// With a context object.
class WatcherFixed : public QObject {
  Q_OBJECT
public:
  explicit WatcherFixed(Source *source) {
    connect(source, &Source::changed, this, [this](int v) { value_ = v; });
    QTimer::singleShot(100, this, [this] { value_ = 0; });
  }

private:
  int value_ = 0;
};

// To a receiver's member slot.
class Receiver : public QObject {
  Q_OBJECT
public:
  explicit Receiver(Source *source) { connect(source, &Source::changed, this, &Receiver::take); }
  void take(int) {}
};

// The sender is owned by value.
class OwnsTimer : public QObject {
  Q_OBJECT
public:
  OwnsTimer() { connect(&timer_, &QTimer::timeout, [this] { ++ticks_; }); }

private:
  QTimer timer_;
  int ticks_ = 0;
};

// Disconnected explicitly.
class Disconnects : public QObject {
  Q_OBJECT
public:
  explicit Disconnects(Source *source) {
    conn_ = connect(source, &Source::changed, [this](int v) { value_ = v; });
  }
  ~Disconnects() { QObject::disconnect(conn_); }

private:
  QMetaObject::Connection conn_;
  int value_ = 0;
};
