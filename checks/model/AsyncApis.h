//===--- AsyncApis.h - what the async checks know about APIs --------------===//
//
// The async half of the API catalog: which calls hand a task to a thread pool
// or executor (and which argument is the task), and which calls block the
// calling thread. Answers come from built-in tables, from check options that
// extend or replace them, and from source annotations (annotations.hpp).
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_MODEL_ASYNCAPIS_H
#define ASYNCLINT_MODEL_ASYNCAPIS_H

#include "model/NamePatterns.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"

namespace asynclint::model {

/// Built-in tables, as `;`-separated qualified-name globs.
namespace defaults {
extern const char SubmissionFunctions[];
extern const char BlockingFunctions[];
} // namespace defaults

/// The async API catalog for one check instance; built once from its options.
class AsyncApiCatalog {
public:
  /// Reads `SubmissionFunctions` and `BlockingFunctions` (replace the
  /// built-in tables) and `ExtraSubmissionFunctions` and
  /// `ExtraBlockingFunctions` (extend them).
  explicit AsyncApiCatalog(clang::tidy::ClangTidyCheck::OptionsView &Options);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts,
                    clang::tidy::ClangTidyCheck::OptionsView &Options) const;

  /// The arguments of \p Call that run as tasks on a pool worker; empty when
  /// \p Call is not a submission.
  llvm::SmallVector<const clang::Expr *, 2>
  submittedTasks(const clang::CallExpr *Call) const;

  /// True if \p Call blocks the calling thread until other work finishes.
  bool isBlocking(const clang::CallExpr *Call) const;

private:
  std::string SubmissionOption, ExtraSubmissionOption;
  std::string BlockingOption, ExtraBlockingOption;
  NamePatterns Submissions;
  NamePatterns Blocking;
};

/// True if an expression of type \p Type can be called: a lambda or other
/// class with operator(), a function, or a pointer or reference to one.
bool isCallableType(clang::QualType Type);

} // namespace asynclint::model

#endif // ASYNCLINT_MODEL_ASYNCAPIS_H
