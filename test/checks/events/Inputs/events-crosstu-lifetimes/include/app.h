#pragma once
#include <functional>
#include <vector>

// A listener registry: add and remove by token.
class Bus {
public:
  int subscribe(std::function<void()> handler);
  void unsubscribe(int id);
  void addListener(std::function<void()> handler);
  void removeListener(int id);
};

class Document;

// A proxy an accessor builds over its object (gtkmm's signal_*()).
class Proxy {
public:
  explicit Proxy(Bus &bus) : bus_(bus) {}
  ~Proxy();
  void addListener(std::function<void()> handler) { bus_.addListener(handler); }

private:
  Bus &bus_;
};

// Made by the document for itself (document.cpp): the document outlives it.
class History {
public:
  explicit History(Document *doc);
  ~History();

private:
  Document *doc_;
  int steps_ = 0;
};

// Given a document by whoever makes one (main.cpp): it may outlive it.
class Journal {
public:
  explicit Journal(Document &doc);
  ~Journal();

private:
  Document &doc_;
  int lines_ = 0;
};

class Document {
public:
  Document();
  ~Document();
  Bus changed;
  Bus &edits() { return edits_; }
  Proxy signal_saved();

private:
  Bus edits_;
  History *history_;
};

// Created once with `new` and never deleted (main.cpp): never destroyed.
class Remote {
public:
  explicit Remote(Bus &bus);
  ~Remote();

private:
  int calls_ = 0;
};

// Created with `new` and deleted again (main.cpp).
class Probe {
public:
  explicit Probe(Bus &bus);
  virtual ~Probe();

private:
  int hits_ = 0;
};

class LoudProbe : public Probe {
public:
  using Probe::Probe;
};

// A static instance (main.cpp): never destroyed before exit.
class Tracer {
public:
  explicit Tracer(Bus &bus);

private:
  int seen_ = 0;
};

// Registers in a header: what clang-tidy's header filter shows is reported
// in its TU, without the whole program's facts.
class Overlay {
public:
  explicit Overlay(Bus &bus) { bus.addListener([this] { ++shown_; }); }

private:
  int shown_ = 0;
};
