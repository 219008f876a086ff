// REQUIRES: qt5
// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++17 -I/usr/include/x86_64-linux-gnu/qt5 -I/usr/include/x86_64-linux-gnu/qt5/QtCore -I/usr/include/x86_64-linux-gnu/qt5/QtConcurrent -fPIC
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++17 -I/usr/include/x86_64-linux-gnu/qt5 -I/usr/include/x86_64-linux-gnu/qt5/QtCore -I/usr/include/x86_64-linux-gnu/qt5/QtConcurrent -fPIC
// Against the real Qt5 QtConcurrent headers.

#include <QtConcurrent/QtConcurrent>
#include <QThreadPool>

void bad(QFuture<int> other) {
  QtConcurrent::run([other]() mutable { other.waitForFinished(); });
  // CHECK-NOTES: :[[@LINE-1]]:47: warning: task running on a thread pool blocks the worker in call to 'QFuture::waitForFinished' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
  QFuture<int> a = QtConcurrent::run([] { return 1; });
  QtConcurrent::run([a] { return a.result(); });
  // CHECK-NOTES: :[[@LINE-1]]:36: warning: task running on a thread pool blocks the worker in call to 'QFuture::result' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: task submitted here
}

// The fix: wait from the thread that started the work, not from a task.
int good() {
  QFuture<int> a = QtConcurrent::run([] { return 1; });
  QtConcurrent::run([] { return 2; });
  return a.result();
}
