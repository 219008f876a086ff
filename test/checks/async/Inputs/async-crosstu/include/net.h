// Declarations shared by the TUs of the cross-TU test.
#pragma once
#include <functional>
#include <future>

class ThreadPool {
public:
  void submit(std::function<void()> task);
};

namespace net {
int check_all(std::future<int> &reply);  // b.cpp: calls check_host
int check_host(std::future<int> &reply); // c.cpp: waits
int cached(std::future<int> &reply);     // b.cpp: does not wait
int from_library(int);                   // defined nowhere here
void log_line(const char *);             // c.cpp: does not wait
} // namespace net

class Client {
public:
  int fetch(std::future<int> &reply); // c.cpp: waits through a helper
};
