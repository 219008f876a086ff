// The parts of palacaze/sigslot (sigslot/signal.hpp) the tests use, with the
// library's signatures.
#pragma once
#include <cstddef>
#include <mutex>
#include <utility>

namespace sigslot {
class connection {
public:
  bool disconnect() { return true; }
  bool connected() const { return true; }
};
class scoped_connection : public connection {
public:
  scoped_connection() = default;
  scoped_connection(connection &&c) : connection(std::move(c)) {}
  ~scoped_connection() { disconnect(); }
};
template <typename Lockable> struct observer_base {
  virtual ~observer_base() = default;
  void disconnect_all() {}
};
using observer = observer_base<std::mutex>;
template <typename Lockable, typename... T> class signal_base {
public:
  template <typename Callable> connection connect(Callable &&c, int prio = 0) { return {}; }
  template <typename Pmf, typename Ptr>
  connection connect(Pmf &&pmf, Ptr &&ptr, int prio = 0) { return {}; }
  template <typename Callable> std::size_t disconnect(const Callable &c) { return 0; }
  void disconnect_all() {}
  void operator()(T... args) {}
};
template <typename... T> using signal = signal_base<std::mutex, T...>;
} // namespace sigslot
