#include "net.h"
#include "task.h"

void schedule(ThreadPool &pool, std::future<int> &reply, Client &client) {
  pool.submit([&reply] { net::check_all(reply); });
  pool.submit([&client, &reply] { client.fetch(reply); });
  pool.submit([&reply] { net::cached(reply); net::from_library(1); net::log_line("ok"); });
}

Task<int> handle(std::future<int> &reply) {
  int v = net::check_host(reply);
  co_return v;
}

static int check_host(std::future<int> &) { return 0; } // not net::check_host
void same_name(ThreadPool &pool, std::future<int> &reply) {
  pool.submit([&reply] { check_host(reply); });
}
