// Must NOT compile under -Werror=thread-safety (run.sh checks the errors):
// proves that the annotations in asynclint/annotations.hpp and the mutex
// wrapper in asynclint/detail/mutex.hpp are live under this compiler.
#include "asynclint/annotations.hpp"
#include "asynclint/detail/mutex.hpp"
#include "asynclint/event_distributor.hpp"

#include <vector>

class Inbox {
 public:
  void put(int v) { items_.push_back(v); } // error: items_ without mutex_

 private:
  asynclint::detail::Mutex mutex_;
  std::vector<int> items_ ASYNCLINT_GUARDED_BY(mutex_);
};

// error: a runtime field guarded by the channel's writer mutex
void count(asynclint::detail::events::Channel& ch) { ch.expirable = 0; }

int main() {
  Inbox inbox;
  inbox.put(1);
}
