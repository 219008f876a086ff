//===--- UnmatchedRegistrationCheck.h - asynclint -------------------------===//

#ifndef ASYNCLINT_EVENTS_UNMATCHEDREGISTRATIONCHECK_H
#define ASYNCLINT_EVENTS_UNMATCHEDREGISTRATIONCHECK_H

#include "model/EventApis.h"
#include "model/EventsFacts.h"
#include "model/GObjectInstances.h"
#include "model/SourceLifetime.h"

#include "clang-tidy/ClangTidyCheck.h"

namespace asynclint::events {

/// Finds member functions that register a handler using 'this' with an event
/// source the object does not own, when no member function of the class ever
/// undoes the registration and no RAII handle for it is kept.
///
/// For the user-facing documentation see
/// docs/checks/events-unmatched-registration.md
class UnmatchedRegistrationCheck : public clang::tidy::ClangTidyCheck {
public:
  UnmatchedRegistrationCheck(llvm::StringRef Name,
                             clang::tidy::ClangTidyContext *Context);
  bool isLanguageVersionSupported(const clang::LangOptions &LangOpts) const override {
    // C too, for GObject's C idiom.
    return LangOpts.CPlusPlus11 || !LangOpts.CPlusPlus;
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override {
    Classes.clear();
    Lifetimes.clear();
    Inferred.clear();
    GObjects.clear();
    model::resetLocalParents();
  }

private:
  void recordMembers(const clang::CXXMethodDecl *Method,
                     const clang::SourceManager &SM);
  /// GObject in C: \p R made with an instance (`self`) as user data in a
  /// function of its type, reported unless the source dies with the
  /// instance or a function of the type undoes it.
  void checkGObjectInstance(
      const model::Registration &R,
      const clang::ast_matchers::MatchFinder::MatchResult &Result);

  const model::EventApiCatalog Catalog;
  model::EventSourceModel Inferred;
  model::ClassEventsCache Classes;
  model::SourceLifetimes Lifetimes{Catalog};
  model::LifetimeFactsCollector LifetimeFacts;
  model::GObjectInstances GObjects{Catalog};
};

} // namespace asynclint::events

#endif // ASYNCLINT_EVENTS_UNMATCHEDREGISTRATIONCHECK_H
