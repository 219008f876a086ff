//===--- EventsFacts.cpp - the events family's whole-program facts --------===//

#include "model/EventsFacts.h"

#include "model/NamePatterns.h"

#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <map>
#include <set>

using namespace clang;
using namespace clang::ast_matchers;

namespace asynclint::model {

static constexpr llvm::StringLiteral Family = "events";

//===----------------------------------------------------------------------===//
// Deferred findings
//===----------------------------------------------------------------------===//

static llvm::json::Array strings(const std::vector<std::string> &List) {
  llvm::json::Array Out;
  for (const std::string &S : List)
    Out.push_back(S);
  return Out;
}

static std::vector<std::string> strings(const llvm::json::Array *List) {
  std::vector<std::string> Out;
  if (List)
    for (const llvm::json::Value &V : *List)
      if (auto S = V.getAsString())
        Out.push_back(S->str());
  return Out;
}

llvm::json::Value toJSON(const DeferredFinding &D) {
  llvm::json::Array Notes;
  for (const Finding::Note &N : D.Report.Notes)
    Notes.push_back(llvm::json::Object{
        {"message", N.Message},
        {"loc", writeLocation(N.Location.File, N.Location.Line, N.Location.Column)}});
  llvm::json::Object O{
      {"kind", "pending"},
      {"check", D.Report.Check},
      {"message", D.Report.Message},
      {"loc", writeLocation(D.Report.Location.File, D.Report.Location.Line,
                            D.Report.Location.Column)},
      {"notes", std::move(Notes)},
      {"class", D.Class},
      {"undo", strings(D.Undo)}};
  if (D.Missing)
    O["missing"] = strings(*D.Missing);
  if (D.CreatorParam)
    O["creator"] = *D.CreatorParam;
  if (D.MaybeImmortal) {
    O["immortal"] = true;
    O["bases"] = strings(D.Bases);
  }
  return O;
}

bool fromJSON(const llvm::json::Value &V, DeferredFinding &D,
              llvm::json::Path P) {
  const llvm::json::Object *O = V.getAsObject();
  if (!O || O->getString("kind") != "pending") {
    P.report("expected a pending finding");
    return false;
  }
  auto Check = O->getString("check");
  auto Message = O->getString("message");
  auto Class = O->getString("class");
  if (!Check || !Message || !Class) {
    P.report("pending finding without check, message or class");
    return false;
  }
  D.Report.Check = Check->str();
  D.Report.Message = Message->str();
  D.Report.Location = readLocation(O->get("loc"));
  if (const llvm::json::Array *Notes = O->getArray("notes"))
    for (const llvm::json::Value &N : *Notes)
      if (const llvm::json::Object *Note = N.getAsObject())
        D.Report.Notes.push_back({Note->getString("message").value_or("").str(),
                                  readLocation(Note->get("loc"))});
  D.Class = Class->str();
  D.Undo = strings(O->getArray("undo"));
  if (const llvm::json::Array *Missing = O->getArray("missing"))
    D.Missing = strings(Missing);
  if (auto Creator = O->getInteger("creator"); Creator && *Creator >= 0)
    D.CreatorParam = static_cast<unsigned>(*Creator);
  D.MaybeImmortal = O->getBoolean("immortal").value_or(false);
  D.Bases = strings(O->getArray("bases"));
  return true;
}

std::vector<std::string> baseNames(const CXXRecordDecl *Class) {
  std::vector<std::string> Names;
  if (!Class || !Class->hasDefinition())
    return Names;
  Class->getDefinition()->forallBases([&](const CXXRecordDecl *Base) {
    Names.push_back(qualifiedName(Base));
    return true;
  });
  return Names;
}

//===----------------------------------------------------------------------===//
// Constructions and deletes
//===----------------------------------------------------------------------===//

void LifetimeFactsCollector::registerMatchers(MatchFinder *Finder) {
  // Every construction of a project class, wherever it is written (a
  // std::make_shared builds the object inside the standard library).
  Finder->addMatcher(
      cxxConstructExpr(hasDeclaration(cxxConstructorDecl(
                           unless(isCopyConstructor()), unless(isMoveConstructor()),
                           ofClass(cxxRecordDecl(unless(isExpansionInSystemHeader()),
                                                 unless(isLambda()))))))
          .bind("construct"),
      this);
  Finder->addMatcher(cxxDeleteExpr().bind("delete"), this);
  // Objects nothing destroys: a `new` kept in a raw pointer, a variable with
  // static storage duration.
  auto New = ignoringParenImpCasts(cxxNewExpr().bind("kept"));
  Finder->addMatcher(varDecl(unless(isExpansionInSystemHeader()),
                             hasType(pointerType()), hasInitializer(New)),
                     this);
  Finder->addMatcher(binaryOperator(unless(isExpansionInSystemHeader()),
                                    isAssignmentOperator(),
                                    hasLHS(hasType(pointerType())), hasRHS(New)),
                     this);
  Finder->addMatcher(cxxCtorInitializer(forField(hasType(pointerType())),
                                        withInitializer(New)),
                     this);
  Finder->addMatcher(
      varDecl(unless(isExpansionInSystemHeader()), hasStaticStorageDuration(),
              hasType(hasUnqualifiedDesugaredType(recordType())),
              hasInitializer(ignoringImplicit(cxxConstructExpr().bind("static")))),
      this);
}

/// True if \p Class is one whose lifetime the events checks ask about.
static bool projectClass(const CXXRecordDecl *Class, const SourceManager &SM) {
  return Class && !Class->isDependentContext() && !Class->isLambda() &&
         !SM.isInSystemHeader(SM.getExpansionLoc(Class->getLocation()));
}

void LifetimeFactsCollector::run(const MatchFinder::MatchResult &Result) {
  FactsRecorder *Facts = FactsRecorder::get();
  if (!Facts)
    return;
  const SourceManager &SM = *Result.SourceManager;
  if (const auto *Construct = Result.Nodes.getNodeAs<CXXConstructExpr>("construct")) {
    const CXXRecordDecl *Class = Construct->getConstructor()->getParent();
    if (!projectClass(Class, SM))
      return;
    llvm::json::Array Self;
    for (unsigned I = 0; I < Construct->getNumArgs(); ++I) {
      const Expr *Arg = Construct->getArg(I)->IgnoreParenImpCasts();
      if (const auto *Op = dyn_cast<UnaryOperator>(Arg);
          Op && Op->getOpcode() == UO_Deref)
        Arg = Op->getSubExpr()->IgnoreParenImpCasts();
      if (isa<CXXThisExpr>(Arg))
        Self.push_back(I);
    }
    llvm::json::Value Loc = writeLocation(SM, Construct->getLocation());
    Facts->add(Family,
               llvm::json::Array{"k", qualifiedName(Class), Loc, std::move(Self)});
    // It is an object of each base too, made by a constructor of the base
    // that is not given `this`.
    for (const std::string &Base : baseNames(Class))
      Facts->add(Family, llvm::json::Array{"k", Base, Loc, llvm::json::Array{}});
    return;
  }
  if (const auto *Delete = Result.Nodes.getNodeAs<CXXDeleteExpr>("delete")) {
    QualType Type = Delete->getDestroyedType();
    if (Type.isNull() || Type->isDependentType())
      return;
    if (const CXXRecordDecl *Class = Type->getAsCXXRecordDecl();
        projectClass(Class, SM))
      Facts->add(Family, llvm::json::Array{"d", qualifiedName(Class)});
    return;
  }
  const CXXConstructExpr *Kept = Result.Nodes.getNodeAs<CXXConstructExpr>("static");
  if (const auto *New = Result.Nodes.getNodeAs<CXXNewExpr>("kept"); New && !New->isArray())
    Kept = New->getConstructExpr();
  if (Kept && projectClass(Kept->getConstructor()->getParent(), SM))
    Facts->add(Family,
               llvm::json::Array{"i", writeLocation(SM, Kept->getLocation())});
}

//===----------------------------------------------------------------------===//
// The merge
//===----------------------------------------------------------------------===//

namespace {
class ProgramFacts {
public:
  void add(const llvm::json::Value &V) {
    if (V.getAsObject()) {
      DeferredFinding D;
      llvm::json::Path::Root Root;
      if (fromJSON(V, D, Root))
        Deferred.push_back(std::move(D));
      return;
    }
    const llvm::json::Array *R = V.getAsArray();
    if (!R || R->empty())
      return;
    auto Kind = (*R)[0].getAsString();
    if (!Kind)
      return;
    if (*Kind == "r" && R->size() == 2) {
      Reported.insert(key(&(*R)[1]));
    } else if (*Kind == "m" && R->size() == 4) {
      auto Class = (*R)[1].getAsString();
      auto Member = (*R)[2].getAsString();
      if (!Class || !Member)
        return;
      ClassFacts &Facts = Classes[*Class];
      Facts.Defined.insert(*Member);
      for (std::string &Name : strings((*R)[3].getAsArray()))
        Facts.UndoNames.push_back(std::move(Name));
    } else if (*Kind == "k" && R->size() == 4) {
      auto Class = (*R)[1].getAsString();
      const llvm::json::Array *Self = (*R)[3].getAsArray();
      if (!Class || !Self)
        return;
      std::vector<unsigned> Indices;
      for (const llvm::json::Value &I : *Self)
        if (auto N = I.getAsInteger(); N && *N >= 0)
          Indices.push_back(static_cast<unsigned>(*N));
      // A construction in a header is seen by every TU that includes it.
      Constructions[*Class].try_emplace(key(&(*R)[2]), std::move(Indices));
    } else if (*Kind == "i" && R->size() == 2) {
      Kept.insert(key(&(*R)[1]));
    } else if (*Kind == "d" && R->size() == 2) {
      if (auto Class = (*R)[1].getAsString())
        Deleted.insert(*Class);
    }
  }

  std::vector<Finding> findings() const {
    std::vector<Finding> Out;
    std::set<std::string> Seen;
    for (const DeferredFinding &D : Deferred) {
      std::string Where = locationKey(D.Report.Location);
      if (Reported.count(Where) || !Seen.insert(Where).second || excused(D))
        continue;
      Out.push_back(D.Report);
    }
    return Out;
  }

private:
  static std::string key(const llvm::json::Value *Loc) {
    return locationKey(readLocation(Loc));
  }

  bool excused(const DeferredFinding &D) const {
    if (D.Missing) {
      auto It = Classes.find(D.Class);
      if (It == Classes.end())
        return true; // no member function of the class seen anywhere
      for (const std::string &M : *D.Missing)
        if (!It->second.Defined.count(M))
          return true; // one is nowhere to be seen: stay silent
      if (NamePatterns(D.Undo).matchesAny(It->second.UndoNames))
        return true;
    }
    auto Made = Constructions.find(D.Class);
    if (Made == Constructions.end() || Made->second.empty())
      return false;
    if (D.CreatorParam &&
        llvm::all_of(Made->second, [&](const auto &C) {
          return llvm::is_contained(C.second, *D.CreatorParam);
        }))
      return true; // the source made the object for itself
    if (D.MaybeImmortal && !Deleted.count(D.Class) &&
        llvm::none_of(D.Bases, [&](const std::string &B) { return Deleted.count(B) > 0; }) &&
        llvm::all_of(Made->second, [&](const auto &C) { return Kept.count(C.first) > 0; }))
      return true; // never destroyed
    return false;
  }

  struct ClassFacts {
    llvm::StringSet<> Defined;
    std::vector<std::string> UndoNames;
  };
  llvm::StringMap<ClassFacts> Classes;
  llvm::StringSet<> Reported, Kept, Deleted;
  /// Per class, per construction site: the arguments that are `this`.
  llvm::StringMap<std::map<std::string, std::vector<unsigned>>> Constructions;
  std::vector<DeferredFinding> Deferred;
};
} // namespace

std::vector<Finding>
mergeEventsFacts(llvm::ArrayRef<const llvm::json::Array *> PerTU) {
  ProgramFacts Program;
  for (const llvm::json::Array *Records : PerTU)
    for (const llvm::json::Value &V : *Records)
      Program.add(V);
  return Program.findings();
}

[[maybe_unused]] static const bool MergerRegistered =
    registerFamilyMerger(Family, mergeEventsFacts);

} // namespace asynclint::model
