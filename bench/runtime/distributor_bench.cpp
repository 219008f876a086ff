// Benchmarks asynclint::EventDistributor against other signal/slot libraries
// and against a plain loop over std::vector<std::function> (the limit: no
// thread safety, no unsubscription while publishing, no lifetime guarantee).
//
// Benchmark names: <scenario>/<library>[/<handlers>], scenarios:
//   publish      one publish reaching N trivial handlers, one thread
//   subscribe    subscribe + unsubscribe one handler next to 10 others
//   contended    publish to 10 handlers from 2 threads at once
// Libraries: asynclint (subscribe), asynclint-weak (subscribe_weak, owner in
// a std::make_shared), asynclint-owner (subscribe_weak, owner made by
// asynclint::make_subscriber), then the peers.
// Every handler does the same: benchmark::DoNotOptimize(event.value).
#include "asynclint/event_distributor.hpp"

#include <benchmark/benchmark.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#if defined(ASYNCLINT_BENCH_BOOST)
#include <boost/signals2.hpp>
#endif
#if defined(ASYNCLINT_BENCH_SIGCXX)
#include <sigc++/sigc++.h>
#endif
#if defined(ASYNCLINT_BENCH_QT)
#include "qt_peer.hpp"
#endif

namespace {

struct Event {
  int value;
};

inline void handle(const Event& e) { benchmark::DoNotOptimize(e.value); }

// Each peer: add() one handler, publish(e), and subscribe_unsubscribe().

struct PlainLoop {
  static constexpr bool thread_safe = false;
  std::vector<std::function<void(const Event&)>> handlers;
  void add() { handlers.emplace_back([](const Event& e) { handle(e); }); }
  void publish(const Event& e) {
    for (auto& h : handlers)
      h(e);
  }
  void subscribe_unsubscribe() {
    handlers.emplace_back([](const Event& e) { handle(e); });
    handlers.pop_back();
  }
};

struct AsynclintStrong {
  static constexpr bool thread_safe = true;
  asynclint::EventDistributor bus;
  std::vector<asynclint::Subscription> subscriptions;
  void add() { subscriptions.push_back(bus.subscribe<Event>([](const Event& e) { handle(e); })); }
  void publish(const Event& e) { bus.publish(e); }
  void subscribe_unsubscribe() {
    asynclint::Subscription s = bus.subscribe<Event>([](const Event& e) { handle(e); });
    s.reset();
  }
};

struct AsynclintWeak {
  static constexpr bool thread_safe = true;
  asynclint::EventDistributor bus;
  std::vector<std::shared_ptr<int>> owners;
  void add() {
    owners.push_back(std::make_shared<int>(0));
    bus.subscribe_weak<Event>(std::weak_ptr<int>(owners.back()), [](const Event& e) { handle(e); });
  }
  void publish(const Event& e) { bus.publish(e); }
};

// subscribe_weak with an owner made by asynclint::make_subscriber: the owner
// resets its subscriptions before it is destroyed, so no lock per call.
struct OwnerObject : asynclint::SubscriptionOwner {
  int state = 0;
};

struct AsynclintOwner {
  static constexpr bool thread_safe = true;
  asynclint::EventDistributor bus;
  std::vector<std::shared_ptr<OwnerObject>> owners;
  void add() {
    owners.push_back(asynclint::make_subscriber<OwnerObject>());
    bus.subscribe_weak<Event>(std::weak_ptr<OwnerObject>(owners.back()),
                              [](OwnerObject&, const Event& e) { handle(e); });
  }
  void publish(const Event& e) { bus.publish(e); }
};

#if defined(ASYNCLINT_BENCH_BOOST)
struct BoostSignals2 {
  static constexpr bool thread_safe = true;
  boost::signals2::signal<void(const Event&)> signal;
  std::vector<boost::signals2::scoped_connection> connections;
  void add() { connections.emplace_back(signal.connect([](const Event& e) { handle(e); })); }
  void publish(const Event& e) { signal(e); }
  void subscribe_unsubscribe() {
    boost::signals2::connection c = signal.connect([](const Event& e) { handle(e); });
    c.disconnect();
  }
};
#endif

#if defined(ASYNCLINT_BENCH_SIGCXX)
struct Sigcxx {
  static constexpr bool thread_safe = false;
  sigc::signal<void(const Event&)> signal;
  void add() { signal.connect([](const Event& e) { handle(e); }); }
  void publish(const Event& e) { signal.emit(e); }
  void subscribe_unsubscribe() {
    sigc::connection c = signal.connect([](const Event& e) { handle(e); });
    c.disconnect();
  }
};
#endif

#if defined(ASYNCLINT_BENCH_QT)
struct QtDirect {
  static constexpr bool thread_safe = true;
  asynclint::bench::QtEmitter emitter;
  QObject receiver;
  void add() {
    QObject::connect(&emitter, &asynclint::bench::QtEmitter::fired, &receiver,
                     [](int v) { benchmark::DoNotOptimize(v); }, Qt::DirectConnection);
  }
  void publish(const Event& e) { emitter.fire(e.value); }
  void subscribe_unsubscribe() {
    QMetaObject::Connection c =
        QObject::connect(&emitter, &asynclint::bench::QtEmitter::fired, &receiver,
                         [](int v) { benchmark::DoNotOptimize(v); }, Qt::DirectConnection);
    QObject::disconnect(c);
  }
};
#endif

template <class Peer>
void publish(benchmark::State& state) {
  Peer peer;
  for (int64_t i = 0; i < state.range(0); ++i)
    peer.add();
  Event e{1};
  for (auto _ : state) {
    peer.publish(e);
    ++e.value;
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

template <class Peer>
void subscribe_unsubscribe(benchmark::State& state) {
  Peer peer;
  for (int i = 0; i < 10; ++i)
    peer.add();
  for (auto _ : state)
    peer.subscribe_unsubscribe();
}

template <class Peer>
void contended(benchmark::State& state) {
  static Peer* shared = nullptr;
  if (state.thread_index() == 0) {
    shared = new Peer;
    for (int i = 0; i < 10; ++i)
      shared->add();
  }
  Event e{1};
  for (auto _ : state) { // both threads start (and stop) together
    shared->publish(e);
    ++e.value;
  }
  if (state.thread_index() == 0) {
    delete shared;
    shared = nullptr;
  }
}

template <class Peer>
void register_peer(const std::string& name, bool has_unsubscribe = true) {
  benchmark::RegisterBenchmark(("publish/" + name).c_str(), &publish<Peer>)
      ->Arg(1)
      ->Arg(10)
      ->Arg(100);
  if (has_unsubscribe)
    benchmark::RegisterBenchmark(("subscribe/" + name).c_str(), &subscribe_unsubscribe<Peer>);
  if (Peer::thread_safe || name == "std::function")
    benchmark::RegisterBenchmark(("contended/" + name).c_str(), &contended<Peer>)
        ->Threads(2)
        ->UseRealTime();
}

// Weak peers: no handle, hence no subscribe + unsubscribe benchmark.
template <class Peer>
void register_weak_peer(const std::string& name) {
  static_assert(Peer::thread_safe, "weak peers are measured from 2 threads too");
  benchmark::RegisterBenchmark(("publish/" + name).c_str(), &publish<Peer>)
      ->Arg(1)
      ->Arg(10)
      ->Arg(100);
  benchmark::RegisterBenchmark(("contended/" + name).c_str(), &contended<Peer>)
      ->Threads(2)
      ->UseRealTime();
}

} // namespace

int main(int argc, char** argv) {
  register_peer<PlainLoop>("std::function");
  register_peer<AsynclintStrong>("asynclint");
  register_weak_peer<AsynclintWeak>("asynclint-weak");
  register_weak_peer<AsynclintOwner>("asynclint-owner");
#if defined(ASYNCLINT_BENCH_BOOST)
  register_peer<BoostSignals2>("boost::signals2");
#endif
#if defined(ASYNCLINT_BENCH_SIGCXX)
  register_peer<Sigcxx>("sigc++-3");
#endif
#if defined(ASYNCLINT_BENCH_QT)
  register_peer<QtDirect>("qt5-direct");
#endif
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
