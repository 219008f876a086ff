#include "photo/event_bus.h"

#include <cstdio>

namespace photo {

// The panel subscribes with a handler that uses `this` and never
// unsubscribes: after the panel is destroyed the bus still calls refresh()
// on freed memory.
class GalleryPanel {
public:
  explicit GalleryPanel(EventBus &bus) {
    bus.subscribe<PhotoSaved>([this](const PhotoSaved &e) { refresh(e.id); });
  }

private:
  void refresh(int id) { std::printf("refresh %d (%d shown)\n", id, ++shown_); }
  int shown_ = 0;
};

void open_gallery(EventBus &bus) {
  GalleryPanel panel(bus);
  bus.publish(PhotoSaved{1});
}

} // namespace photo
