// Thread pools written the ways real projects write them, none named like a
// catalog entry. Every class here is recognised from its implementation.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <list>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <queue>
#include <thread>
#include <utility>
#include <vector>

// Sean Parent's task system: snake_case, a queue per worker, `async_`.
class notification_queue {
public:
  void push(std::function<void()> f) {
    std::lock_guard<std::mutex> lock(m_);
    q_.push_back(std::move(f));
    ready_.notify_one();
  }
  bool pop(std::function<void()> &out) {
    std::unique_lock<std::mutex> lock(m_);
    ready_.wait(lock, [&] { return !q_.empty(); });
    out = std::move(q_.front());
    q_.pop_front();
    return true;
  }

private:
  std::deque<std::function<void()>> q_;
  std::mutex m_;
  std::condition_variable ready_;
};

class task_system {
public:
  task_system() {
    for (unsigned n = 0; n != 4; ++n)
      threads_.emplace_back([this, n] { run(n); });
  }
  template <class F> void async_(F &&f) {
    queues_[next_++ % 4].push(std::forward<F>(f));
  }

private:
  void run(unsigned i) {
    while (true) {
      std::function<void()> f;
      queues_[i].pop(f);
      f();
    }
  }
  std::vector<std::thread> threads_;
  std::vector<notification_queue> queues_{4};
  unsigned next_ = 0;
};

// GDAL style: a C function pointer and its data, a job struct, CamelCase.
typedef void (*CPLThreadFunc)(void *);
class CPLWorkerThreadPool {
public:
  explicit CPLWorkerThreadPool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back(&CPLWorkerThreadPool::WorkerThreadFunction, this);
  }
  bool SubmitJob(CPLThreadFunc pfnFunc, void *pData) {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(Job{pfnFunc, pData});
    cond_.notify_one();
    return true;
  }
  void WaitCompletion() {
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [&] { return jobs_.empty(); });
  }

private:
  struct Job {
    CPLThreadFunc pfnFunc;
    void *pData;
  };
  void WorkerThreadFunction() {
    for (;;) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        cond_.wait(lock, [&] { return !jobs_.empty(); });
        job = jobs_.front();
        jobs_.pop_front();
      }
      job.pfnFunc(job.pData);
      done_.notify_all();
    }
  }
  std::list<Job> jobs_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable cond_, done_;
};

// A template `Enqueue(F&&)` that wraps into a packaged_task and hands it to
// a private helper; one worker thread.
class Sequencer {
public:
  Sequencer() : thread_([this] { Loop(); }) {}
  template <class F> auto Enqueue(F &&f) -> std::future<decltype(f())> {
    auto task =
        std::make_shared<std::packaged_task<decltype(f())()>>(std::forward<F>(f));
    auto result = task->get_future();
    EnqueueTask([task] { (*task)(); });
    return result;
  }

private:
  void EnqueueTask(std::function<void()> job) {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_.push(std::move(job));
    wake_.notify_one();
  }
  void Loop() {
    for (;;) {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return !pending_.empty(); });
      auto job = std::move(pending_.front());
      pending_.pop();
      lock.unlock();
      job();
    }
  }
  std::queue<std::function<void()>> pending_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

// A bounded queue: handing work over waits while the queue is full.
class Galley {
public:
  Galley() {
    for (auto &t : rowers_)
      t = std::thread([this] { Row(); });
  }
  void Hand(std::function<void()> job) {
    std::unique_lock<std::mutex> lock(mutex_);
    room_.wait(lock, [&] { return benches_.size() < 16; });
    benches_.push_back(std::move(job));
  }

private:
  void Row() {
    for (;;) {
      std::function<void()> job;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (benches_.empty())
          continue;
        job = std::move(benches_.back());
        benches_.pop_back();
      }
      room_.notify_one();
      job();
    }
  }
  std::vector<std::function<void()>> benches_;
  std::thread rowers_[4];
  std::mutex mutex_;
  std::condition_variable room_;
};

// POSIX threads started with `this`.
class Crew {
public:
  Crew() {
    for (pthread_t &t : threads_)
      pthread_create(&t, nullptr, &Crew::Entry, this);
  }
  void Assign(std::function<void()> chore) {
    std::lock_guard<std::mutex> lock(mutex_);
    chores_.push_back(std::move(chore));
  }

private:
  static void *Entry(void *self) {
    static_cast<Crew *>(self)->Work();
    return nullptr;
  }
  bool Next(std::function<void()> &out) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (chores_.empty())
      return false;
    out = std::move(chores_.front());
    chores_.pop_front();
    return true;
  }
  void Work() {
    std::function<void()> chore;
    while (true)
      if (Next(chore))
        chore();
  }
  pthread_t threads_[2];
  std::deque<std::function<void()>> chores_;
  std::mutex mutex_;
};

// basis_universal's job_pool: the waiting thread runs queued jobs itself
// until the queue is empty, then waits for the jobs still running.
class job_pool {
public:
  explicit job_pool(unsigned threads) {
    for (unsigned i = 1; i < threads; ++i)
      threads_.emplace_back([this] { job_thread(); });
  }
  void add_job(std::function<void()> job) {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(std::move(job));
    has_work_.notify_one();
  }
  void wait_for_all() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!jobs_.empty()) {
      auto job = std::move(jobs_.back());
      jobs_.pop_back();
      lock.unlock();
      job();
      lock.lock();
    }
    no_more_jobs_.wait(lock, [this] { return active_ == 0; });
  }

private:
  void job_thread() {
    for (;;) {
      std::unique_lock<std::mutex> lock(mutex_);
      has_work_.wait(lock, [this] { return !jobs_.empty(); });
      auto job = std::move(jobs_.back());
      jobs_.pop_back();
      ++active_;
      lock.unlock();
      job();
      lock.lock();
      --active_;
      no_more_jobs_.notify_all();
    }
  }
  std::vector<std::thread> threads_;
  std::vector<std::function<void()>> jobs_;
  std::mutex mutex_;
  std::condition_variable has_work_, no_more_jobs_;
  unsigned active_ = 0;
};

// Threads started through a wrapper of pthread_create defined here.
inline bool start_detached(void *(*entry)(void *), void *arg) {
  pthread_t thread;
  return pthread_create(&thread, nullptr, entry, arg) == 0;
}
class Pump {
public:
  Pump() { start_detached(&Pump::Entry, this); }
  void Feed(std::function<void()> f) {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_.push_back(std::move(f));
  }

private:
  static void *Entry(void *self) {
    for (;;) {
      Pump *pump = static_cast<Pump *>(self);
      std::function<void()> f;
      {
        std::lock_guard<std::mutex> lock(pump->mutex_);
        if (pump->pending_.empty())
          continue;
        f = std::move(pump->pending_.front());
        pump->pending_.pop_front();
      }
      f();
    }
  }
  std::deque<std::function<void()>> pending_;
  std::mutex mutex_;
};

// Not pools, whatever their names say.

// An object pool: keeps callables and never runs them; no thread.
class RecipePool {
public:
  void push(std::function<void()> recipe) {
    recipes_.push_back(std::move(recipe));
  }
  std::size_t size() const { return recipes_.size(); }

private:
  std::vector<std::function<void()>> recipes_;
};

// A listener list with a thread of its own: it runs the stored callables
// without taking them out, so it is an event source, not a pool.
class Ticker {
public:
  Ticker() : thread_([this] { Tick(); }) {}
  void OnTick(std::function<void()> listener) {
    std::lock_guard<std::mutex> lock(mutex_);
    listeners_.push_back(std::move(listener));
  }

private:
  void Tick() {
    for (;;) {
      std::lock_guard<std::mutex> lock(mutex_);
      for (auto &listener : listeners_)
        listener();
    }
  }
  std::vector<std::function<void()>> listeners_;
  std::mutex mutex_;
  std::thread thread_;
};

// A one-slot queue per thread (Stockfish's search threads): the job is moved
// out of the slot and run; handing a job over waits until the thread is idle.
class SearchThread {
public:
  SearchThread() : thread_(&SearchThread::IdleLoop, this) {}
  void RunCustomJob(std::function<void()> f) {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [&] { return !searching_; });
    job_ = std::move(f);
    searching_ = true;
    cv_.notify_one();
  }

private:
  void IdleLoop() {
    for (;;) {
      std::unique_lock<std::mutex> lock(mutex_);
      searching_ = false;
      cv_.notify_one();
      cv_.wait(lock, [&] { return searching_; });
      std::function<void()> job = std::move(job_);
      lock.unlock();
      job();
    }
  }
  std::mutex mutex_;
  std::condition_variable cv_;
  bool searching_ = true;
  std::function<void()> job_;
  std::thread thread_;
};

// fish's iothread pool: the queue is inside a lock-guarded block reached
// through an accessor and a local, the pool is a static instance, and the
// helper that dequeues is separate from the loop that runs.
template <class T> class owning_lock {
public:
  class acquired {
  public:
    explicit acquired(owning_lock &lock) : lock_(lock.mutex_), value_(lock.value_) {}
    T *operator->() { return &value_; }

  private:
    std::lock_guard<std::mutex> lock_;
    T &value_;
  };
  acquired acquire() { return acquired(*this); }

private:
  std::mutex mutex_;
  T value_;
};

// Defined in another file: starts a detached thread running entry(arg).
bool make_detached_pthread(void *(*entry)(void *), void *arg);

struct work_request_t {
  std::function<void()> handler;
};

class io_pool_t {
public:
  static io_pool_t &shared() {
    static io_pool_t pool;
    return pool;
  }
  void perform(std::function<void()> &&func) {
    auto &pool = shared();
    auto data = pool.req_data_.acquire();
    data->request_queue.push_back(work_request_t{std::move(func)});
    if (!pool.started_)
      pool.started_ = pool.spawn();
  }

private:
  struct data_t {
    std::deque<work_request_t> request_queue;
  };
  static void *trampoline(void *self) {
    static_cast<io_pool_t *>(self)->run();
    return nullptr;
  }
  bool spawn() { return make_detached_pthread(&trampoline, this); }
  bool dequeue(work_request_t &out) {
    auto data = req_data_.acquire();
    if (data->request_queue.empty())
      return false;
    out = std::move(data->request_queue.front());
    data->request_queue.pop_front();
    return true;
  }
  void run() {
    work_request_t req;
    while (dequeue(req))
      req.handler();
  }
  owning_lock<data_t> req_data_;
  bool started_ = false;
};

inline void iothread_perform(std::function<void()> &&func) {
  io_pool_t::shared().perform(std::move(func));
}
