// Unit tests for the copy-on-write handler arrays behind EventDistributor
// (asynclint/detail/handler_array.hpp).
#include "asynclint/detail/handler_array.hpp"

#include <gtest/gtest.h>

#include <source_location>
#include <vector>

namespace {

using asynclint::detail::MutexLock;
using asynclint::detail::events::HandlerArray;
using asynclint::detail::events::HandlerList;
using asynclint::detail::events::Slot;

struct TestSlot : Slot {
  TestSlot()
      : Slot(&call, &drop, &alive_always, false, false, std::source_location::current()) {}
  static bool call(Slot*, const void*) { return true; }
  static void drop(Slot*) noexcept {}
  static bool alive_always(const Slot*) noexcept { return true; }
};

std::vector<Slot*> entries(HandlerArray* a) {
  std::vector<Slot*> out;
  if (a != nullptr)
    for (auto* it = a->begin(); it != a->end(); ++it)
      out.push_back(it->load());
  return out;
}

constexpr auto keep_all = [](const Slot*) { return true; };

TEST(HandlerArray, AppendsInPlaceWhileThereIsRoom) {
  HandlerList list;
  TestSlot a, b;
  MutexLock lock(list.mutex);
  HandlerArray* old = list.append(&a, true, keep_all);
  EXPECT_EQ(old, nullptr); // there was no array: a new one, nothing to retire
  HandlerArray* first = list.current.load();
  ASSERT_NE(first, nullptr);
  EXPECT_GE(first->capacity(), 4U);
  EXPECT_EQ(list.append(&b, true, keep_all), nullptr); // in place
  EXPECT_EQ(list.current.load(), first);
  EXPECT_EQ(entries(first), (std::vector<Slot*>{&a, &b}));
}

TEST(HandlerArray, AFullArrayIsCopiedWithRoomToGrow) {
  HandlerList list;
  std::vector<TestSlot> slots(5);
  MutexLock lock(list.mutex);
  for (int i = 0; i < 4; ++i)
    static_cast<void>(list.append(&slots[i], true, keep_all));
  HandlerArray* full = list.current.load();
  ASSERT_EQ(full->size(), full->capacity());
  HandlerArray* old = list.append(&slots[4], true, keep_all);
  EXPECT_EQ(old, full); // the caller retires it
  HandlerArray* next = list.current.load();
  EXPECT_EQ(next->size(), 5U);
  EXPECT_GT(next->capacity(), 5U);
  EXPECT_EQ(full->size(), 4U); // a reader of the old array sees it unchanged
  HandlerArray::free(old);
}

TEST(HandlerArray, AppendFiltersWhenNotEveryEntryIsKept) {
  HandlerList list;
  TestSlot a, b, c;
  MutexLock lock(list.mutex);
  static_cast<void>(list.append(&a, true, keep_all));
  static_cast<void>(list.append(&b, true, keep_all));
  std::vector<const Slot*> rejected;
  HandlerArray* old = list.append(&c, false, [&](const Slot* s) {
    if (s != &a)
      return true;
    rejected.push_back(s);
    return false;
  });
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(rejected, (std::vector<const Slot*>{&a})); // called once per entry
  EXPECT_EQ(entries(list.current.load()), (std::vector<Slot*>{&b, &c}));
  HandlerArray::free(old);
}

TEST(HandlerArray, ReplaceDropsEntriesAndLeavesRoom) {
  HandlerList list;
  TestSlot a, b;
  MutexLock lock(list.mutex);
  static_cast<void>(list.append(&a, true, keep_all));
  static_cast<void>(list.append(&b, true, keep_all));
  HandlerArray* old = list.replace(1, 1, [&](const Slot* s) { return s != &a; });
  HandlerArray* next = list.current.load();
  EXPECT_EQ(entries(next), (std::vector<Slot*>{&b}));
  EXPECT_GE(next->capacity(), 2U);
  list.recycle(old); // kept as the spare
  HandlerArray* last = list.replace(0, 1, [](const Slot*) { return false; });
  EXPECT_EQ(list.current.load(), nullptr); // nothing kept: no array
  EXPECT_EQ(last, next);
  list.recycle(last); // a spare is kept already: freed
  EXPECT_EQ(list.append(&a, true, keep_all), nullptr);
  EXPECT_EQ(list.current.load(), old); // the spare is reused
}

} // namespace
