#include "net.h"

namespace net {
int check_host(std::future<int> &reply) { return reply.get(); }
void log_line(const char *) {}
} // namespace net

static int wait_reply(std::future<int> &reply) { return reply.get(); }
int Client::fetch(std::future<int> &reply) { return wait_reply(reply); }
