//===--- DiscardedSubscriptionCheck.h - asynclint -------------------------===//

#ifndef ASYNCLINT_EVENTS_DISCARDEDSUBSCRIPTIONCHECK_H
#define ASYNCLINT_EVENTS_DISCARDEDSUBSCRIPTIONCHECK_H

#include "model/EventApis.h"
#include "model/SourceLifetime.h"

#include "clang-tidy/ClangTidyCheck.h"

namespace asynclint::events {

/// Finds registrations whose returned handle (connection, subscription,
/// token, id) is discarded although the handler holds state that can die, so
/// the registration can never be undone.
///
/// For the user-facing documentation see
/// docs/checks/events-discarded-subscription.md
class DiscardedSubscriptionCheck : public clang::tidy::ClangTidyCheck {
public:
  DiscardedSubscriptionCheck(llvm::StringRef Name,
                             clang::tidy::ClangTidyContext *Context);
  bool isLanguageVersionSupported(const clang::LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override {
    Classes.clear();
    Lifetimes.clear();
    Inferred.clear();
    model::resetLocalParents();
  }

private:
  const model::EventApiCatalog Catalog;
  model::EventSourceModel Inferred;
  model::ClassEventsCache Classes;
  model::SourceLifetimes Lifetimes{Catalog};
};

} // namespace asynclint::events

#endif // ASYNCLINT_EVENTS_DISCARDEDSUBSCRIPTIONCHECK_H
