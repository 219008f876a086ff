// RUN: %check_asynclint %s events-unmatched-registration %t -- -- -std=c++17
// RUN: %check_asynclint_plugin %s events-unmatched-registration %t -- -- -std=c++17
// Listener lists of the project's own, known from their code whatever their
// verbs: a member function that stores a callable parameter in a member
// container the class dispatches (calls its elements and keeps them) is a
// registration; one that removes entries from the same container is its
// undo. A job queue (its elements popped or cleared when run) is not a
// listener list, and a setter of one callable member is not either.

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

// Removal by token: the id the registration returns.
class ServiceRegistry {
public:
  int AddServiceListener(std::function<void(const std::string &)> listener) {
    listeners_.emplace(next_, std::move(listener));
    return next_++;
  }
  void RemoveServiceListener(int id) { listeners_.erase(id); }
  void announce(const std::string &name) {
    for (auto &[id, listener] : listeners_)
      listener(name);
  }

private:
  std::map<int, std::function<void(const std::string &)>> listeners_;
  int next_ = 0;
};

// Registered by name into a table of lists; removal by clearing one.
class EventTable {
public:
  void addEvent(const std::string &name, std::function<void()> handler) {
    auto &list = handlers_[name];
    list.push_back(std::move(handler));
  }
  void removeEvents(const std::string &name) { handlers_[name].clear(); }
  void fire(const std::string &name) {
    auto it = handlers_.find(name);
    if (it == handlers_.end())
      return;
    for (const auto &handler : it->second)
      handler();
  }

private:
  std::map<std::string, std::vector<std::function<void()>>> handlers_;
};

// A job queue: what it runs, it takes out.
class JobQueue {
public:
  void push(std::function<void()> job) { jobs_.push_back(std::move(job)); }
  void drain() {
    auto jobs = std::move(jobs_);
    for (auto &job : jobs)
      job();
  }

private:
  std::vector<std::function<void()>> jobs_;
};

// A setter of one callback is not a listener list.
class Button {
public:
  void setOnClick(std::function<void()> f) { on_click_ = std::move(f); }
  void click() {
    if (on_click_)
      on_click_();
  }

private:
  std::function<void()> on_click_;
};

class Panel {
public:
  Panel(ServiceRegistry &registry, EventTable &events, JobQueue &jobs,
        Button &button)
      : registry_(registry) {
    id_ = registry.AddServiceListener([this](const std::string &) { ++seen_; });
    // CHECK-NOTES: :[[@LINE-1]]:20: warning: 'AddServiceListener' registers a handler that uses 'this' and no member function of 'Panel' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-7]]:7: note: 'Panel' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:11: note: the source 'registry' ('ServiceRegistry') is not owned by 'Panel' and may outlive it
    events.addEvent("resize", [this] { ++seen_; });
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'addEvent' registers a handler that uses 'this' and no member function of 'Panel' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-11]]:7: note: 'Panel' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'events' ('EventTable') is not owned by 'Panel' and may outlive it
    jobs.push([this] { ++seen_; });
    button.setOnClick([this] { ++seen_; });
  }

private:
  ServiceRegistry &registry_;
  int id_ = 0;
  int seen_ = 0;
};

// The same registrations, undone.
class Tidy {
public:
  explicit Tidy(ServiceRegistry &registry) : registry_(registry) {
    id_ = registry.AddServiceListener([this](const std::string &) { ++seen_; });
  }
  ~Tidy() { registry_.RemoveServiceListener(id_); }

private:
  ServiceRegistry &registry_;
  int id_ = 0;
  int seen_ = 0;
};

// Only declarations visible: a registration by the stems of a pair of names
// the class declares, taking a callable.
class RemoteBus {
public:
  void registerHandler(std::function<void()> handler);
  void unregisterHandler(std::function<void()> handler);
  void addTask(std::function<void()> task); // no removeTask: not known
};

class Client {
public:
  explicit Client(RemoteBus &bus) {
    bus.registerHandler([this] { ++seen_; });
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'registerHandler' registers a handler that uses 'this' and no member function of 'Client' undoes it [events-unmatched-registration]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'Client' may be destroyed while the handler is still registered
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the source 'bus' ('RemoteBus') is not owned by 'Client' and may outlive it
    bus.addTask([this] { ++seen_; });
  }

private:
  int seen_ = 0;
};
