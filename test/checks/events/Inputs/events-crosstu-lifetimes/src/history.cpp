#include "app.h"

History::History(Document *doc) : doc_(doc) {
  doc_->changed.addListener([this] { ++steps_; });
  doc_->changed.subscribe([this] { ++steps_; });
  doc_->edits().addListener([this] { ++steps_; });
  doc_->signal_saved().addListener([this] { ++steps_; });
}
History::~History() = default;

Journal::Journal(Document &doc) : doc_(doc) {
  doc_.changed.addListener([this] { ++lines_; });
  doc_.changed.subscribe([this] { ++lines_; });
}
Journal::~Journal() = default;
