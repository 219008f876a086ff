#pragma once
#include <functional>

struct Bus {
  void addListener(std::function<void()> f);
  void removeListener();
};

// Registers in the constructor (a.cpp), unregisters in the destructor (b.cpp).
class Panel {
public:
  explicit Panel(Bus &bus);
  ~Panel();
  void refresh() {}

private:
  Bus &bus_;
};

// Registers in the constructor (a.cpp); the destructor (b.cpp) forgets.
class Leaky {
public:
  explicit Leaky(Bus &bus);
  ~Leaky();
  void refresh() {}

private:
  Bus &bus_;
};

// Passes itself to a source that returns a token; the token is dropped, but
// the source can undo the registration by object.
struct Subject {
  int attach(struct Observer *o);
  void detach(struct Observer *o);
};
struct Observer {
  virtual ~Observer() = default;
  virtual void notify() = 0;
};

// Attaches in the constructor (a.cpp), detaches by object in the destructor
// (b.cpp).
class Watcher : public Observer {
public:
  explicit Watcher(Subject &subject);
  ~Watcher() override;
  void notify() override {}

private:
  Subject &subject_;
};

// Attaches in the constructor (a.cpp); the destructor (b.cpp) forgets.
class Forgetful : public Observer {
public:
  explicit Forgetful(Subject &subject);
  ~Forgetful() override;
  void notify() override {}

private:
  Subject &subject_;
};
