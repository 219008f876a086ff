#include "pool.h"

int broken() { return undeclared_function(); }
