void blocking_wait() {}
void blocking_local() {}
void user() { blocking_local(); }
