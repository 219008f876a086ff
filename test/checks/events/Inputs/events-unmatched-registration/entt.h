// The parts of skypjack/entt (entt/signal/sigh.hpp, dispatcher.hpp) the tests
// use, with the library's signatures.
#pragma once
#include <memory>
#include <utility>

namespace entt {
class connection {
public:
  connection() = default;
  explicit operator bool() const noexcept { return true; }
  void release() {}
};

struct scoped_connection {
  scoped_connection() = default;
  scoped_connection(const connection &other) : conn{other} {}
  scoped_connection(const scoped_connection &) = delete;
  scoped_connection(scoped_connection &&) noexcept = default;
  ~scoped_connection() { conn.release(); }
  scoped_connection &operator=(connection other) {
    conn = other;
    return *this;
  }
  void release() { conn.release(); }

private:
  connection conn;
};

template <typename Type, typename = std::allocator<void>> class sigh;
template <typename Ret, typename... Args, typename Allocator>
class sigh<Ret(Args...), Allocator> {
public:
  void publish(Args... args) const {}
};

template <typename> class sink;
template <typename Ret, typename... Args, typename Allocator>
class sink<sigh<Ret(Args...), Allocator>> {
public:
  sink(sigh<Ret(Args...), Allocator> &ref) noexcept : signal{&ref} {}
  template <auto Candidate, typename... Type>
  connection connect(Type &&...value_or_instance) { return {}; }
  template <auto Candidate, typename... Type>
  void disconnect(Type &&...value_or_instance) {}
  void disconnect(const void *value_or_instance) {}
  void disconnect() {}

private:
  sigh<Ret(Args...), Allocator> *signal;
};
template <typename Ret, typename... Args, typename Allocator>
sink(sigh<Ret(Args...), Allocator> &) -> sink<sigh<Ret(Args...), Allocator>>;

class dispatcher {
public:
  template <typename Type> sink<sigh<void(Type &)>> sink() { return {signal<Type>()}; }
  template <typename Type> void trigger(Type &&value = {}) {}

private:
  template <typename Type> sigh<void(Type &)> &signal() {
    static sigh<void(Type &)> instance;
    return instance;
  }
};
} // namespace entt
