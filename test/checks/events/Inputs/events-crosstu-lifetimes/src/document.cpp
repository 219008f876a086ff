#include "app.h"

Document::Document() : history_(new History(this)) {}
Document::~Document() { delete history_; }
