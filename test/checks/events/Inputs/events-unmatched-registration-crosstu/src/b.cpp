#include "panel.h"

Panel::~Panel() { bus_.removeListener(); }

Leaky::~Leaky() {}
