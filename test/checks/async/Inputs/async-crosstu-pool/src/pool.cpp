#include "jobs.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace {
struct State {
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::function<void()>> chores;
};
} // namespace

namespace farm {
static State state;
static std::vector<std::function<void()>> recipes;

class Hands {
public:
  Hands() {
    for (int i = 0; i < 4; ++i)
      workers_.emplace_back([this] { Work(); });
  }
  void Put(std::function<void()> chore) {
    std::lock_guard<std::mutex> lock(mutex_);
    chores_.push_back(std::move(chore));
    wake_.notify_one();
  }

private:
  void Work() {
    for (;;) {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return !chores_.empty(); });
      auto chore = std::move(chores_.front());
      chores_.pop_front();
      lock.unlock();
      chore();
    }
  }
  std::vector<std::thread> workers_;
  std::deque<std::function<void()>> chores_;
  std::mutex mutex_;
  std::condition_variable wake_;
};

static Hands hands;

Barn::Barn() = default;
void Barn::Hand(std::function<void()> chore) { hands.Put(std::move(chore)); }
void Barn::Keep(std::function<void()> recipe) { recipes.push_back(recipe); }
} // namespace farm

void farm_perform_impl(std::function<void()> &&chore) {
  farm::hands.Put(std::move(chore));
}

// A task of the pool defined here that waits through app.cpp's wait_for.
void farm_self_check(std::future<int> &f) {
  farm::hands.Put([&f] { wait_for(f); });
}
