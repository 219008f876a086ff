#include "watcher.h"

Watcher *make_a(Source *source) { return new Watcher(source); }

// One in the TU's own file too.
class Other : public QObject {
public:
  explicit Other(Source *source) {
    connect(source, &Source::changed, [this](int v) { last_ = v; });
  }

private:
  int last_ = 0;
};

Other *make_other(Source *source) { return new Other(source); }
