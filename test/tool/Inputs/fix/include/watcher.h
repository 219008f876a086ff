#pragma once
#include <QObject>

class Source : public QObject {
  Q_OBJECT
Q_SIGNALS:
  void changed(int);
};

// A functor connect without a context object, in a header that three TUs
// include: each TU reports it and suggests the same fix-it.
class Watcher : public QObject {
public:
  explicit Watcher(Source *source) {
    connect(source, &Source::changed, [this](int v) { value_ = v; });
  }

private:
  int value_ = 0;
};
