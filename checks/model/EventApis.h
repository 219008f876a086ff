//===--- EventApis.h - what the events checks know about APIs -------------===//
//
// The events half of the API catalog: which calls register a handler with an
// event source, which calls undo a registration (the pair table), which
// handle types undo it when destroyed (RAII handles), which registrations
// undo themselves (a tracked object, a context object, a weak owner), and
// which classes the libraries disconnect automatically (trackable bases).
// Answers come from built-in tables, from check options that extend or
// replace them, and from source annotations (annotations.hpp).
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_MODEL_EVENTAPIS_H
#define ASYNCLINT_MODEL_EVENTAPIS_H

#include "model/Annotations.h"
#include "model/EventSources.h"
#include "model/NamePatterns.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <string>
#include <vector>

namespace asynclint::model {

/// Built-in tables, as `;`-separated lists.
namespace defaults {
/// Rows `register=undo,undo...` of qualified-name globs.
extern const char RegistrationPairs[];
extern const char RaiiHandleTypes[];
extern const char SelfUnregisteringFunctions[];
extern const char ContextRegistrations[];
extern const char ContextTypes[];
extern const char TrackableBases[];
/// Functions that return a new object their caller owns.
extern const char CreationFunctions[];
/// Functions that destroy or release the object they are given (as the
/// argument, or the object of a member call).
extern const char ReleaseFunctions[];
/// Functions that do not return until other code has run on the calling
/// thread or another one: a nested event loop, a dialog's modal loop, a
/// blocking wait. A function that calls one after registering a handler
/// waits for the event it registered for.
extern const char WaitFunctions[];
/// Types whose one instance lives as long as the process's main loop (the
/// application object): what they register never outlives them.
extern const char ProcessLifetimeTypes[];
} // namespace defaults

/// One registration call, as the catalog sees it.
struct Registration {
  const clang::CallExpr *Call = nullptr;
  /// The object the handler is registered with (`bus` in
  /// `bus.subscribe(h)`, the sender of a Qt or GObject connect); null when
  /// there is none (a process-wide source such as a timer).
  const clang::Expr *Source = nullptr;
  /// The arguments that make up the handler (callables, listener pointers,
  /// user data).
  llvm::SmallVector<const clang::Expr *, 2> Handlers;
  /// Calls that undo this registration.
  NamePatterns Undo;
  /// The undo globs, for messages and cross-TU records.
  std::vector<std::string> UndoGlobs;
  /// The library undoes it by itself: a context or tracked object, a weak
  /// owner, a self-unregistering API.
  bool SelfUnregistering = false;
  /// When the library undoes it because objects die (a Qt context object,
  /// `slot.track(p)`, `sigc::track_obj(f, obj)`): those objects. They excuse
  /// what dies with them (`this`), not the locals of the function unless
  /// they are locals of it too. Empty for every other kind of undo.
  llvm::SmallVector<const clang::Expr *, 1> Guards;
  /// The API takes an optional context object that undoes the registration
  /// when it dies (Qt); the fix is to pass one, not to keep the handle.
  bool TakesContext = false;
  /// The call returns a handle that identifies the registration.
  bool ReturnsHandle = false;
  /// ... and that handle undoes it when destroyed.
  bool ReturnsRaiiHandle = false;
};

/// How the value of a call is used.
struct ResultUse {
  /// DiscardedOnPurpose: cast to void, a deliberate discard.
  enum Kind {
    Discarded,
    DiscardedOnPurpose,
    StoredInField,
    StoredInLocal,
    Returned,
    Other
  };
  Kind K = Other;
  const clang::FieldDecl *Field = nullptr;
  const clang::VarDecl *Local = nullptr;
};

/// What the member functions of one class do about registrations.
struct ClassEvents {
  /// Every user-written member function of the class is defined in this TU.
  bool AllMembersVisible = true;
  /// Declared member functions whose definition is not in this TU.
  llvm::SmallVector<const clang::CXXMethodDecl *, 4> Missing;
  /// Unregistration calls made by the member functions.
  llvm::SmallVector<const clang::CallExpr *, 4> UndoCalls;
};

/// One table of the catalog, read from two options: `<Name>` replaces the
/// built-in rows, `Extra<Name>` adds rows before them. Both are written back
/// by store(), so `--dump-config` shows them.
class CatalogTable : public NamePatterns {
public:
  CatalogTable(clang::tidy::ClangTidyCheck::OptionsView &Options,
               llvm::StringRef Name, llvm::StringRef Default);
  void store(clang::tidy::ClangTidyOptions::OptionMap &Opts,
             clang::tidy::ClangTidyCheck::OptionsView &Options) const;

private:
  std::string Name, Base, Extra;
};

/// The events API catalog for one check instance; built once from options.
class EventApiCatalog {
public:
  /// Reads `RegistrationPairs`, `RaiiHandleTypes`,
  /// `SelfUnregisteringFunctions`, `ContextRegistrations`, `ContextTypes`,
  /// `TrackableBases` (replace the built-in tables) and their `Extra...`
  /// variants (extend them); a key is looked up for the check, then globally.
  explicit EventApiCatalog(clang::tidy::ClangTidyCheck::OptionsView &Options);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts,
                    clang::tidy::ClangTidyCheck::OptionsView &Options) const;

  /// Cheap pre-filter for matchers: false when no function named \p Name can
  /// be a registration or an unregistration in the tables.
  bool mayBeEventCall(llvm::StringRef Name) const;

  /// \p Call as a registration, or false: from the tables, else from the
  /// code of a listener list of the project's own when \p Inferred is given.
  bool registration(const clang::CallExpr *Call, Registration &Out,
                    EventSourceModel *Inferred = nullptr) const;
  /// True if \p Call undoes some registration.
  bool isUnregistration(const clang::CallExpr *Call,
                        EventSourceModel *Inferred = nullptr) const;
  /// True if destroying an object of type \p Type undoes a registration
  /// (an RAII handle, or a container or smart pointer of them): one named
  /// by the tables or annotated, or one whose destructor, as its code shows,
  /// undoes the registration it holds in a field (`~ScopedSub() {
  /// bus_->unsubscribe(id_); }`, also through a member function of its own
  /// such as `disconnect()`). \p Inferred adds the undo calls of the
  /// project's own listener lists.
  bool isRaiiHandleType(clang::QualType Type,
                        EventSourceModel *Inferred = nullptr) const;
  /// True if \p Record derives from a base the libraries disconnect when it
  /// is destroyed (sigc::trackable, ...).
  bool isTrackable(const clang::CXXRecordDecl *Record) const;
  /// True if \p Record is, or derives from, a context type (QObject): an
  /// object that deletes the children created with it as their parent.
  bool isContextType(const clang::CXXRecordDecl *Record) const;
  /// True if \p QualifiedName is one of the ContextTypes (for C structs,
  /// which have no bases to look through).
  bool namesContextType(llvm::StringRef QualifiedName) const {
    return ContextTypes.matches(QualifiedName);
  }
  /// True if \p QualifiedName is one of the ProcessLifetimeTypes.
  bool namesProcessLifetimeType(llvm::StringRef QualifiedName) const {
    return ProcessLifetime.matches(QualifiedName);
  }
  /// True if \p Call returns a new object its caller owns (`std::make_shared`,
  /// `g_object_new`, a GObject `*_new` constructor).
  bool isCreation(const clang::CallExpr *Call) const;
  /// True if \p Call destroys or releases an object (`g_object_unref`,
  /// `QObject::deleteLater`).
  bool isRelease(const clang::CallExpr *Call) const;
  /// True if \p Call runs a nested event loop or blocks until other work
  /// finishes (`QEventLoop::exec`, `g_main_loop_run`, `std::future::wait`).
  bool isWait(const clang::CallExpr *Call) const;

private:
  struct Pair {
    NamePatterns Register;
    std::vector<std::string> UndoGlobs;
  };
  bool isRaiiHandleType(clang::QualType Type, EventSourceModel *Inferred,
                        int Depth) const;
  bool destructorUndoes(const clang::CXXRecordDecl *Record,
                        EventSourceModel *Inferred) const;
  /// The undo globs of the table row \p Call matches, or null.
  const std::vector<std::string> *tableUndo(const clang::CallExpr *Call) const;
  /// The first argument from \p First on that is a pointer to a context
  /// type (the receiver or context object of a Qt connect), or null.
  const clang::Expr *contextArgument(const clang::CallExpr *Call,
                                     unsigned First) const;

  std::string PairsOption, ExtraPairsOption;
  std::vector<Pair> Pairs;
  NamePatterns AllRegister, AllUndo;
  CatalogTable RaiiTypes, SelfUnregistering, ContextRegs, ContextTypes,
      Trackable, Creation, Release, Wait, ProcessLifetime;
};

/// Forgets the parents cached by classifyResult and enclosingFunction; called
/// at the start of each translation unit.
void resetLocalParents();

/// How the value of \p Call is used: dropped, kept in a field or a local,
/// returned. Parents are read from a map of the top-level declaration that
/// contains \p Call only, not of the whole translation unit.
ResultUse classifyResult(const clang::CallExpr *Call,
                         clang::ASTContext &Context);

/// The function \p S is written in, looking through lambdas to the function
/// that contains them; null at namespace scope.
const clang::FunctionDecl *enclosingFunction(const clang::Stmt *S,
                                             clang::ASTContext &Context);

/// Computes what the member functions of classes do about registrations;
/// memoized per class.
class ClassEventsCache {
public:
  ClassEventsCache(const EventApiCatalog &Catalog, EventSourceModel &Inferred)
      : Catalog(Catalog), Inferred(Inferred) {}
  const ClassEvents &get(const clang::CXXRecordDecl *Record);
  void clear() { Cache.clear(); }

private:
  const EventApiCatalog &Catalog;
  EventSourceModel &Inferred;
  llvm::DenseMap<const clang::CXXRecordDecl *, ClassEvents> Cache;
};

/// A key for \p Method that is the same in every TU: its qualified name and
/// type.
std::string memberKey(const clang::CXXMethodDecl *Method);

/// The declaration to name in a diagnostic about a call to \p Callee:
/// `subscribe`, not `subscribe<Saved>`.
const clang::FunctionDecl *diagnosticCallee(const clang::FunctionDecl *Callee);

/// The note that names the source \p R is made with, as written and with
/// its type ("the source 'doc_.changed' ('Bus') is not owned by 'Journal'
/// and may outlive it"), and where to put it; none for `this` or a source
/// that cannot be spelled.
std::optional<std::pair<std::string, clang::SourceLocation>>
sourceNote(const Registration &R, const clang::NamedDecl *Owner,
           const clang::SourceManager &SM, const clang::LangOptions &LangOpts);

/// The location diagnostics about \p E use: outside macros (a glib
/// `g_signal_connect` is a macro over `g_signal_connect_data`).
clang::SourceLocation diagnosticLocation(const clang::Expr *E,
                                         const clang::SourceManager &SM);

/// True if \p Callee is a member function of the project's own that takes
/// a callable: it may be a registration (or an undo by equality) of a
/// listener list known from its code.
bool mayBeInferredEventCall(const clang::FunctionDecl *Callee);

/// Matches calls whose callee may be a registration or unregistration by
/// its unqualified name (the cheap pre-filter), is annotated as one, or may
/// be one of a listener list of the project's own.
AST_MATCHER_P(clang::CallExpr, mayBeEventCall, const EventApiCatalog *,
              Catalog) {
  const clang::FunctionDecl *Callee = Node.getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return false;
  return Catalog->mayBeEventCall(Callee->getName()) ||
         hasAnnotation(Callee, tag::Registers) ||
         hasAnnotation(Callee, tag::Unregisters) ||
         mayBeInferredEventCall(Callee);
}

} // namespace asynclint::model

#endif // ASYNCLINT_MODEL_EVENTAPIS_H
