//===--- UnmatchedRegistrationCheck.cpp - asynclint -----------------------===//

#include "events/UnmatchedRegistrationCheck.h"

#include "model/EventsFacts.h"
#include "model/GObjectInstances.h"
#include "model/HandlerCaptures.h"
#include "model/UndoPairing.h"
#include "utils/ExprUtils.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace asynclint::events {

static constexpr llvm::StringLiteral Family = "events";

UnmatchedRegistrationCheck::UnmatchedRegistrationCheck(
    llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), Catalog(Options), Classes(Catalog, Inferred) {}

void UnmatchedRegistrationCheck::storeOptions(
    clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  Catalog.storeOptions(Opts, Options);
}

void UnmatchedRegistrationCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(callExpr(unless(isExpansionInSystemHeader()),
                              model::mayBeEventCall(&Catalog))
                         .bind("call"),
                     this);
  // In a codebase run, the member functions this TU defines, for the merge,

  // the constructions and deletes that decide whose object outlives whose.
  if (model::FactsRecorder::get()) {
    Finder->addMatcher(
        cxxMethodDecl(isDefinition(), isExpansionInMainFile()).bind("member"),
        this);
    LifetimeFacts.registerMatchers(Finder);
  }
}

static std::string quoted(llvm::StringRef Name) {
  return ("'" + Name + "'").str();
}

namespace {
class UndoNames : public RecursiveASTVisitor<UndoNames> {
public:
  UndoNames(const model::EventApiCatalog &Catalog,
            model::EventSourceModel &Inferred, llvm::json::Array &Names)
      : Catalog(Catalog), Inferred(Inferred), Names(Names) {}
  bool VisitCallExpr(CallExpr *Call) {
    if (Catalog.isUnregistration(Call, &Inferred))
      for (std::string &Name : model::callNames(Call))
        Names.push_back(std::move(Name));
    return true;
  }

private:
  const model::EventApiCatalog &Catalog;
  model::EventSourceModel &Inferred;
  llvm::json::Array &Names;
};
} // namespace

void UnmatchedRegistrationCheck::recordMembers(const CXXMethodDecl *Method,
                                               const SourceManager &SM) {
  model::FactsRecorder *Facts = model::FactsRecorder::get();
  if (!Facts || Method->getParent()->isLambda() ||
      Method->isTemplateInstantiation())
    return;
  llvm::json::Array Undo;
  UndoNames Collector(Catalog, Inferred, Undo);
  Collector.TraverseDecl(const_cast<CXXMethodDecl *>(Method));
  // One per member function defined in the TU, the most frequent record:
  // an array, cheap to load in the merge.
  Facts->add(Family, llvm::json::Array{"m", model::qualifiedName(Method->getParent()),
                                       model::memberKey(Method), std::move(Undo)});
}

/// True if \p Class derives from QObject (or another context type) by name,
/// so `this` can be the context object of a Qt connection.
static bool isContextClass(const CXXRecordDecl *Class) {
  if (!Class || !Class->hasDefinition())
    return false;
  return !Class->getDefinition()->forallBases([](const CXXRecordDecl *Base) {
    return Base->getName() != "QObject";
  });
}

/// The member \p Use keeps the handle in when its type is a class of the
/// project's own not known to undo, or null. An id or a pointer says nothing
/// about undoing, and a library's handle types are known from the tables.
static const FieldDecl *keptInUnknownHandle(const model::ResultUse &Use) {
  if (Use.K != model::ResultUse::StoredInField || !Use.Field)
    return nullptr;
  const CXXRecordDecl *Record =
      Use.Field->getType().getNonReferenceType()->getAsCXXRecordDecl();
  return Record && !utils::inSystemHeader(Record) ? Use.Field : nullptr;
}

/// What the note on such a member says: its type, and how to teach it.
static std::string unknownHandleNote(const FieldDecl *Kept) {
  std::string Type = Kept->getType().getAsString(
      PrintingPolicy(Kept->getASTContext().getLangOpts()));
  return "the handle is kept in " + quoted(Kept->getName()) + " of type " +
         quoted(Type) +
         ", which is not known to undo the registration when destroyed; if "
         "it does, add it to RaiiHandleTypes or mark it ASYNCLINT_RAII_HANDLE";
}

void UnmatchedRegistrationCheck::check(const MatchFinder::MatchResult &Result) {
  const SourceManager &SM = *Result.SourceManager;
  if (const auto *Member = Result.Nodes.getNodeAs<CXXMethodDecl>("member")) {
    recordMembers(Member, SM);
    return;
  }
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  model::Registration R;
  if (!Catalog.registration(Call, R, &Inferred) || R.SelfUnregistering)
    return;
  // Cheap filters first: finding the enclosing function builds the parent
  // map of the whole translation unit.
  model::HandlerHolds Holds;
  for (const Expr *Handler : R.Handlers)
    model::collectHandlerHolds(Handler, Holds);
  // GObject in C: the instance is user data, not `this`.
  if (!Holds.holdsThis() && Holds.Locals.empty()) {
    checkGObjectInstance(R, Result);
    return;
  }
  // Handlers that hold locals by reference are events-local-capture-escapes'.
  if (!Holds.holdsThis() || !Holds.Locals.empty())
    return;
  if (R.Source && Lifetimes.diesWithObject(R.Source))
    return;
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(
      model::enclosingFunction(Call, *Result.Context));
  if (!Method || Method->isStatic() || Method->getParent()->isLambda())
    return;
  const CXXRecordDecl *Class = Method->getParent();
  if ((R.Source && (Lifetimes.diesWithFunction(R.Source, Method) ||
                    Lifetimes.isCreator(R.Source, Method))) ||
      Lifetimes.isImmortal(Class))
    return;

  if (R.ReturnsRaiiHandle)
    return; // kept, it undoes; dropped, it undoes at once
  model::ResultUse Use = model::classifyResult(Call, *Result.Context);
  switch (Use.K) {
  case model::ResultUse::Returned:
    return; // the caller owns the handle
  case model::ResultUse::DiscardedOnPurpose:
    return; // `(void)`: left registered on purpose
  case model::ResultUse::StoredInField:
    if (Catalog.isRaiiHandleType(Use.Field->getType(), &Inferred))
      return;
    break;
  case model::ResultUse::StoredInLocal:
    if (Catalog.isRaiiHandleType(Use.Local->getType(), &Inferred))
      return;
    break;
  case model::ResultUse::Discarded:
    // A dropped handle is events-discarded-subscription's finding, except
    // where the fix is a context object rather than the handle, or where the
    // source sees the object and can undo it by object.
    if (R.ReturnsHandle && !R.TakesContext && !Holds.ThisIsArgument)
      return;
    break;
  case model::ResultUse::Other:
    break;
  }
  // Trackable objects are disconnected by the library when the handler is
  // bound to them directly (not through a lambda, which hides them).
  if (Holds.Lambdas.empty() && Catalog.isTrackable(Class))
    return;

  const model::ClassEvents &Events = Classes.get(Class);
  for (const CallExpr *Undo : Events.UndoCalls)
    if (R.Undo.matchesAny(model::callNames(Undo)) &&
        model::mayUndo(R, Use, Undo))
      return;

  const FunctionDecl *Callee =
      model::diagnosticCallee(Call->getDirectCallee());
  SourceLocation Loc = model::diagnosticLocation(Call, SM);
  const Decl *Subject = Class;
  if (const CXXDestructorDecl *Destructor = Class->getDestructor();
      Destructor && !Destructor->isImplicit())
    Subject = Destructor;
  // Qt: connect(sender, &S::signal, [this] {...}) inside a QObject gets
  // `this` as its context object, so Qt disconnects it with the object.
  const Expr *Functor =
      Call->getNumArgs() == 3 ? Call->getArg(2)->IgnoreImplicit() : nullptr;
  bool AddContext = R.TakesContext && Callee->getName() == "connect" &&
                    Functor &&
                    isa<LambdaExpr>(model::stripHandlerWrappers(Functor)) &&
                    isContextClass(Class) && !Call->getBeginLoc().isMacroID() &&
                    !Functor->getBeginLoc().isMacroID();

  // What only other TUs can tell: a member function defined elsewhere may
  // undo it; the object may be created by the source, or never destroyed.
  model::FactsRecorder *Facts = model::FactsRecorder::get();
  model::DeferredFinding Deferred;
  // Only registrations in the main file: one in a header is reported (or
  // not) by clang-tidy's header filter, which the merge step does not see.
  bool Undecided = Facts && !AddContext &&
                   SM.isWrittenInMainFile(SM.getExpansionLoc(Loc)) &&
                   Lifetimes.undecidedHere(R.Source, Method, Deferred);
  if (!Events.AllMembersVisible) {
    Deferred.Missing.emplace();
    for (const CXXMethodDecl *M : Events.Missing)
      Deferred.Missing->push_back(model::memberKey(M));
    Deferred.Undo = R.UndoGlobs;
  }
  if (Facts && (Undecided || Deferred.Missing)) {
    Deferred.Class = model::qualifiedName(Class);
    model::Finding &F = Deferred.Report;
    F.Check = std::string(getID());
    F.Message = quoted(Callee->getName()) +
                " registers a handler that uses 'this' and no member function "
                "of " + quoted(Class->getName()) + " undoes it";
    F.Location = model::findingLocation(SM, Loc);
    F.Notes.push_back({quoted(Class->getName()) +
                           " may be destroyed while the handler is still "
                           "registered",
                       model::findingLocation(SM, Subject->getLocation())});
    if (auto Note = model::sourceNote(R, Class, SM, getLangOpts()))
      F.Notes.push_back({Note->first, model::findingLocation(SM, Note->second)});
    if (R.TakesContext)
      F.Notes.push_back({"pass a context object so that the connection is "
                         "removed when " + quoted(Class->getName()) +
                         " is destroyed",
                         F.Location});
    if (const FieldDecl *Kept = keptInUnknownHandle(Use))
      F.Notes.push_back({unknownHandleNote(Kept),
                         model::findingLocation(SM, Kept->getLocation())});
    Facts->add(Family, toJSON(Deferred));
    return;
  }
  if (!Events.AllMembersVisible)
    return; // another TU may define the member function that undoes it

  {
    auto Diag = diag(Loc, "%0 registers a handler that uses 'this' and no "
                          "member function of %1 undoes it")
                << Callee << Class;
    if (AddContext)
      Diag << FixItHint::CreateInsertion(Functor->getBeginLoc(), "this, ");
  }
  if (Facts)
    Facts->add(Family, llvm::json::Array{"r", model::writeLocation(SM, Loc)});
  diag(Subject->getLocation(),
       "%0 may be destroyed while the handler is still registered",
       DiagnosticIDs::Note)
      << Class;
  if (auto Note = model::sourceNote(R, Class, SM, getLangOpts()))
    diag(Note->second, Note->first, DiagnosticIDs::Note);
  if (R.TakesContext)
    diag(Loc, "pass a context object so that the connection is removed when "
              "%0 is destroyed",
         DiagnosticIDs::Note)
        << Class;
  if (const FieldDecl *Kept = keptInUnknownHandle(Use))
    diag(Kept->getLocation(), unknownHandleNote(Kept), DiagnosticIDs::Note);
}

void UnmatchedRegistrationCheck::checkGObjectInstance(
    const model::Registration &R, const MatchFinder::MatchResult &Result) {
  std::optional<model::GInstance> Instance = GObjects.instanceOf(R);
  if (!Instance || GObjects.livesWithProcess(*Instance))
    return;
  const FunctionDecl *Registering =
      model::enclosingFunction(R.Call, *Result.Context);
  // Connected in a member function: the C++ rules (and `this`) apply.
  if (!Registering || isa<CXXMethodDecl>(Registering) ||
      !model::GObjectInstances::isInstanceFunction(*Instance, Registering) ||
      GObjects.sourceDiesWithInstance(R, *Instance, Registering,
                                      *Result.Context))
    return;
  // The id handed to the caller, which can remove it.
  if (R.ReturnsHandle &&
      model::classifyResult(R.Call, *Result.Context).K ==
          model::ResultUse::Returned)
    return;
  if (GObjects.undoInType(R, *Instance, Registering, *Result.Context))
    return;

  const FunctionDecl *Callee =
      model::diagnosticCallee(R.Call->getDirectCallee());
  SourceLocation Loc = model::diagnosticLocation(R.Call, *Result.SourceManager);
  PrintingPolicy Policy(Result.Context->getLangOpts());
  std::string Type = quoted(Instance->Self->getType()
                                ->getPointeeType()
                                .getUnqualifiedType()
                                .getAsString(Policy));
  diag(Loc, "%0 registers a handler that uses %1 and no function of %2 "
            "undoes it")
      << Callee << Instance->Self << Type;
  diag(Instance->Type->getLocation(),
       "%0 may be finalized while the handler is still registered",
       DiagnosticIDs::Note)
      << Type;
  if (R.Source)
    diag(Loc, "disconnect it in the type's dispose or finalize function, or "
              "connect with 'g_signal_connect_object'",
         DiagnosticIDs::Note);
  else
    diag(Loc, "remove it by its id in the type's dispose or finalize "
              "function",
         DiagnosticIDs::Note);
}

} // namespace asynclint::events
