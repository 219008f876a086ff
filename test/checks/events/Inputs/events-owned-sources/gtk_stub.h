// A stand-in for a widget library's headers, included as a system header.
#pragma once
#include <functional>

namespace Gtk {
class Widget {};
class Button : public Widget {
public:
  int subscribe(std::function<void()> handler);
  void unsubscribe(int id);
};
class Box : public Widget {
public:
  void pack_start(Widget &child);
};
template <class T> T *manage(T *object) { return object; }
} // namespace Gtk
