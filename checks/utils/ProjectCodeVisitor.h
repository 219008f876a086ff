//===--- ProjectCodeVisitor.h - a visitor over the project's own code -----===//
//
// A RecursiveASTVisitor that does not enter declarations written in system
// headers: the walks over a whole TU that index the project's code (its
// calls, its fields, its types) skip the libraries it includes.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_UTILS_PROJECTCODEVISITOR_H
#define ASYNCLINT_UTILS_PROJECTCODEVISITOR_H

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

namespace asynclint::utils {

template <class Derived>
class ProjectCodeVisitor : public clang::RecursiveASTVisitor<Derived> {
public:
  explicit ProjectCodeVisitor(const clang::SourceManager &SM) : SM(SM) {}
  bool TraverseDecl(clang::Decl *D) {
    if (D && !clang::isa<clang::TranslationUnitDecl>(D) &&
        SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
      return true;
    return clang::RecursiveASTVisitor<Derived>::TraverseDecl(D);
  }

protected:
  const clang::SourceManager &SM;
};

} // namespace asynclint::utils

#endif // ASYNCLINT_UTILS_PROJECTCODEVISITOR_H
