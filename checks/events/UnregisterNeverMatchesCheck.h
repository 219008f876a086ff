//===--- UnregisterNeverMatchesCheck.h - asynclint ------------------------===//

#ifndef ASYNCLINT_EVENTS_UNREGISTERNEVERMATCHESCHECK_H
#define ASYNCLINT_EVENTS_UNREGISTERNEVERMATCHESCHECK_H

#include "model/EventApis.h"

#include "clang-tidy/ClangTidyCheck.h"

namespace asynclint::events {

/// Finds unregistrations given a fresh lambda, std::bind result or
/// std::function, which never equals the handler that was registered, so
/// nothing is removed.
///
/// For the user-facing documentation see
/// docs/checks/events-unregister-never-matches.md
class UnregisterNeverMatchesCheck : public clang::tidy::ClangTidyCheck {
public:
  UnregisterNeverMatchesCheck(llvm::StringRef Name,
                              clang::tidy::ClangTidyContext *Context);
  bool isLanguageVersionSupported(const clang::LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override {
    Inferred.clear();
    model::resetLocalParents();
  }

private:
  /// The registration \p Undo, written in \p Function, was meant to undo:
  /// one of the pair on the same source in the same function, or in a
  /// member function of the same class; null if none is visible. Sets
  /// \p ReturnsHandle when that registration returns a handle.
  const clang::CallExpr *originalRegistration(const clang::CallExpr *Undo,
                                              const clang::FunctionDecl *Function,
                                              clang::ASTContext &Context,
                                              bool &ReturnsHandle);

  const model::EventApiCatalog Catalog;
  model::EventSourceModel Inferred;
};

} // namespace asynclint::events

#endif // ASYNCLINT_EVENTS_UNREGISTERNEVERMATCHESCHECK_H
