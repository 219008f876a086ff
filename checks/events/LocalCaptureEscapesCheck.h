//===--- LocalCaptureEscapesCheck.h - asynclint ---------------------------===//

#ifndef ASYNCLINT_EVENTS_LOCALCAPTUREESCAPESCHECK_H
#define ASYNCLINT_EVENTS_LOCALCAPTUREESCAPESCHECK_H

#include "model/EventApis.h"
#include "model/SourceLifetime.h"
#include "utils/CallSites.h"

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
    Sites.clear();
    model::resetLocalParents();
  }

private:
  /// True unless \p R, written in \p Owner, is ended before \p Owner
  /// returns: its source or context dies with \p Owner, a local RAII handle
  /// keeps it, the function undoes it or waits for the event, or (with
  /// \p HandleGoesToCaller) it returns the handle to its caller.
  bool staysAfterReturn(
      const model::Registration &R, const clang::FunctionDecl *Owner,
      const clang::ast_matchers::MatchFinder::MatchResult &Result,
      bool HandleGoesToCaller);
  /// Reports \p R when its handler holds the reference parameter \p Param
  /// and a caller in this TU binds \p Param to a local or a temporary;
  /// true if it did.
  bool checkReferenceParameter(
      const model::Registration &R, const clang::ParmVarDecl *Param,
      const clang::ast_matchers::MatchFinder::MatchResult &Result);

  const model::EventApiCatalog Catalog;
  model::SourceLifetimes Lifetimes{Catalog};
  model::EventSourceModel Inferred;
  utils::CallSites Sites;
};

} // namespace asynclint::events

#endif // ASYNCLINT_EVENTS_LOCALCAPTUREESCAPESCHECK_H
