//===--- BlockingFacts.cpp - async facts for whole-program runs ------------===//

#include "async/BlockingFacts.h"

#include "model/Annotations.h"
#include "model/Facts.h"
#include "utils/DeclNames.h"
#include "utils/ExprUtils.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/PrettyPrinter.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <map>
#include <set>

using namespace clang;

namespace asynclint::async {

static constexpr llvm::StringLiteral Family = "async";
static constexpr llvm::StringLiteral PoolCheck = "async-blocking-wait-in-pool";
static constexpr llvm::StringLiteral CoroutineCheck =
    "async-blocking-wait-in-coroutine";

/// Keys already recorded by this process: both async checks record the same
/// functions, and a function reached from many roots is recorded once.
static llvm::StringSet<> &recordedKeys() {
  static llvm::StringSet<> Keys;
  return Keys;
}

std::string functionKey(const FunctionDecl *F) {
  std::string Key;
  llvm::raw_string_ostream OS(Key);
  PrintingPolicy Policy(F->getASTContext().getLangOpts());
  Policy.FullyQualifiedName = true;
  F->getNameForDiagnostic(OS, Policy, /*Qualified=*/true);
  OS << ' ' << F->getType().getCanonicalType().getAsString(Policy);
  if (!F->isExternallyVisible()) {
    // Internal linkage: the same name in another file is another function.
    const SourceManager &SM = F->getASTContext().getSourceManager();
    PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(F->getLocation()));
    OS << '@' << (P.isValid() ? P.getFilename() : "");
  }
  return Key;
}

/// A blocking chain as [function, callee, location] frames.
static llvm::json::Array framesJson(llvm::ArrayRef<model::BlockingFrame> Chain,
                                    const SourceManager &SM) {
  llvm::json::Array Frames;
  for (const model::BlockingFrame &Frame : Chain)
    Frames.push_back(
        llvm::json::Array{utils::displayName(Frame.Function), utils::calleeDisplayName(Frame.Call),
                          model::writeLocation(SM, Frame.Call->getExprLoc())});
  return Frames;
}

llvm::json::Array BlockingFacts::edgesJson(const std::vector<Edge> &Edges,
                                           const SourceManager &SM) const {
  llvm::json::Array Out;
  for (const Edge &E : Edges)
    Out.push_back(llvm::json::Array{E.Key, E.Name, model::writeLocation(SM, E.Loc)});
  return Out;
}

std::vector<BlockingFacts::Edge>
BlockingFacts::openCallsIn(const Stmt *Body) {
  std::vector<Edge> Edges;
  llvm::SmallVector<model::BlockingFrame, 8> Chain;
  for (const CallExpr *Call : Summary.callsIn(Body)) {
    if (Summary.blocksHere(Call) || Summary.submissions().classify(Call).opaque())
      continue;
    if (const FunctionDecl *Callee = model::BlockingSummary::followedCallee(Call)) {
      // Defined here: a blocking one is reported by the TU itself; an open
      // one is an edge to its own record.
      if (Summary.functionBlocks(Callee, Chain) || openCalls(Callee).empty())
        continue;
      Edges.push_back({functionKey(Callee), utils::calleeDisplayName(Call), Call->getExprLoc()});
      continue;
    }
    if (const FunctionDecl *External =
            model::BlockingSummary::externalCallee(Call))
      Edges.push_back({functionKey(External), utils::calleeDisplayName(Call), Call->getExprLoc()});
  }
  return Edges;
}

const std::vector<BlockingFacts::Edge> &
BlockingFacts::openCalls(const FunctionDecl *F) {
  F = F->getCanonicalDecl();
  if (auto It = Open.find(F); It != Open.end())
    return It->second; // done, or in progress (a cycle): no edges yet
  Open[F]; // in progress
  std::vector<Edge> Edges;
  if (!model::hasAnnotation(F, model::tag::NonBlocking) &&
      !utils::isCoroutineDefinition(F))
    Edges = openCallsIn(model::userBody(F));
  std::vector<Edge> &Stored = Open[F];
  Stored = std::move(Edges);
  if (!Stored.empty()) {
    std::string Key = functionKey(F);
    if (recordedKeys().insert("o " + Key).second)
      if (model::FactsRecorder *Facts = model::FactsRecorder::get()) {
        const SourceManager &SM = F->getASTContext().getSourceManager();
        Facts->add(Family, llvm::json::Array{"o", Key, utils::displayName(F),
                                             edgesJson(Stored, SM)});
      }
  }
  return Open[F];
}

void BlockingFacts::recordRoot(llvm::StringRef CheckName, const Stmt *Body,
                               const CallExpr *Submission,
                               const FunctionDecl *Coroutine) {
  model::FactsRecorder *Facts = model::FactsRecorder::get();
  if (!Facts || !Body)
    return;
  std::vector<Edge> Edges = openCallsIn(Body);
  if (Edges.empty())
    return;
  const ASTContext &Context =
      Coroutine ? Coroutine->getASTContext()
                : Submission->getDirectCallee()->getASTContext();
  const SourceManager &SM = Context.getSourceManager();
  // The executor class inferred for the submission, named in the message;
  // for a submission known by a name, the class another TU may show is
  // not a pool.
  std::string Executor, Object;
  if (Submission) {
    model::SubmissionInfo Info = Summary.submissions().classify(Submission);
    if (Info.Executor)
      Executor = utils::displayName(Info.Executor);
    if (Info.Object)
      Object = utils::qualifiedName(Info.Object);
  }
  llvm::json::Array Record{
      "t", CheckName.str(), edgesJson(Edges, SM),
      Submission ? model::writeLocation(SM, Submission->getExprLoc())
                 : llvm::json::Value(nullptr),
      Coroutine ? utils::displayName(Coroutine) : std::string(),
      std::move(Executor)};
  if (!Object.empty())
    Record.push_back(std::move(Object));
  Facts->add(Family, std::move(Record));
}

void BlockingFacts::recordNamedRoot(llvm::StringRef CheckName,
                                    const CallExpr *Submission,
                                    const clang::CXXRecordDecl *Object,
                                    llvm::ArrayRef<BlockingCall> Blocking) {
  model::FactsRecorder *Facts = model::FactsRecorder::get();
  if (!Facts || Blocking.empty())
    return;
  const SourceManager &SM =
      Object->getASTContext().getSourceManager();
  llvm::json::Array Calls;
  for (const BlockingCall &B : Blocking)
    Calls.push_back(llvm::json::Array{
        model::writeLocation(SM, B.Call->getExprLoc()),
        utils::calleeDisplayName(B.Call), framesJson(B.Chain, SM)});
  Facts->add(Family, llvm::json::Array{
                         "n", CheckName.str(), utils::qualifiedName(Object),
                         std::move(Calls),
                         model::writeLocation(SM, Submission->getExprLoc())});
}

/// Records that \p Class, defined here, keeps every callable it takes or
/// runs each on a thread of its own: no TU's name-based guess that it is a
/// pool stands.
static void recordNotAPool(const FunctionDecl *F,
                           model::SubmissionModel &Submissions,
                           model::FactsRecorder &Facts) {
  const auto *Method = dyn_cast<CXXMethodDecl>(F);
  if (!Method || Method->isTemplated() ||
      llvm::none_of(Method->parameters(), [](const ParmVarDecl *P) {
        return model::isCallableType(P->getType());
      }))
    return;
  const CXXRecordDecl *Class = Method->getParent();
  std::string Key = utils::qualifiedName(Class);
  if (recordedKeys().insert("x " + Key).second &&
      Submissions.runsNothingQueued(Class))
    Facts.add(Family, llvm::json::Array{"x", std::move(Key)});
}

/// Adds \p Out the keys a call to \p Method may be written against: its
/// own and those of the virtual methods it overrides, up the hierarchy.
static void overriddenKeys(const CXXMethodDecl *Method,
                           std::vector<std::string> &Out) {
  for (const CXXMethodDecl *Base : Method->overridden_methods()) {
    std::string Key = functionKey(Base);
    if (llvm::is_contained(Out, Key))
      continue;
    Out.push_back(std::move(Key));
    overriddenKeys(Base, Out);
  }
}

/// Records the parameters \p F hands to an inferred executor.
static void recordSubmissions(const FunctionDecl *F,
                              model::SubmissionModel &Submissions,
                              model::FactsRecorder &Facts) {
  if (F->isTemplated() || F->isDeleted())
    return;
  std::vector<std::string> Keys;
  if (F->isExternallyVisible() && !F->isInlined())
    Keys.push_back(functionKey(F));
  if (const auto *Method = dyn_cast<CXXMethodDecl>(F); Method && Method->isVirtual())
    overriddenKeys(Method, Keys);
  if (Keys.empty())
    return;
  for (unsigned I = 0; I < F->getNumParams(); ++I) {
    if (!model::isCallableType(F->getParamDecl(I)->getType()))
      continue;
    const CXXRecordDecl *Executor = nullptr;
    if (!Submissions.submitsParam(F, I, &Executor) || !Executor)
      continue;
    for (const std::string &Key : Keys)
      if (recordedKeys().insert("s " + Key + " " + std::to_string(I)).second)
        Facts.add(Family, llvm::json::Array{"s", Key, static_cast<int64_t>(I),
                                            utils::displayName(Executor)});
  }
}

void BlockingFacts::recordCandidateRoot(llvm::StringRef CheckName,
                                        const Stmt *Body, const CallExpr *Call,
                                        const FunctionDecl *Sink,
                                        unsigned Param) {
  model::FactsRecorder *Facts = model::FactsRecorder::get();
  if (!Facts || !Body || !Sink)
    return;
  const SourceManager &SM = Sink->getASTContext().getSourceManager();
  llvm::json::Array Blocking;
  llvm::SmallVector<model::BlockingFrame, 8> Chain;
  for (const CallExpr *Inner : Summary.callsIn(Body)) {
    if (!Summary.callBlocks(Inner, Chain))
      continue;
    Blocking.push_back(llvm::json::Array{
        model::writeLocation(SM, Inner->getExprLoc()), utils::calleeDisplayName(Inner),
        framesJson(Chain, SM)});
  }
  std::vector<Edge> Edges = openCallsIn(Body);
  if (Blocking.empty() && Edges.empty())
    return;
  Facts->add(Family,
             llvm::json::Array{"u", CheckName.str(), functionKey(Sink),
                               static_cast<int64_t>(Param), std::move(Blocking),
                               edgesJson(Edges, SM),
                               model::writeLocation(SM, Call->getExprLoc())});
}

void BlockingFacts::recordDefinition(const FunctionDecl *F) {
  model::FactsRecorder *Facts = model::FactsRecorder::get();
  if (Facts) {
    recordSubmissions(F, Summary.submissions(), *Facts);
    recordNotAPool(F, Summary.submissions(), *Facts);
  }
  // Only what another TU can call without seeing the body: inline functions
  // and templates are defined wherever they are used.
  if (!Facts || !F->isThisDeclarationADefinition() || !F->isExternallyVisible() ||
      F->isInlined() || F->isTemplated() || F->isTemplateInstantiation() ||
      F->isDeleted() || F->isDefaulted() ||
      (!F->getIdentifier() &&
       !isa<CXXConstructorDecl, CXXDestructorDecl, CXXConversionDecl>(F) &&
       !F->isOverloadedOperator()))
    return;
  llvm::SmallVector<model::BlockingFrame, 8> Chain;
  if (!Summary.functionBlocks(F, Chain)) {
    openCalls(F); // records it if it is open
    return;
  }
  std::string Key = functionKey(F);
  if (!recordedKeys().insert("b " + Key).second)
    return;
  const SourceManager &SM = F->getASTContext().getSourceManager();
  Facts->add(Family, llvm::json::Array{"b", Key, utils::displayName(F),
                                       framesJson(Chain, SM)});
}

void BlockingFacts::recordGrouping(llvm::StringRef CheckName, bool Grouped) {
  if (model::FactsRecorder *Facts = model::FactsRecorder::get())
    Facts->add(Family, llvm::json::Array{"g", CheckName.str(), Grouped});
}

std::string groupedWaitMessage(bool Coroutines, llvm::StringRef Function,
                               llvm::StringRef Callee) {
  if (Coroutines)
    return (Function + " blocks the thread of every coroutine that reaches "
                       "it, in call to " +
            Callee + "; use co_await instead")
        .str();
  return (Function + " blocks the worker thread of every pool task that "
                     "reaches it, in call to " +
          Callee)
      .str();
}

llvm::StringRef groupedSiteNote(bool Coroutines) {
  return Coroutines ? "reached from a coroutine here"
                    : "reached from a task here";
}

std::string groupedMoreNote(unsigned More) {
  return ("and from " + llvm::Twine(More) +
          " more call sites; set GroupByBlockingCall to false to report each")
      .str();
}

//===----------------------------------------------------------------------===//
// The merge: resolve every task's open calls through the whole program.
//===----------------------------------------------------------------------===//

/// Adds the note `frame #<N>: <Function> calls|waits on <Callee> here`, the
/// names as utils::displayName() spells them.
/// The last frame of a chain: the wait, in the function that makes it.
struct WaitFrame {
  std::string Function, Callee;
  model::FindingLocation Location;
  bool Valid = false;
};

static void frameNote(unsigned N, llvm::StringRef Function,
                      llvm::StringRef Callee, const llvm::json::Value *Loc,
                      bool Last, std::vector<model::Finding::Note> &Notes,
                      WaitFrame *Wait = nullptr) {
  Notes.push_back({("frame #" + llvm::Twine(N) + ": " + Function +
                    (Last ? " waits on " : " calls ") + Callee + " here")
                       .str(),
                   model::readLocation(Loc)});
  if (Last && Wait)
    *Wait = {Function.str(), Callee.str(), Notes.back().Location, true};
}

/// The frames [function, callee, location] of a record as notes numbered
/// from \p First, the last one the wait; returns the next number.
static unsigned frameNotes(const llvm::json::Array &Frames, unsigned First,
                           std::vector<model::Finding::Note> &Notes,
                           WaitFrame *Wait = nullptr) {
  for (size_t I = 0; I < Frames.size(); ++I) {
    const llvm::json::Array *Step = Frames[I].getAsArray();
    if (!Step || Step->size() != 3)
      break;
    frameNote(First++, (*Step)[0].getAsString().value_or(""),
              (*Step)[1].getAsString().value_or(""), &(*Step)[2],
              I + 1 == Frames.size(), Notes, Wait);
  }
  return First;
}

namespace {

struct FunctionFacts {
  llvm::StringRef Name;
  const llvm::json::Array *Frames = nullptr; ///< "b": it blocks, this way
  const llvm::json::Array *Calls = nullptr;  ///< "o": its open calls
};

/// An edge [key, name, location] of a record.
struct EdgeView {
  llvm::StringRef Key, Name;
  const llvm::json::Value *Loc = nullptr;
};

std::optional<EdgeView> readEdge(const llvm::json::Value &V) {
  const llvm::json::Array *A = V.getAsArray();
  if (!A || A->size() != 3)
    return std::nullopt;
  auto Key = (*A)[0].getAsString();
  auto Name = (*A)[1].getAsString();
  if (!Key || !Name)
    return std::nullopt;
  return EdgeView{*Key, *Name, &(*A)[2]};
}

class Resolver {
public:
  explicit Resolver(const llvm::StringMap<FunctionFacts> &Functions)
      : Functions(Functions) {}

  /// True if calling the function \p Key blocks somewhere in the program.
  bool blocks(llvm::StringRef Key) {
    auto [It, Inserted] = Memo.try_emplace(Key);
    if (!Inserted)
      return It->second.S == State::Blocks;
    auto F = Functions.find(Key);
    if (F == Functions.end())
      return false;
    if (F->second.Frames) {
      Memo[Key].S = State::Blocks;
      return true;
    }
    if (F->second.Calls)
      for (const llvm::json::Value &V : *F->second.Calls) {
        std::optional<EdgeView> E = readEdge(V);
        if (E && blocks(E->Key)) {
          Memo[Key] = {State::Blocks, *E};
          return true;
        }
      }
    Memo[Key].S = State::Clean;
    return false;
  }

  /// The `frame #N` notes from the function \p Key down to the wait.
  void chain(llvm::StringRef Key, std::vector<model::Finding::Note> &Notes,
             WaitFrame *Wait = nullptr) {
    unsigned Frame = 0;
    for (unsigned Guard = 0; Guard < 256; ++Guard) {
      auto F = Functions.find(Key);
      if (F == Functions.end())
        return;
      if (const llvm::json::Array *Frames = F->second.Frames) {
        frameNotes(*Frames, Frame, Notes, Wait);
        return;
      }
      auto M = Memo.find(Key);
      if (M == Memo.end() || M->second.S != State::Blocks)
        return;
      const EdgeView &Via = M->second.Via;
      frameNote(Frame++, F->second.Name, Via.Name, Via.Loc, false, Notes);
      Key = Via.Key;
    }
  }

private:
  enum class State { InProgress, Blocks, Clean };
  struct Entry {
    State S = State::InProgress;
    EdgeView Via;
  };
  const llvm::StringMap<FunctionFacts> &Functions;
  llvm::StringMap<Entry> Memo;
};

} // namespace

static std::string poolMessage(llvm::StringRef Executor, llvm::StringRef Callee) {
  if (Executor.empty())
    return ("task running on a thread pool blocks the worker in call to " +
            Callee)
        .str();
  return ("task running on a worker thread of " + Executor +
          " blocks it in call to " + Callee)
      .str();
}

/// GroupByBlockingCall across TUs: the findings (of a check that groups)
/// whose chains end in the same wait become one finding at that wait, as a
/// TU reports the roots it sees alone.
static std::vector<model::Finding>
groupByWait(std::vector<model::Finding> Findings,
            llvm::ArrayRef<WaitFrame> Waits,
            const llvm::StringMap<bool> &Grouped) {
  auto keyOf = [&](size_t I) {
    const WaitFrame &W = Waits[I];
    auto G = Grouped.find(Findings[I].Check);
    if (!W.Valid || (G != Grouped.end() && !G->second))
      return std::string();
    return Findings[I].Check + " " + model::locationKey(W.Location);
  };
  std::map<std::string, std::vector<size_t>> Groups;
  for (size_t I = 0; I < Findings.size(); ++I)
    if (std::string Key = keyOf(I); !Key.empty())
      Groups[Key].push_back(I);
  // The sites of a group in source order, whatever the order of the TUs.
  for (auto &[Key, Sites] : Groups)
    llvm::sort(Sites, [&](size_t A, size_t B) {
      const model::FindingLocation &L = Findings[A].Location,
                                   &R = Findings[B].Location;
      return std::tie(L.File, L.Line, L.Column) <
             std::tie(R.File, R.Line, R.Column);
    });
  std::vector<model::Finding> Out;
  std::set<std::string> Reported;
  for (size_t I = 0; I < Findings.size(); ++I) {
    std::string Key = keyOf(I);
    auto G = Key.empty() ? Groups.end() : Groups.find(Key);
    if (G == Groups.end() || G->second.size() < 2) {
      Out.push_back(std::move(Findings[I]));
      continue;
    }
    if (!Reported.insert(Key).second)
      continue; // reported with the rest of its group
    bool Coroutines = Findings[I].Check == CoroutineCheck;
    model::Finding F;
    F.Check = Findings[I].Check;
    F.Location = Waits[I].Location;
    F.Message = groupedWaitMessage(Coroutines, Waits[I].Function,
                                   Waits[I].Callee);
    const std::vector<size_t> &Sites = G->second;
    for (size_t N = 0; N < Sites.size() && N <= groupedSitesListed(); ++N) {
      const model::FindingLocation &At = Findings[Sites[N]].Location;
      if (N < groupedSitesListed())
        F.Notes.push_back({groupedSiteNote(Coroutines).str(), At});
      else
        F.Notes.push_back({groupedMoreNote(static_cast<unsigned>(
                               Sites.size() - groupedSitesListed())),
                           At});
    }
    Out.push_back(std::move(F));
  }
  return Out;
}

static std::vector<model::Finding>
mergeAsync(llvm::ArrayRef<const llvm::json::Array *> PerTU) {
  llvm::StringMap<FunctionFacts> Functions;
  std::vector<const llvm::json::Array *> Roots, Candidates, Named;
  llvm::StringSet<> NotPools; // classes an "x" record clears
  llvm::StringMap<std::string> Submits; // "key param" -> executor class
  llvm::StringMap<bool> Grouped;        // check -> GroupByBlockingCall
  for (const llvm::json::Array *Records : PerTU)
    for (const llvm::json::Value &V : *Records) {
      // ["b", key, name, frames], ["o", key, name, calls],
      // ["t", check, calls, submission location or null, coroutine name]
      const llvm::json::Array *R = V.getAsArray();
      if (!R || R->empty())
        continue;
      auto Kind = (*R)[0].getAsString();
      if (Kind == "x" && R->size() == 2) {
        NotPools.insert((*R)[1].getAsString().value_or(""));
        continue;
      }
      if (Kind == "n" && R->size() == 5) {
        Named.push_back(R);
        continue;
      }
      if (Kind == "t" && R->size() >= 5 && R->size() <= 7) {
        Roots.push_back(R);
        continue;
      }
      if (Kind == "u" && R->size() == 7) {
        Candidates.push_back(R);
        continue;
      }
      if (Kind == "g" && R->size() == 3) {
        // Grouped only if every TU that says groups.
        auto [It, New] = Grouped.try_emplace(
            (*R)[1].getAsString().value_or(""), true);
        It->second = It->second && (*R)[2].getAsBoolean().value_or(true);
        continue;
      }
      if (Kind == "s" && R->size() == 4) {
        auto Key = (*R)[1].getAsString();
        auto Param = (*R)[2].getAsInteger();
        if (Key && Param)
          Submits[(*Key + " " + llvm::Twine(*Param)).str()] =
              (*R)[3].getAsString().value_or("").str();
        continue;
      }
      if ((Kind != "b" && Kind != "o") || R->size() != 4)
        continue;
      auto Key = (*R)[1].getAsString();
      if (!Key)
        continue;
      FunctionFacts &F = Functions[*Key];
      if (auto Name = (*R)[2].getAsString())
        F.Name = *Name;
      if (Kind == "b" && !F.Frames)
        F.Frames = (*R)[3].getAsArray();
      else if (Kind == "o" && !F.Calls)
        F.Calls = (*R)[3].getAsArray();
    }

  Resolver Resolve(Functions);
  std::vector<model::Finding> Findings;
  std::vector<WaitFrame> Waits; // per finding: the wait it reaches
  std::set<std::string> Seen;
  for (const llvm::json::Array *Root : Roots) {
    const llvm::json::Array *Calls = (*Root)[2].getAsArray();
    llvm::StringRef Check = (*Root)[1].getAsString().value_or("");
    if (!Calls || (Check != PoolCheck && Check != CoroutineCheck))
      continue;
    if (Root->size() == 7 &&
        NotPools.contains((*Root)[6].getAsString().value_or("")))
      continue; // handed to a class another TU shows is not a pool
    for (const llvm::json::Value &V : *Calls) {
      std::optional<EdgeView> E = readEdge(V);
      if (!E || !Resolve.blocks(E->Key))
        continue;
      model::Finding F;
      F.Check = Check.str();
      F.Location = model::readLocation(E->Loc);
      if (!Seen.insert(Check.str() + " " + model::locationKey(F.Location)).second)
        continue;
      if (Check == PoolCheck)
        F.Message = poolMessage(
            Root->size() > 5 ? (*Root)[5].getAsString().value_or("") : "",
            E->Name);
      else
        F.Message = ("coroutine " + (*Root)[4].getAsString().value_or("") +
                     " blocks its thread in call to " + E->Name +
                     "; use co_await instead")
                        .str();
      WaitFrame Wait;
      Resolve.chain(E->Key, F.Notes, &Wait);
      if (const llvm::json::Value &At = (*Root)[3]; At.getAsArray())
        F.Notes.push_back({"task submitted here", model::readLocation(&At)});
      Findings.push_back(std::move(F));
      Waits.push_back(std::move(Wait));
    }
  }
  // A task on \p Executor (may be empty) submitted at \p At: its blocking
  // calls, each [location, callee name, frames].
  auto ReportTask = [&](llvm::StringRef Check, llvm::StringRef Executor,
                        const llvm::json::Value &At,
                        const llvm::json::Array *Blocking,
                        const llvm::json::Array *Calls) {
    auto Report = [&](const llvm::json::Value *Loc, llvm::StringRef Callee,
                      auto AddFrames) {
      model::Finding F;
      F.Check = Check.str();
      F.Location = model::readLocation(Loc);
      if (!Seen.insert(Check.str() + " " + model::locationKey(F.Location)).second)
        return;
      F.Message = poolMessage(Executor, Callee);
      WaitFrame Wait;
      AddFrames(F.Notes, &Wait);
      F.Notes.push_back({"task submitted here", model::readLocation(&At)});
      Findings.push_back(std::move(F));
      Waits.push_back(std::move(Wait));
    };
    if (Blocking)
      for (const llvm::json::Value &V : *Blocking) {
        const llvm::json::Array *B = V.getAsArray();
        if (!B || B->size() != 3)
          continue;
        const llvm::json::Array *Frames = (*B)[2].getAsArray();
        Report(&(*B)[0], (*B)[1].getAsString().value_or(""),
               [&](std::vector<model::Finding::Note> &Notes, WaitFrame *Wait) {
                 if (Frames)
                   frameNotes(*Frames, 0, Notes, Wait);
               });
      }
    if (Calls)
      for (const llvm::json::Value &V : *Calls) {
        std::optional<EdgeView> E = readEdge(V);
        if (!E || !Resolve.blocks(E->Key))
          continue;
        Report(E->Loc, E->Name,
               [&](std::vector<model::Finding::Note> &Notes, WaitFrame *Wait) {
                 Resolve.chain(E->Key, Notes, Wait);
               });
      }
  };
  // Callables handed to functions another TU showed to be submissions.
  for (const llvm::json::Array *Candidate : Candidates) {
    llvm::StringRef Check = (*Candidate)[1].getAsString().value_or("");
    auto Key = (*Candidate)[2].getAsString();
    auto Param = (*Candidate)[3].getAsInteger();
    if (Check != PoolCheck || !Key || !Param)
      continue;
    auto Executor = Submits.find((*Key + " " + llvm::Twine(*Param)).str());
    if (Executor != Submits.end())
      ReportTask(Check, Executor->second, (*Candidate)[6],
                 (*Candidate)[4].getAsArray(), (*Candidate)[5].getAsArray());
  }
  // Tasks a name says run on a pool, unless another TU shows otherwise.
  for (const llvm::json::Array *Task : Named) {
    llvm::StringRef Check = (*Task)[1].getAsString().value_or("");
    if (Check == PoolCheck &&
        !NotPools.contains((*Task)[2].getAsString().value_or("")))
      ReportTask(Check, "", (*Task)[4], (*Task)[3].getAsArray(), nullptr);
  }
  return groupByWait(std::move(Findings), Waits, Grouped);
}

[[maybe_unused]] static const bool MergerRegistered =
    model::registerFamilyMerger(Family, mergeAsync);

} // namespace asynclint::async
