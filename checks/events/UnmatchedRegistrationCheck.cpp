//===--- UnmatchedRegistrationCheck.cpp - asynclint -----------------------===//

#include "events/UnmatchedRegistrationCheck.h"

#include "model/Facts.h"
#include "model/HandlerCaptures.h"
#include "model/UndoPairing.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <map>
#include <set>

using namespace clang;
using namespace clang::ast_matchers;

namespace asynclint::events {

static constexpr llvm::StringLiteral CheckName = "events-unmatched-registration";
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
  // In a codebase run, the member functions this TU defines, for the merge.
  if (model::FactsRecorder::get())
    Finder->addMatcher(
        cxxMethodDecl(isDefinition(), isExpansionInMainFile()).bind("member"),
        this);
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
    if (Catalog.isRaiiHandleType(Use.Field->getType()))
      return;
    break;
  case model::ResultUse::StoredInLocal:
    if (Catalog.isRaiiHandleType(Use.Local->getType()))
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
  std::string NoteText =
      quoted(Class->getName()) + " may be destroyed while the handler is still registered";

  if (!Events.AllMembersVisible) {
    // Another TU may define the member function that undoes it.
    if (model::FactsRecorder *Facts = model::FactsRecorder::get()) {
      llvm::json::Array Missing, Undo;
      for (const CXXMethodDecl *M : Events.Missing)
        Missing.push_back(model::memberKey(M));
      for (const std::string &Glob : R.UndoGlobs)
        Undo.push_back(Glob);
      Facts->add(Family,
                 llvm::json::Object{
                     {"kind", "pending"},
                     {"class", model::qualifiedName(Class)},
                     {"missing", std::move(Missing)},
                     {"undo", std::move(Undo)},
                     {"message", quoted(Callee->getName()) +
                                     " registers a handler that uses 'this' "
                                     "and no member function of " +
                                     quoted(Class->getName()) + " undoes it"},
                     {"loc", model::writeLocation(SM, Loc)},
                     {"note", llvm::json::Object{
                                  {"message", NoteText},
                                  {"loc", model::writeLocation(
                                              SM, Subject->getLocation())}}}});
    }
    return;
  }

  {
    auto Diag = diag(Loc, "%0 registers a handler that uses 'this' and no "
                          "member function of %1 undoes it")
                << Callee << Class;
    // Qt: connect(sender, &S::signal, [this] {...}) inside a QObject gets
    // `this` as its context object, so Qt disconnects it with the object.
    const Expr *Functor =
        Call->getNumArgs() == 3 ? Call->getArg(2)->IgnoreImplicit() : nullptr;
    if (R.TakesContext && Callee->getName() == "connect" && Functor &&
        isa<LambdaExpr>(model::stripHandlerWrappers(Functor)) &&
        isContextClass(Class) && !Call->getBeginLoc().isMacroID() &&
        !Functor->getBeginLoc().isMacroID())
      Diag << FixItHint::CreateInsertion(Functor->getBeginLoc(), "this, ");
  }
  if (model::FactsRecorder *Facts = model::FactsRecorder::get())
    Facts->add(Family, llvm::json::Array{"r", model::writeLocation(SM, Loc)});
  diag(Subject->getLocation(),
       "%0 may be destroyed while the handler is still registered",
       DiagnosticIDs::Note)
      << Class;
  if (R.TakesContext)
    diag(Loc, "pass a context object so that the connection is removed when "
              "%0 is destroyed",
         DiagnosticIDs::Note)
        << Class;
}

//===----------------------------------------------------------------------===//
// Whole-program merge: a registration a TU stayed silent on because some
// member functions of the class were defined elsewhere is reported when the
// merged facts show every one of them and none undoes it.
//===----------------------------------------------------------------------===//

static std::vector<model::Finding>
mergeEvents(llvm::ArrayRef<const llvm::json::Array *> PerTU) {
  struct ClassFacts {
    std::set<std::string> Defined;
    std::vector<std::string> UndoNames;
  };
  std::map<std::string, ClassFacts> Classes;
  std::set<std::string> Reported;
  auto Key = [](const llvm::json::Value *Loc) {
    return model::locationKey(model::readLocation(Loc));
  };
  for (const llvm::json::Array *Records : PerTU)
    for (const llvm::json::Value &V : *Records) {
      // ["m", class, member key, undo names] and ["r", location]; the
      // pending registrations are objects, read below.
      const llvm::json::Array *R = V.getAsArray();
      if (!R || R->empty())
        continue;
      auto Kind = (*R)[0].getAsString();
      if (Kind == "r" && R->size() == 2) {
        Reported.insert(Key(&(*R)[1]));
        continue;
      }
      if (Kind != "m" || R->size() != 4)
        continue;
      auto Class = (*R)[1].getAsString();
      auto Member = (*R)[2].getAsString();
      if (!Class || !Member)
        continue;
      ClassFacts &Facts = Classes[Class->str()];
      Facts.Defined.insert(Member->str());
      if (const llvm::json::Array *Undo = (*R)[3].getAsArray())
        for (const llvm::json::Value &Name : *Undo)
          if (auto S = Name.getAsString())
            Facts.UndoNames.push_back(S->str());
    }

  std::vector<model::Finding> Findings;
  std::set<std::string> Seen;
  for (const llvm::json::Array *Records : PerTU)
    for (const llvm::json::Value &V : *Records) {
      const llvm::json::Object *R = V.getAsObject();
      if (!R || R->getString("kind") != "pending")
        continue;
      std::string Where = Key(R->get("loc"));
      if (Reported.count(Where) || !Seen.insert(Where).second)
        continue;
      auto Class = R->getString("class");
      auto It = Class ? Classes.find(Class->str()) : Classes.end();
      if (It == Classes.end())
        continue;
      bool AllSeen = true;
      if (const llvm::json::Array *Missing = R->getArray("missing"))
        for (const llvm::json::Value &M : *Missing)
          if (auto S = M.getAsString(); !S || !It->second.Defined.count(S->str()))
            AllSeen = false;
      if (!AllSeen)
        continue; // some member function is nowhere to be seen: stay silent
      std::vector<std::string> UndoGlobs;
      if (const llvm::json::Array *Undo = R->getArray("undo"))
        for (const llvm::json::Value &G : *Undo)
          if (auto S = G.getAsString())
            UndoGlobs.push_back(S->str());
      model::NamePatterns Undo(UndoGlobs);
      if (Undo.matchesAny(It->second.UndoNames))
        continue;
      model::Finding F;
      F.Check = CheckName.str();
      F.Message = R->getString("message").value_or("").str();
      F.Location = model::readLocation(R->get("loc"));
      if (const llvm::json::Object *Note = R->getObject("note"))
        F.Notes.push_back({Note->getString("message").value_or("").str(),
                           model::readLocation(Note->get("loc"))});
      Findings.push_back(std::move(F));
    }
  return Findings;
}

[[maybe_unused]] static const bool MergerRegistered =
    model::registerFamilyMerger(Family, mergeEvents);

} // namespace asynclint::events
