#include "watcher.h"

Watcher *make_b(Source *source) { return new Watcher(source); }
