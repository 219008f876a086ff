//===--- LocalCaptureEscapesCheck.h - asynclint ---------------------------===//

#ifndef ASYNCLINT_EVENTS_LOCALCAPTUREESCAPESCHECK_H
#define ASYNCLINT_EVENTS_LOCALCAPTUREESCAPESCHECK_H

#include "model/EventApis.h"
#include "model/SourceLifetime.h"

#include "clang-tidy/ClangTidyCheck.h"

namespace asynclint::events {

/// Finds handlers that hold local variables by reference (or through
/// pointers) and are registered with a source that outlives the function,
/// without being unregistered before the function returns.
///
/// For the user-facing documentation see
/// docs/checks/events-local-capture-escapes.md
class LocalCaptureEscapesCheck : public clang::tidy::ClangTidyCheck {
public:
  LocalCaptureEscapesCheck(llvm::StringRef Name,
                           clang::tidy::ClangTidyContext *Context);
  bool isLanguageVersionSupported(const clang::LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override {
    Lifetimes.clear();
    Inferred.clear();
    model::resetLocalParents();
  }

private:
  const model::EventApiCatalog Catalog;
  model::SourceLifetimes Lifetimes{Catalog};
  model::EventSourceModel Inferred;
};

} // namespace asynclint::events

#endif // ASYNCLINT_EVENTS_LOCALCAPTUREESCAPESCHECK_H
