#include "watcher.h"

Watcher *make_c(Source *source) { return new Watcher(source); }
