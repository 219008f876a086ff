// The parts of wqking/eventpp (eventpp/callbacklist.h, eventdispatcher.h,
// utilities/scopedremover.h) the tests use, with the library's signatures:
// the dispatcher's members live in an internal base class, as in the library.
#pragma once
#include <functional>
#include <memory>

namespace eventpp {
struct DefaultPolicies {};

namespace internal_ {
struct Node {};
template <typename Prototype> class CallbackListBase {
public:
  using Callback = std::function<Prototype>;
  class Handle : public std::weak_ptr<Node> {};
  Handle append(const Callback &callback) { return {}; }
  Handle prepend(const Callback &callback) { return {}; }
  Handle insert(const Callback &callback, const Handle &before) { return {}; }
  bool remove(const Handle &handle) { return true; }
  template <typename... Args> void operator()(Args &&...args) const {}
};

template <typename Event, typename Prototype> class EventDispatcherBase {
public:
  using Callback = std::function<Prototype>;
  using Handle = typename CallbackListBase<Prototype>::Handle;
  Handle appendListener(const Event &event, const Callback &callback) { return {}; }
  Handle prependListener(const Event &event, const Callback &callback) { return {}; }
  Handle insertListener(const Event &event, const Callback &callback, const Handle &before) { return {}; }
  bool removeListener(const Event &event, const Handle handle) { return true; }
  template <typename... Args> void dispatch(Args &&...args) const {}
};
} // namespace internal_

template <typename Prototype, typename Policies = DefaultPolicies>
class CallbackList : public internal_::CallbackListBase<Prototype> {};

template <typename Event, typename Prototype, typename Policies = DefaultPolicies>
class EventDispatcher : public internal_::EventDispatcherBase<Event, Prototype> {};

template <typename DispatcherType> class ScopedRemover {
public:
  using Event = int;
  using Callback = typename DispatcherType::Callback;
  using Handle = typename DispatcherType::Handle;
  ScopedRemover() = default;
  explicit ScopedRemover(DispatcherType &dispatcher) {}
  ~ScopedRemover() { removeAll(); }
  void setDispatcher(DispatcherType &dispatcher) {}
  Handle appendListener(const Event &event, const Callback &listener) { return {}; }
  void removeAll() {}
};
} // namespace eventpp
