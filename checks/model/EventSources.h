//===--- EventSources.h - event sources known from their code --------------===//
//
// A listener list of the project's own, whatever it is called. In a class
// that is not a library's, a member function is a *registration* when it
// puts a callable parameter into a member container (`push_back`,
// `emplace`, `insert`, `list[key] = f`, through `std::move`, wrapper
// structs and local references such as `auto &list = handlers_[name]`), and
// the class also *dispatches* that container: one of its member functions
// calls the stored elements without draining them (a job queue pops or
// clears what it runs; a listener list keeps it). A member function of the
// same class that removes entries from the same container is its *undo*:
// by equality when it takes the callable, by token when it takes what the
// registration returned (an id, an iterator), all at once when it takes
// nothing.
//
// Where only declarations are visible (the class is implemented in another
// file), a member function taking a callable is a registration when its
// name pairs with another member's of the same class by a stem
// (`addX`/`removeX`, `registerX`/`unregisterX`/`deregisterX`,
// `subscribeX`/`unsubscribeX`, `attachX`/`detachX`, `hookX`/`unhookX`),
// which is then its undo.
//
// Everything is memoized per member function and per field for one
// translation unit.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_MODEL_EVENTSOURCES_H
#define ASYNCLINT_MODEL_EVENTSOURCES_H

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

namespace asynclint::model {

struct Registration;

/// What a member function is to the listener list it works on.
struct EventRole {
  enum Kind { None, Register, Unregister };
  /// How an undo finds the entry it removes.
  enum Match { All, Equality, Token };
  Kind K = None;
  Match By = All;
  /// The member container; null when known by name only.
  const clang::FieldDecl *List = nullptr;
  /// The callable parameters that become handlers (registrations).
  llvm::SmallVector<unsigned, 1> Handlers;
  /// Known from the names of declarations only.
  bool ByName = false;
};

class EventSourceModel {
public:
  /// The role of \p Method; memoized.
  const EventRole &role(const clang::CXXMethodDecl *Method);
  /// \p Call as a registration of an inferred listener list, or false.
  bool registration(const clang::CallExpr *Call, Registration &Out);
  /// True if \p Call undoes a registration of an inferred listener list.
  bool isUnregistration(const clang::CallExpr *Call);
  /// Forgets what was learnt; called at the start of each translation unit.
  void clear() {
    Roles.clear();
    Dispatched.clear();
  }

private:
  EventRole computeRole(const clang::CXXMethodDecl *Method);
  EventRole roleByName(const clang::CXXMethodDecl *Method);
  /// True if a member function of \p List's class calls its elements and
  /// does not drain it.
  bool dispatches(const clang::FieldDecl *List);

  llvm::DenseMap<const clang::CXXMethodDecl *, EventRole> Roles;
  llvm::DenseMap<const clang::FieldDecl *, bool> Dispatched;
};

} // namespace asynclint::model

#endif // ASYNCLINT_MODEL_EVENTSOURCES_H
