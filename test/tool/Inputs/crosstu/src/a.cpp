void blocking_wait();
void local_helper() {}

void task() {
  local_helper();
  blocking_wait();
}

void quiet_task() {
  blocking_wait(); // NOLINT(asynclinttest-cross-tu)
}

void next_line_task() {
  // NOLINTNEXTLINE(asynclinttest-cross-tu)
  blocking_wait();
}

void block_task() {
  // NOLINTBEGIN(asynclinttest-*)
  blocking_wait();
  blocking_wait();
  // NOLINTEND(asynclinttest-*)
}

void other_check_task() {
  blocking_wait(); // NOLINT(async-blocking-wait-in-pool)
}
