#include "panel.h"

Panel::~Panel() { bus_.removeListener(); }

Leaky::~Leaky() {}

Watcher::~Watcher() { subject_.detach(this); }

Forgetful::~Forgetful() {}
