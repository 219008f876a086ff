// RUN: %check_asynclint %s async-blocking-wait-in-pool %t -- -- -std=c++20
// RUN: %check_asynclint_plugin %s async-blocking-wait-in-pool %t -- -- -std=c++20
// A worker that went idle (its loop returned) is replaced by a new thread,
// and the old one joined: that join waits for no queued work. Joining the
// running worker (stop) still blocks.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

class TimerQueue {
public:
  void add(std::function<void()> timer) {
    std::unique_lock<std::mutex> lock(mutex_);
    timers_.push_back(std::move(timer));
    std::thread old = ensure_worker(lock);
    lock.unlock();
    if (old.joinable())
      old.join(); // had left its loop: not a wait on work
  }
  void restart() {
    std::thread stale = std::move(worker_);
    worker_ = std::thread([this] { loop(); });
    if (stale.joinable())
      stale.join();
  }
  void stop() {
    std::thread running = std::move(worker_);
    running.join();
  }

private:
  std::thread ensure_worker(std::unique_lock<std::mutex> &) {
    if (!idle_)
      return {};
    std::thread old_worker = std::move(worker_);
    worker_ = std::thread([this] { loop(); });
    idle_ = false;
    return old_worker;
  }
  void loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!timers_.empty()) {
      auto timer = std::move(timers_.front());
      timers_.pop_front();
      lock.unlock();
      timer();
      lock.lock();
    }
    idle_ = true;
  }
  std::deque<std::function<void()>> timers_;
  std::thread worker_;
  std::mutex mutex_;
  bool idle_ = true;
};

class Pool {
public:
  explicit Pool(int n) {
    while (n--)
      threads_.emplace_back([this] { run(); });
  }
  void submit(std::function<void()> job) {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(std::move(job));
    ready_.notify_one();
  }

private:
  void run() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [this] { return !jobs_.empty(); });
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable ready_;
};

void schedule(Pool &pool, TimerQueue &timers) {
  pool.submit([&timers] { timers.add([] {}); });
  pool.submit([&timers] { timers.restart(); });
  pool.submit([&timers] { timers.stop(); });
  // CHECK-NOTES: :[[@LINE-1]]:34: warning: task running on a worker thread of 'Pool' blocks it in call to 'TimerQueue::stop' [async-blocking-wait-in-pool]
  // CHECK-NOTES: :[[@LINE-65]]:13: note: frame #0: 'TimerQueue::stop' waits on 'std::thread::join' here
  // CHECK-NOTES: :[[@LINE-3]]:8: note: task submitted here
  // CHECK-NOTES: :[[@LINE-16]]:7: note: 'Pool' runs queued tasks on its own threads here; if it is a dedicated thread meant to block, mark the class ASYNCLINT_DEDICATED_THREAD
}
