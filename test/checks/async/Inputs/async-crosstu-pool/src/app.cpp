#include "jobs.h"

int wait_for(std::future<int> &f) { return f.get(); }

void chores(farm::Barn &barn, std::future<int> &f) {
  barn.Hand([&f] { wait_for(f); });
  barn.Keep([&f] { wait_for(f); }); // kept, never run: silent
}

struct Compaction {
  std::shared_future<void> previous;
  static void Work(void *self) {
    static_cast<Compaction *>(self)->previous.wait();
  }
};

void compact(Env *env, Compaction &c) { env->Schedule(&Compaction::Work, &c); }

void through_an_inline_wrapper(std::future<int> &f) {
  farm_perform([&f] { wait_for(f); });
}
