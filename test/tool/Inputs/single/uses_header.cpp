#include "header_task.h"
int user() { return 0; }
