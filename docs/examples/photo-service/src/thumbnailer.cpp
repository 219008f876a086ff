#include "photo/thread_pool.h"

#include <string>
#include <vector>

namespace photo {

ThreadPool &shared_pool() {
  static ThreadPool pool(4);
  return pool;
}

static std::string decode(int id) { return "pixels of " + std::to_string(id); }
static std::string scale(const std::string &pixels) { return pixels + " at 128px"; }

// Each thumbnail is one pool task. The task hands decoding to the same pool
// and waits for it: once every worker waits, the decodes queued behind them
// never run and the service hangs.
std::vector<std::future<std::string>> make_thumbnails(const std::vector<int> &ids) {
  std::vector<std::future<std::string>> thumbnails;
  for (int id : ids) {
    thumbnails.push_back(shared_pool().enqueue([id] {
      std::future<std::string> pixels = shared_pool().enqueue([id] { return decode(id); });
      return scale(pixels.get());
    }));
  }
  return thumbnails;
}

} // namespace photo
