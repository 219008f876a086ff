//===--- Module.cpp - registers every asynclint check with clang-tidy -----===//

#include "async/BlockingWaitInCoroutineCheck.h"
#include "async/BlockingWaitInPoolCheck.h"
#include "events/DiscardedSubscriptionCheck.h"
#include "events/LocalCaptureEscapesCheck.h"
#include "events/UnmatchedRegistrationCheck.h"
#include "events/UnregisterNeverMatchesCheck.h"

#include "clang-tidy/ClangTidyModule.h"
#include "llvm/Config/llvm-config.h"
#if LLVM_VERSION_MAJOR < 22
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif

namespace asynclint {
namespace {

class AsynclintModule : public clang::tidy::ClangTidyModule {
public:
  void addCheckFactories(clang::tidy::ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<async::BlockingWaitInCoroutineCheck>(
        "async-blocking-wait-in-coroutine");
    Factories.registerCheck<async::BlockingWaitInPoolCheck>(
        "async-blocking-wait-in-pool");
    Factories.registerCheck<events::DiscardedSubscriptionCheck>(
        "events-discarded-subscription");
    Factories.registerCheck<events::LocalCaptureEscapesCheck>(
        "events-local-capture-escapes");
    Factories.registerCheck<events::UnmatchedRegistrationCheck>(
        "events-unmatched-registration");
    Factories.registerCheck<events::UnregisterNeverMatchesCheck>(
        "events-unregister-never-matches");
  }
};

} // namespace
} // namespace asynclint

static clang::tidy::ClangTidyModuleRegistry::Add<asynclint::AsynclintModule>
    Registration("asynclint-module",
                 "sync-over-async blocking on thread pools and unmatched "
                 "event registrations");
