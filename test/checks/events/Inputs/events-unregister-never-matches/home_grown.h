// Home-grown event APIs with the shapes seen in real code bases.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <typeindex>
#include <vector>

// Seed-style distributor: handlers keyed by the listener object.
class EventDistributor {
public:
  template <class TEvent, class TListener>
  void RegisterFor(TListener *listener, void (TListener::*handler)(const TEvent &)) {}
  template <class TEvent, class TListener>
  void UnRegisterFor(TListener *listener) {}
  template <class TEvent> void Publish(const TEvent &event) {}
};

// Observer interface.
struct Listener {
  virtual ~Listener() = default;
  virtual void onChanged(int value) = 0;
};
class Model {
public:
  void addListener(Listener *l) { listeners_.push_back(l); }
  void removeListener(Listener *l) {}
  void addObserver(std::function<void(int)> f) {}
  void removeObserver(std::function<void(int)> f) {}

private:
  std::vector<Listener *> listeners_;
};

// Token-based bus.
class EventBus {
public:
  using Token = unsigned long;
  template <class Event> Token subscribe(std::function<void(const Event &)> handler) { return 1; }
  void unsubscribe(Token token) {}
};

struct Saved {
  int id;
};
struct Closed {};
