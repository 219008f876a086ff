// REQUIRES: qt5
// RUN: %check_asynclint %s events-local-capture-escapes %t -- -- -std=c++17 -fPIC -I/usr/include/x86_64-linux-gnu/qt5 -I/usr/include/x86_64-linux-gnu/qt5/QtCore
// RUN: %check_asynclint_plugin %s events-local-capture-escapes %t -- -- -std=c++17 -fPIC -I/usr/include/x86_64-linux-gnu/qt5 -I/usr/include/x86_64-linux-gnu/qt5/QtCore
// Against the real Qt5 headers. A context object removes the connection when
// it dies: that protects what dies with it (`this`), not the locals of the
// function that connects, unless the context is itself local to that
// function.

#include <QEventLoop>
#include <QObject>
#include <QTimer>

class Source : public QObject {
  Q_OBJECT
Q_SIGNALS:
  void changed(int);
};

class Widget : public QObject {
  Q_OBJECT
public:
  // `this` outlives `total`: the connection stays after count() returns.
  int count(Source *source) {
    int total = 0;
    connect(source, &Source::changed, this, [&total](int v) { total += v; });
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: handler registered with 'connect' refers to local variable 'total' and stays registered after the function returns [events-local-capture-escapes]
    // CHECK-NOTES: :[[@LINE-3]]:9: note: 'total' is destroyed when the function returns
    // CHECK-NOTES: :[[@LINE-3]]:5: note: capture 'total' by value, or undo the registration before the function returns
    // CHECK-NOTES: :[[@LINE-4]]:39: note: the handler is removed when this object is destroyed, which is after 'total' is
    return total;
  }

  // A context object local to the function dies with its locals.
  int countLocally(Source *source) {
    int total = 0;
    QObject guard;
    connect(source, &Source::changed, &guard, [&total](int v) { total += v; });
    return total;
  }

  // A local event loop as the context: the classic "wait for a signal".
  int waitForChange(Source *source) {
    int value = 0;
    QEventLoop loop;
    connect(source, &Source::changed, &loop, [&](int v) {
      value = v;
      loop.quit();
    });
    loop.exec();
    return value;
  }

  // The function runs a nested event loop until the handler has run: it
  // waits for the source before its locals die.
  int waitWithoutContext(Source *source) {
    int value = 0;
    QEventLoop loop;
    connect(source, &Source::changed, [&](int v) {
      value = v;
      loop.quit();
    });
    loop.exec();
    return value;
  }

  // A source the function deletes before returning calls nothing after.
  int deletedBeforeReturn() {
    int value = 0;
    Source *source = new Source;
    connect(source, &Source::changed, [&value](int v) { value = v; });
    Q_EMIT source->changed(1);
    delete source;
    return value;
  }
};
