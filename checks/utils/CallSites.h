//===--- CallSites.h - the direct calls of a function in one TU -----------===//
//
// Who calls a function, as far as one translation unit shows: every direct
// call of it in the TU's own code (system headers are not read), found in
// one walk over the TU the first time anything is asked, and kept until the
// next TU. A check that owns an instance clears it in
// onStartOfTranslationUnit.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_UTILS_CALLSITES_H
#define ASYNCLINT_UTILS_CALLSITES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

namespace asynclint::utils {

class CallSites {
public:
  /// Forgets the index; the next question walks the new TU.
  void clear() {
    Calls.clear();
    Indexed = false;
  }
  /// The direct calls of \p Callee (any redeclaration) in \p Context's TU,
  /// outside system headers, in source order.
  llvm::ArrayRef<const clang::CallExpr *> of(const clang::FunctionDecl *Callee,
                                             clang::ASTContext &Context);

private:
  llvm::DenseMap<const clang::FunctionDecl *,
                 llvm::SmallVector<const clang::CallExpr *, 2>>
      Calls;
  bool Indexed = false;
};

} // namespace asynclint::utils

#endif // ASYNCLINT_UTILS_CALLSITES_H
