#include "panel.h"

Panel::Panel(Bus &bus) : bus_(bus) { bus_.addListener([this] { refresh(); }); }

Leaky::Leaky(Bus &bus) : bus_(bus) { bus_.addListener([this] { refresh(); }); }
