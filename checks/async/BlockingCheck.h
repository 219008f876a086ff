//===--- BlockingCheck.h - what the async checks share ---------------------===//
//
// Both async checks read the same options (the API catalog, MaxChainNotes),
// keep one blocking summary per translation unit, report each wait once and,
// in a codebase run, record the facts of the functions the TU defines for the
// whole-program merge (BlockingFacts). They differ only in their roots: pool
// tasks or coroutine bodies.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_ASYNC_BLOCKINGCHECK_H
#define ASYNCLINT_ASYNC_BLOCKINGCHECK_H

#include "async/BlockingFacts.h"
#include "model/AsyncApis.h"
#include "model/BlockingSummary.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/FunctionExtras.h"

#include <memory>
#include <vector>

namespace asynclint::async {

class BlockingCheck : public clang::tidy::ClangTidyCheck {
public:
  BlockingCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;

protected:
  /// In a codebase run, matches the function definitions of the main file
  /// as "definition", for the whole-program merge.
  void registerDefinitionMatcher(clang::ast_matchers::MatchFinder *Finder);

  /// Records a matched "definition" and returns true; false for other
  /// matches.
  bool recordDefinition(
      const clang::ast_matchers::MatchFinder::MatchResult &Result);

  /// True the first time a wait at \p Call's spelling location is reported
  /// (a wait written once in a template or a macro body is reported once).
  bool firstReport(const clang::CallExpr *Call, const clang::SourceManager &SM);

  /// Adds the `frame #N` notes of \p Chain, at most MaxChainNotes of them,
  /// and the note explaining a discarded `std::async` result at its end.
  void addChainNotes(const clang::CallExpr *Call,
                     llvm::ArrayRef<model::BlockingFrame> Chain);

  /// A root's call \p Call that blocks through the helpers of \p Chain
  /// (non-empty): with GroupByBlockingCall, it joins the group of every
  /// root call reaching the same wait, reported once at the end of the TU
  /// (reportAlone for a group of one). Returns false when not grouped; the
  /// caller reports at once.
  bool deferToGroup(const clang::CallExpr *Call,
                    llvm::ArrayRef<model::BlockingFrame> Chain,
                    const clang::SourceManager &SM,
                    llvm::unique_function<void()> ReportAlone);

  /// True if the roots are coroutines (the wording of grouped reports).
  virtual bool groupsCoroutines() const = 0;

  const model::AsyncApiCatalog Catalog;
  const unsigned MaxChainNotes;
  const bool GroupByBlockingCall;
  std::unique_ptr<model::BlockingSummary> Summary;
  std::unique_ptr<BlockingFacts> Facts; ///< in a codebase run only

private:
  /// The root calls that reach one wait through helpers.
  struct Group {
    model::BlockingFrame Wait;
    std::vector<const clang::CallExpr *> Sites;
    llvm::DenseSet<unsigned> SiteLocs; ///< spelling locations of Sites
    llvm::unique_function<void()> ReportAlone;
  };

  llvm::DenseSet<unsigned> Reported; ///< spelling locations reported
  std::vector<Group> Groups;                 ///< in the order first reached
  llvm::DenseMap<unsigned, size_t> GroupOf;  ///< wait spelling loc -> index
  const clang::SourceManager *GroupSM = nullptr;
};

} // namespace asynclint::async

#endif // ASYNCLINT_ASYNC_BLOCKINGCHECK_H
