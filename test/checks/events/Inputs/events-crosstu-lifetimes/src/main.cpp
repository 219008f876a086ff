#include "app.h"

Bus &appBus() {
  static Bus bus;
  return bus;
}

static Tracer tracer(appBus());

int main() {
  Document doc;
  Journal journal(doc);
  Remote *remote = new Remote(appBus());
  (void)remote;
  Probe *probe = new Probe(appBus());
  Probe *loud = new LoudProbe(appBus());
  delete loud; // through the base: a Probe may be destroyed
  (void)probe;
  new Overlay(appBus());
}
