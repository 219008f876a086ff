// A typed event bus: handlers are kept until unsubscribe() is called.
#pragma once
#include <functional>
#include <map>
#include <mutex>
#include <typeindex>
#include <vector>

namespace photo {

class EventBus {
public:
  using Token = unsigned long;

  template <class Event> Token subscribe(std::function<void(const Event &)> handler) {
    std::lock_guard<std::mutex> lock(mutex_);
    Token token = ++last_;
    handlers_[typeid(Event)].push_back(
        {token, [handler](const void *e) { handler(*static_cast<const Event *>(e)); }});
    return token;
  }

  void unsubscribe(Token token) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto &entry : handlers_)
      std::erase_if(entry.second, [token](const Slot &s) { return s.token == token; });
  }

  template <class Event> void publish(const Event &event) {
    std::vector<Slot> slots;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      slots = handlers_[typeid(Event)];
    }
    for (auto &slot : slots)
      slot.call(&event);
  }

private:
  struct Slot {
    Token token;
    std::function<void(const void *)> call;
  };
  std::map<std::type_index, std::vector<Slot>> handlers_;
  std::mutex mutex_;
  Token last_ = 0;
};

struct PhotoSaved {
  int id;
};

} // namespace photo
