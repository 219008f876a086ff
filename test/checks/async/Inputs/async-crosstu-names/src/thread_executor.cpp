#include "exec.h"

namespace exec {
void ThreadExecutor::enqueue(Task t) { std::thread(std::move(t)).detach(); }
} // namespace exec
