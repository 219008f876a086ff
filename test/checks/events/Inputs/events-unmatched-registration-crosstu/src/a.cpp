#include "panel.h"

Panel::Panel(Bus &bus) : bus_(bus) { bus_.addListener([this] { refresh(); }); }

Leaky::Leaky(Bus &bus) : bus_(bus) { bus_.addListener([this] { refresh(); }); }

Watcher::Watcher(Subject &subject) : subject_(subject) { subject_.attach(this); }

Forgetful::Forgetful(Subject &subject) : subject_(subject) { subject_.attach(this); }
