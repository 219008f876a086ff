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
