#include "app.h"

Remote::Remote(Bus &bus) {
  bus.addListener([this] { ++calls_; });
  bus.subscribe([this] { ++calls_; });
}
Remote::~Remote() = default;

Probe::Probe(Bus &bus) {
  bus.addListener([this] { ++hits_; });
  bus.subscribe([this] { ++hits_; });
}
Probe::~Probe() = default;

Tracer::Tracer(Bus &bus) { bus.addListener([this] { ++seen_; }); }
