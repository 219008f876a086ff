#include "photo/event_bus.h"

#include <cstdio>
#include <future>
#include <string>
#include <vector>

namespace photo {
std::vector<std::future<std::string>> make_thumbnails(const std::vector<int> &ids);
void open_gallery(EventBus &bus);
} // namespace photo

int main() {
  photo::EventBus bus;
  photo::open_gallery(bus);
  bus.publish(photo::PhotoSaved{2}); // the panel is gone: use after free
  for (auto &thumbnail : photo::make_thumbnails({1, 2, 3}))
    std::puts(thumbnail.get().c_str());
}
