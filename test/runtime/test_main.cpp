// GoogleTest main for the runtime tests: every test runs under a watchdog
// that aborts with the test's name if it does not finish in time.
#include "watchdog.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace {

constexpr std::chrono::seconds per_test_limit{30};

class WatchdogListener : public ::testing::EmptyTestEventListener {
 public:
  void OnTestStart(const ::testing::TestInfo& info) override {
    dog_ = std::make_unique<asynclint::testing::Watchdog>(
        per_test_limit, std::string(info.test_suite_name()) + "." + info.name());
  }
  void OnTestEnd(const ::testing::TestInfo&) override { dog_.reset(); }

 private:
  std::unique_ptr<asynclint::testing::Watchdog> dog_;
};

} // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::UnitTest::GetInstance()->listeners().Append(new WatchdogListener);
  return RUN_ALL_TESTS();
}
