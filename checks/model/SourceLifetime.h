//===--- SourceLifetime.h - can an event source outlive a handler's state --===//
//
// The object-path resolver the events checks share. A handler that uses
// `this` (or a local) dangles only if its source can still call it after the
// object (or the function) is gone. That cannot happen when the source is
// part of what dies:
//   - a by-value member of the object, or a part an accessor returns of one
//     (`property().changed`, gtkmm's `button_.signal_clicked()` proxy);
//   - an object the object created and destroys with itself: a pointer
//     member it alone assigns from a creation (`new`, `std::make_shared`, a
//     factory whose body returns one) and deletes or releases, or creates as
//     a child of itself (a Qt parent); a shared pointer member it created and
//     never copies out; a unique pointer member;
//   - a local of the registering function, held by value or by a unique
//     pointer and not moved out, or a temporary view built over one;
//   - or the object itself is never destroyed (a singleton whose
//     constructors are private and whose one instance is static).
// Facts about a member are read from the bodies of its class's member
// functions in this translation unit, memoized per translation unit.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_MODEL_SOURCELIFETIME_H
#define ASYNCLINT_MODEL_SOURCELIFETIME_H

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"

#include <optional>

namespace asynclint::model {

class EventApiCatalog;
struct DeferredFinding;

class SourceLifetimes {
public:
  explicit SourceLifetimes(const EventApiCatalog &Catalog) : Catalog(Catalog) {}
  /// Forgets what was learnt; called at the start of each translation unit.
  void clear() {
    OwnedFields.clear();
    Immortal.clear();
    Creators.clear();
  }

  /// True if \p Source, written in a member function, is the object itself,
  /// part of it, or an object it owns, so it dies no later than the object.
  bool diesWithObject(const clang::Expr *Source);
  /// True if \p Source is a local of \p Function (by value, or owned by a
  /// local unique pointer), not moved or returned out of it, or a temporary
  /// built over one: it dies when \p Function returns.
  bool diesWithFunction(const clang::Expr *Source,
                        const clang::FunctionDecl *Function);
  /// True if objects of \p Class are never destroyed: every constructor is
  /// private (or protected) and the class keeps its one instance in a
  /// static variable (or a static pointer or smart pointer to one) and never
  /// deletes it.
  bool isImmortal(const clang::CXXRecordDecl *Class);
  /// True if \p Source, written in a member function of \p Method's class,
  /// is the object that created this one and gave itself to it: a
  /// constructor parameter (or the reference member it initialises) that
  /// every construction of the class in this translation unit passes
  /// `this` or `*this` to (`new TrieController(*this)`). The creator
  /// outlives what it creates for itself.
  bool isCreator(const clang::Expr *Source, const clang::CXXMethodDecl *Method);
  /// The constructor parameter \p Source is when this translation unit
  /// constructs no object of \p Method's class, so only the whole program
  /// can tell whether it is the creator (see EventsFacts.h).
  std::optional<unsigned> creatorElsewhere(const clang::Expr *Source,
                                           const clang::CXXMethodDecl *Method);
  /// Sets in \p Deferred what only the whole program can decide about the
  /// registration of \p Source in \p Method, a member function of
  /// \p Class (null for \p Source when the source is unknown): whether the
  /// source created the object, whether the object is ever destroyed.
  /// False if nothing is left to decide.
  bool undecidedHere(const clang::Expr *Source, const clang::CXXMethodDecl *Method,
                     DeferredFinding &Deferred);

private:
  bool ownedObject(const clang::Expr *E, int Depth);
  bool ownedPointee(const clang::Expr *E, int Depth);
  /// True if the accessor call \p Accessor returns a part of an owned
  /// object.
  bool ownedPart(const clang::CXXMemberCallExpr *Accessor, int Depth);
  /// True if the pointer or shared-pointer member \p Field points to an
  /// object its class created and destroys with itself.
  bool ownsPointee(const clang::FieldDecl *Field);
  bool computeOwnsPointee(const clang::FieldDecl *Field);
  struct CreatorFacts {
    unsigned Index = 0;
    unsigned Seen = 0, BySelf = 0;
  };
  const CreatorFacts *creatorFacts(const clang::Expr *Source,
                                   const clang::CXXMethodDecl *Method);
  bool localObject(const clang::Expr *E, const clang::FunctionDecl *Function,
                   int Depth);

  const EventApiCatalog &Catalog;
  llvm::DenseMap<const clang::FieldDecl *, bool> OwnedFields;
  llvm::DenseMap<const clang::CXXRecordDecl *, bool> Immortal;
  /// Per class, per constructor parameter: every construction passes the
  /// creator itself.
  llvm::DenseMap<const clang::ParmVarDecl *, CreatorFacts> Creators;
};

} // namespace asynclint::model

#endif // ASYNCLINT_MODEL_SOURCELIFETIME_H
