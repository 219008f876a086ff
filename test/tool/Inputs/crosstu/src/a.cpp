void blocking_wait();
void local_helper() {}

void task() {
  local_helper();
  blocking_wait();
}

void quiet_task() {
  blocking_wait(); // NOLINT(asynclinttest-cross-tu)
}
