//===--- HandlerCaptures.h - what an event handler holds ------------------===//
//
// A handler registered with an event source can be called long after the
// registration: whatever it refers to must still be alive then. This answers
// what a handler expression holds: `this` (captured by a lambda, explicitly
// or through a default capture that uses it; bound with std::bind; passed as
// a listener or as user data), local variables by reference or through
// pointers, other objects by reference, or nothing that can die.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_MODEL_HANDLERCAPTURES_H
#define ASYNCLINT_MODEL_HANDLERCAPTURES_H

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallVector.h"

namespace asynclint::model {

/// What one or more handler expressions hold.
struct HandlerHolds {
  /// Where `this` is held (a capture or an argument); invalid if it is not.
  clang::SourceLocation This;
  /// Local variables (and by-value parameters) of the enclosing function held
  /// by reference or through a pointer.
  llvm::SmallVector<const clang::VarDecl *, 2> Locals;
  /// Other objects held by reference: reference variables and parameters
  /// captured by reference, whose referents the handler does not own.
  llvm::SmallVector<const clang::VarDecl *, 2> References;
  /// `this` (or `*this`) is itself a handler argument, a listener or user
  /// data the source keeps: the library sees the object, so it can be undone
  /// by object (`removeListener(this)`, `g_signal_handlers_disconnect_by_data`)
  /// without the returned handle.
  bool ThisIsArgument = false;
  /// The lambdas among the handlers.
  llvm::SmallVector<const clang::LambdaExpr *, 1> Lambdas;

  bool holdsThis() const { return This.isValid(); }
  /// True if anything the handler refers to can die before the source.
  bool holdsDyingState() const {
    return holdsThis() || !Locals.empty() || !References.empty();
  }
};

/// Adds what \p Handler holds to \p Holds. Lambda bodies are not entered:
/// their capture lists say what they hold.
void collectHandlerHolds(const clang::Expr *Handler, HandlerHolds &Holds);

/// True if \p Var is a local variable or by-value parameter: an object that
/// dies when its function returns.
bool isLocalObject(const clang::VarDecl *Var);

/// The expression \p E with the conversions, temporaries and copies that wrap
/// a handler (into std::function, a slot type, ...) removed.
const clang::Expr *stripHandlerWrappers(const clang::Expr *E);

} // namespace asynclint::model

#endif // ASYNCLINT_MODEL_HANDLERCAPTURES_H
