//===--- ExprUtils.h - what an expression says, through its wrappers -------===//
//
// Generic questions about expressions that the model asks of any code: the
// object a (possibly dependent) member call is made on, the field of `this`
// an expression names, whether an expression mentions one of a set of
// variables. No API knowledge lives here (that is model/).
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_UTILS_EXPRUTILS_H
#define ASYNCLINT_UTILS_EXPRUTILS_H

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseSet.h"

namespace asynclint::utils {

/// \p E without parentheses, implicit nodes, casts, temporaries, and
/// single-argument constructions (copies, moves, conversions).
const clang::Expr *ignoreWrappers(const clang::Expr *E);

/// The object a member call is made on (`q` in `q.push(x)`, `q->push(x)`,
/// `q[i]`, `q(x)` for operator calls on members), also in a template where
/// the call is still dependent; null for other calls and for an implicit
/// `this`.
const clang::Expr *memberCallBase(const clang::CallExpr *Call);

/// The index of the argument of \p Call bound to the callee's first
/// parameter: 1 for an operator call on an object (argument 0 is the
/// object), 0 otherwise.
unsigned firstParamArg(const clang::CallExpr *Call);

/// True if \p F is defined here as a coroutine.
bool isCoroutineDefinition(const clang::FunctionDecl *F);

/// The name of the member a (possibly dependent) member call calls:
/// `push` in `q.push(x)`; empty when it has no plain name.
llvm::StringRef memberCallName(const clang::CallExpr *Call);

/// The field of the object `this` points to that \p E is, or is part of:
/// `q_`, `this->q_`, `*q_` and `q_->` (a pointer or smart-pointer member),
/// `q_[i]`, `data_.queue` (a sub-object), `data_.acquire()->queue` (through
/// an accessor); the same of another object of \p Class (`pool.q_`); also a
/// dependent `this->q_` in a class template, looked up by name in \p Class.
/// Null otherwise.
const clang::FieldDecl *fieldOfThis(const clang::Expr *E,
                                    const clang::CXXRecordDecl *Class);

/// The field of \p Class that \p Call moves out of its object
/// (`std::move(job_)`, `std::exchange(job_, nullptr)`), or null.
const clang::FieldDecl *movedOutField(const clang::CallExpr *Call,
                                      const clang::CXXRecordDecl *Class);

/// The local variable \p E is, or is part of, through the same steps as
/// fieldOfThis (`data->queue` reads `data`); null otherwise.
const clang::VarDecl *rootVar(const clang::Expr *E);

/// True if a variable of \p Vars is named anywhere in \p S, lambda bodies
/// and captures included.
bool mentionsAny(const clang::Stmt *S,
                 const llvm::DenseSet<const clang::ValueDecl *> &Vars);

/// The variable a plain reference names (`x`, `(x)`, `std::move(x)`), or null.
const clang::VarDecl *namedVar(const clang::Expr *E);

/// The definition of \p F when this TU has it and it is not a library's,
/// or null.
const clang::FunctionDecl *userDefinition(const clang::FunctionDecl *F);

/// Every function of \p Class with a body here: methods, member templates,
/// out-of-line definitions.
llvm::SmallVector<const clang::FunctionDecl *, 16>
methodsWithBodies(const clang::CXXRecordDecl *Class);

/// True if \p D is declared in a system header, or in a header of a
/// library installed under /usr/include or /usr/lib, however included.
bool inSystemHeader(const clang::Decl *D);

} // namespace asynclint::utils

#endif // ASYNCLINT_UTILS_EXPRUTILS_H
