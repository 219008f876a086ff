//===--- EventApis.cpp - what the events checks know about APIs -----------===//

#include "model/EventApis.h"

#include "model/Annotations.h"
#include "model/AsyncApis.h"
#include "model/HandlerCaptures.h"
#include "model/OptionList.h"
#include "utils/ExprUtils.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"
#include "clang/Basic/CharInfo.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace asynclint::model {

namespace defaults {
const char RegistrationPairs[] =
    // boost::signals2
    "boost::signals2::signal*::connect=boost::signals2::signal*::disconnect*,"
    "boost::signals2::connection::disconnect;"
    "boost::signals2::signal*::connect_extended=boost::signals2::signal*::"
    "disconnect*,boost::signals2::connection::disconnect;"
    // Qt
    "QObject::connect=QObject::disconnect;"
    "QTimer::singleShot=;"
    "QWidget::addAction=QWidget::removeAction;"
    "QMenu::addAction=QWidget::removeAction;"
    "QToolBar::addAction=QWidget::removeAction;"
    // libsigc++
    "sigc::signal*::connect=sigc::connection::disconnect,sigc::signal*::clear;"
    // glib/GObject (g_signal_connect and _swapped are macros over _data)
    "g_signal_connect_data=g_signal_handler_disconnect,"
    "g_signal_handlers_disconnect_matched,g_signal_handlers_disconnect_by_func,"
    "g_signal_handlers_disconnect_by_data;"
    "g_signal_connect_closure=g_signal_handler_disconnect,"
    "g_signal_handlers_disconnect_matched;"
    // GLib main-loop sources, removed by id
    "g_timeout_add=g_source_remove;g_timeout_add_full=g_source_remove;"
    "g_timeout_add_seconds=g_source_remove;"
    "g_timeout_add_seconds_full=g_source_remove;"
    "g_idle_add=g_source_remove;g_idle_add_full=g_source_remove;"
    // sigslot, eventpp, EnTT
    "sigslot::signal_base::connect=sigslot::signal_base::disconnect*,"
    "sigslot::connection::disconnect;"
    "eventpp::*::appendListener=eventpp::*::removeListener;"
    "eventpp::*::prependListener=eventpp::*::removeListener;"
    "eventpp::*::insertListener=eventpp::*::removeListener;"
    "eventpp::*::append=eventpp::*::remove;"
    "eventpp::*::prepend=eventpp::*::remove;"
    "eventpp::*::insert=eventpp::*::remove;"
    "entt::sink::connect=entt::sink::disconnect,entt::connection::release;"
    // home-grown
    "*::subscribe=*::unsubscribe;"
    "*::Subscribe=*::Unsubscribe;"
    "*::RegisterFor=*::UnRegisterFor,*::UnregisterFor;"
    "*::registerFor=*::unregisterFor;"
    "*::addListener=*::removeListener;"
    "*::AddListener=*::RemoveListener;"
    "*::add_listener=*::remove_listener;"
    "*::addObserver=*::removeObserver;"
    "*::AddObserver=*::RemoveObserver;"
    "*::add_observer=*::remove_observer;"
    "*::attach=*::detach;"
    "*::registerCallback=*::unregisterCallback;"
    "*::RegisterCallback=*::UnregisterCallback;"
    "*::addHandler=*::removeHandler;"
    "*::AddHandler=*::RemoveHandler;"
    "*::on=*::off;"
    "*::connect=*::disconnect";
const char RaiiHandleTypes[] =
    "boost::signals2::scoped_connection;sigc::scoped_connection;"
    "sigslot::scoped_connection;entt::scoped_connection;eventpp::ScopedRemover;"
    "asynclint::Subscription";
const char SelfUnregisteringFunctions[] =
    "g_signal_connect_object;asynclint::EventDistributor::subscribe_weak;"
    "boost::signals2::slot*::track;boost::signals2::slot*::track_foreign;"
    "sigc::track_obj;sigc::track_object";
const char ContextRegistrations[] =
    "QObject::connect;QTimer::singleShot;QWidget::addAction;QMenu::addAction;"
    "QToolBar::addAction";
const char ContextTypes[] = "QObject;GtkWidget";
const char TrackableBases[] =
    "sigc::trackable;sigslot::observer_base;boost::signals2::trackable";
const char CreationFunctions[] =
    "std::make_shared;std::make_unique;std::allocate_shared;"
    "QSharedPointer::create;g_object_new;g_object_new_with_properties;"
    // glibmm's and gtkmm's named constructors.
    "Glib::*::create;Gio::*::create;Gtk::*::create;Gdk::*::create;"
    // GObject's constructors return a new reference by convention.
    "*_new";
const char ReleaseFunctions[] =
    "g_object_unref;g_clear_object;gtk_widget_destroy;gtk_window_destroy;"
    "QObject::deleteLater";
const char WaitFunctions[] =
    // Nested and modal event loops.
    "QEventLoop::exec;QDialog::exec;QMenu::exec;QCoreApplication::exec;"
    "QThread::wait;g_main_loop_run;gtk_dialog_run;Gtk::Dialog::run;"
    "Glib::MainLoop::run;boost::asio::io_context::run;"
    "boost::asio::io_context::run_one;asio::io_context::run;"
    // Blocking waits on what the handler signals.
    "std::future::get;std::future::wait;std::future::wait_for;"
    "std::future::wait_until;std::shared_future::get;std::shared_future::wait;"
    "std::condition_variable::wait;std::condition_variable::wait_for;"
    "std::condition_variable::wait_until;std::condition_variable_any::wait;"
    "std::latch::wait;std::counting_semaphore::acquire;"
    "std::binary_semaphore::acquire;std::thread::join;std::jthread::join;"
    "QFuture::waitForFinished;QSemaphore::acquire;QWaitCondition::wait";
const char ProcessLifetimeTypes[] = "GApplication";
} // namespace defaults

static std::vector<std::string> combined(llvm::StringRef Extra,
                                         llvm::StringRef Base) {
  std::vector<std::string> Items = parseOptionList(Extra);
  for (std::string &Item : parseOptionList(Base))
    Items.push_back(std::move(Item));
  return Items;
}

static std::vector<std::string> splitUndo(llvm::StringRef Undo) {
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Undo.split(Parts, ',', -1, false);
  std::vector<std::string> Globs;
  for (llvm::StringRef Part : Parts)
    if (!Part.trim().empty())
      Globs.push_back(Part.trim().str());
  return Globs;
}

CatalogTable::CatalogTable(clang::tidy::ClangTidyCheck::OptionsView &Options,
                           llvm::StringRef Name, llvm::StringRef Default)
    : Name(Name.str()), Base(Options.getLocalOrGlobal(Name, Default)),
      Extra(Options.getLocalOrGlobal(("Extra" + Name).str(), "")) {
  static_cast<NamePatterns &>(*this) = NamePatterns(combined(Extra, Base));
}

void CatalogTable::store(clang::tidy::ClangTidyOptions::OptionMap &Opts,
                         clang::tidy::ClangTidyCheck::OptionsView &Options) const {
  Options.store(Opts, Name, Base);
  Options.store(Opts, "Extra" + Name, Extra);
}

EventApiCatalog::EventApiCatalog(
    clang::tidy::ClangTidyCheck::OptionsView &Options)
    : PairsOption(Options.getLocalOrGlobal("RegistrationPairs",
                                           defaults::RegistrationPairs)),
      ExtraPairsOption(Options.getLocalOrGlobal("ExtraRegistrationPairs", "")),
      RaiiTypes(Options, "RaiiHandleTypes", defaults::RaiiHandleTypes),
      SelfUnregistering(Options, "SelfUnregisteringFunctions",
                        defaults::SelfUnregisteringFunctions),
      ContextRegs(Options, "ContextRegistrations",
                  defaults::ContextRegistrations),
      ContextTypes(Options, "ContextTypes", defaults::ContextTypes),
      Trackable(Options, "TrackableBases", defaults::TrackableBases),
      Creation(Options, "CreationFunctions", defaults::CreationFunctions),
      Release(Options, "ReleaseFunctions", defaults::ReleaseFunctions),
      Wait(Options, "WaitFunctions", defaults::WaitFunctions),
      ProcessLifetime(Options, "ProcessLifetimeTypes",
                      defaults::ProcessLifetimeTypes) {
  // Rows the user adds come first, so they win over a built-in row that
  // matches the same function.
  std::vector<std::string> RegisterGlobs, UndoGlobs;
  for (const std::string &Row : combined(ExtraPairsOption, PairsOption)) {
    auto [Register, Undo] = llvm::StringRef(Row).split('=');
    if (Register.trim().empty())
      continue;
    Pair P;
    P.Register = NamePatterns(std::vector<std::string>{Register.trim().str()});
    P.UndoGlobs = splitUndo(Undo);
    RegisterGlobs.push_back(Register.trim().str());
    UndoGlobs.insert(UndoGlobs.end(), P.UndoGlobs.begin(), P.UndoGlobs.end());
    Pairs.push_back(std::move(P));
  }
  AllRegister = NamePatterns(RegisterGlobs);
  AllUndo = NamePatterns(UndoGlobs);
}

void EventApiCatalog::storeOptions(
    clang::tidy::ClangTidyOptions::OptionMap &Opts,
    clang::tidy::ClangTidyCheck::OptionsView &Options) const {
  Options.store(Opts, "RegistrationPairs", PairsOption);
  Options.store(Opts, "ExtraRegistrationPairs", ExtraPairsOption);
  for (const CatalogTable *Table :
       {&RaiiTypes, &SelfUnregistering, &ContextRegs, &ContextTypes, &Trackable,
        &Creation, &Release, &Wait, &ProcessLifetime})
    Table->store(Opts, Options);
}

bool EventApiCatalog::mayBeEventCall(llvm::StringRef Name) const {
  return AllRegister.mayMatchUnqualified(Name) ||
         AllUndo.mayMatchUnqualified(Name) ||
         SelfUnregistering.mayMatchUnqualified(Name);
}

static bool namedLike(const CallExpr *Call, const NamePatterns &Table) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() ||
      !Table.mayMatchUnqualified(Callee->getName()))
    return false;
  return Table.matchesAny(callNames(Call));
}

/// True if the call is a static member or free function (no object), so its
/// first argument is the source (a Qt sender, a GObject instance).
static bool takesSourceAsArgument(const CallExpr *Call) {
  if (callObject(Call))
    return false;
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
  return !Method || Method->isStatic();
}

static bool isBareRecordOrPointer(QualType Type) {
  Type = Type.getNonReferenceType();
  if (Type->isPointerType())
    Type = Type->getPointeeType();
  return Type->isRecordType() && !Type->isFunctionType();
}

bool EventApiCatalog::isContextType(const CXXRecordDecl *Record) const {
  if (!Record || !Record->hasDefinition())
    return false;
  Record = Record->getDefinition();
  if (ContextTypes.matches(qualifiedName(Record)))
    return true;
  return !Record->forallBases([&](const CXXRecordDecl *Base) {
    return !ContextTypes.matches(qualifiedName(Base));
  });
}

const Expr *EventApiCatalog::contextArgument(const CallExpr *Call,
                                             unsigned First) const {
  for (unsigned I = First; I < Call->getNumArgs(); ++I) {
    const Expr *Arg = Call->getArg(I)->IgnoreParenImpCasts();
    QualType Type = Arg->getType();
    if (Type->isPointerType() && isContextType(Type->getPointeeCXXRecordDecl()))
      return Arg;
  }
  return nullptr;
}

bool EventApiCatalog::isCreation(const CallExpr *Call) const {
  return namedLike(Call, Creation);
}

bool EventApiCatalog::isRelease(const CallExpr *Call) const {
  return namedLike(Call, Release);
}

bool EventApiCatalog::isWait(const CallExpr *Call) const {
  return namedLike(Call, Wait);
}

namespace {
/// Finds calls to self-unregistering functions (`slot.track(p)`,
/// `sigc::track_obj(f, obj)`) in handler arguments, not in lambda bodies.
class SelfUnregisteringFinder
    : public RecursiveASTVisitor<SelfUnregisteringFinder> {
public:
  explicit SelfUnregisteringFinder(const NamePatterns &Table) : Table(Table) {}
  bool Found = false;
  /// The objects the found call tracks: its arguments that are not
  /// callables (`p` in `slot.track(p)`, `obj` in `track_obj(f, obj)`).
  llvm::SmallVector<const Expr *, 1> Tracked;
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCallExpr(CallExpr *Call) {
    if (!namedLike(Call, Table))
      return true;
    Found = true;
    for (const Expr *Arg : Call->arguments())
      if (!isCallableType(Arg->getType()) &&
          !isa<LambdaExpr>(Arg->IgnoreImplicit()))
        Tracked.push_back(Arg->IgnoreParenImpCasts());
    return false;
  }

private:
  const NamePatterns &Table;
};
} // namespace

bool mayBeInferredEventCall(const FunctionDecl *Callee) {
  const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
  if (!Method || Method->isStatic() || utils::inSystemHeader(Method))
    return false;
  for (const ParmVarDecl *Param : Method->parameters())
    if (isCallableType(Param->getType()))
      return true;
  // An undo by token or of everything (`removeListener(id)`, `clear()`):
  // only inside the class, where ClassEventsCache reads the bodies.
  return false;
}

const std::vector<std::string> *
EventApiCatalog::tableUndo(const CallExpr *Call) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!AllRegister.mayMatchUnqualified(Callee->getName()))
    return nullptr;
  llvm::SmallVector<std::string, 4> Names = callNames(Call);
  for (const Pair &P : Pairs)
    if (P.Register.matchesAny(Names))
      return &P.UndoGlobs;
  return nullptr;
}

bool EventApiCatalog::registration(const CallExpr *Call, Registration &Out,
                                   EventSourceModel *Inferred) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return false;
  Out = Registration();
  Out.Call = Call;
  if (auto Undo = findAnnotation(Callee, tag::Registers)) {
    if (!Undo->empty())
      Out.UndoGlobs = {"*::" + Undo->str(), Undo->str()};
  } else if (const std::vector<std::string> *Undo = tableUndo(Call)) {
    Out.UndoGlobs = *Undo;
  } else {
    // A listener list of the project's own, known from its code.
    if (!Inferred || !Inferred->registration(Call, Out))
      return false;
    Out.ReturnsRaiiHandle =
        Out.ReturnsHandle && isRaiiHandleType(Callee->getReturnType(), Inferred);
    return true;
  }
  Out.Undo = NamePatterns(Out.UndoGlobs);

  bool SourceArg = takesSourceAsArgument(Call) && Call->getNumArgs() > 0 &&
                   isBareRecordOrPointer(
                       Call->getArg(0)->IgnoreParenImpCasts()->getType());
  if (const Expr *Object = callObject(Call))
    Out.Source = Object;
  else if (SourceArg)
    Out.Source = Call->getArg(0)->IgnoreParenImpCasts();
  unsigned First = SourceArg ? 1 : 0;

  // The handler: the parameters marked ASYNCLINT_HANDLER, or else every
  // argument but the source.
  unsigned Offset = utils::firstParamArg(Call);
  for (unsigned I = Offset; I < Call->getNumArgs(); ++I) {
    unsigned Param = I - Offset;
    if (Param < Callee->getNumParams() &&
        hasAnnotation(Callee->getParamDecl(Param), tag::Handler))
      Out.Handlers.push_back(Call->getArg(I));
  }
  if (Out.Handlers.empty())
    for (unsigned I = std::max(First, Offset); I < Call->getNumArgs(); ++I)
      if (!isa<CXXDefaultArgExpr>(Call->getArg(I)))
        Out.Handlers.push_back(Call->getArg(I));

  QualType Result = Callee->getReturnType();
  Out.ReturnsHandle = !Result->isVoidType() && !Result->isReferenceType() &&
                      !Result->isBooleanType();
  Out.ReturnsRaiiHandle =
      Out.ReturnsHandle && isRaiiHandleType(Result, Inferred);

  Out.TakesContext = namedLike(Call, ContextRegs);
  if (Out.TakesContext)
    if (const Expr *Context = contextArgument(Call, First)) {
      Out.SelfUnregistering = true;
      Out.Guards.push_back(Context);
    }
  SelfUnregisteringFinder Finder(SelfUnregistering);
  for (const Expr *Handler : Out.Handlers)
    Finder.TraverseStmt(const_cast<Expr *>(Handler));
  if (Finder.Found) {
    Out.SelfUnregistering = true;
    Out.Guards.append(Finder.Tracked.begin(), Finder.Tracked.end());
  }
  // An API that undoes the registration by itself (or tracked objects the
  // handler does not name): nothing to check against the locals.
  if (namedLike(Call, SelfUnregistering) ||
      (Finder.Found && Finder.Tracked.empty())) {
    Out.SelfUnregistering = true;
    Out.Guards.clear();
  }
  return true;
}

bool EventApiCatalog::isUnregistration(const CallExpr *Call,
                                       EventSourceModel *Inferred) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return false;
  if (hasAnnotation(Callee, tag::Unregisters))
    return true;
  return namedLike(Call, AllUndo) ||
         (Inferred && Inferred->isUnregistration(Call));
}

bool EventApiCatalog::isRaiiHandleType(QualType Type,
                                       EventSourceModel *Inferred) const {
  return isRaiiHandleType(Type, Inferred, 0);
}

bool EventApiCatalog::isRaiiHandleType(QualType Type, EventSourceModel *Inferred,
                                       int Depth) const {
  if (Depth > 4)
    return false;
  Type = Type.getNonReferenceType();
  while (const ArrayType *Array = Type->getAsArrayTypeUnsafe())
    Type = Array->getElementType();
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (!Record)
    return false;
  if (hasAnnotation(Record, tag::RaiiHandle) ||
      RaiiTypes.matches(qualifiedName(Record)))
    return true;
  if (Record->hasDefinition() &&
      !Record->getDefinition()->forallBases([&](const CXXRecordDecl *Base) {
        return !hasAnnotation(Base, tag::RaiiHandle) &&
               !RaiiTypes.matches(qualifiedName(Base));
      }))
    return true;
  if (destructorUndoes(Record, Inferred))
    return true;
  // A container, smart pointer or optional of handles.
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record);
  if (!Spec)
    return false;
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
    if (Arg.getKind() == TemplateArgument::Type &&
        isRaiiHandleType(Arg.getAsType(), Inferred, Depth + 1))
      return true;
  return false;
}

namespace {
/// Finds, in a destructor and the member functions of its class it calls,
/// an undo call made on or given a field of the class.
class HeldUndoFinder : public RecursiveASTVisitor<HeldUndoFinder> {
public:
  HeldUndoFinder(const EventApiCatalog &Catalog, EventSourceModel *Inferred,
                 const CXXRecordDecl *Record)
      : Catalog(Catalog), Inferred(Inferred), Record(Record) {}
  bool Found = false;

  void search(const FunctionDecl *Function, int Depth) {
    const FunctionDecl *Definition = nullptr;
    if (Found || Depth > 2 || !Function->hasBody(Definition) ||
        !Visited.insert(Definition).second)
      return;
    int Saved = this->Depth;
    this->Depth = Depth;
    TraverseStmt(Definition->getBody());
    this->Depth = Saved;
  }

  bool VisitCallExpr(CallExpr *Call) {
    if (Found)
      return false;
    if (Catalog.isUnregistration(Call, Inferred) && mentionsField(Call)) {
      Found = true;
      return false;
    }
    // `disconnect()`, a member function of its own.
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
      if (const CXXMethodDecl *Method = Member->getMethodDecl();
          Method && Method->getParent()->getCanonicalDecl() ==
                        Record->getCanonicalDecl() &&
          isa<CXXThisExpr>(
              Member->getImplicitObjectArgument()->IgnoreParenImpCasts()))
        search(Method, Depth + 1);
    return true;
  }

private:
  bool mentionsField(const Stmt *S) const {
    if (!S)
      return false;
    if (const auto *Member = dyn_cast<MemberExpr>(S))
      if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
          Field && Field->getParent()->getCanonicalDecl() ==
                       Record->getCanonicalDecl() &&
          isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
        return true;
    for (const Stmt *Child : S->children())
      if (mentionsField(Child))
        return true;
    return false;
  }

  const EventApiCatalog &Catalog;
  EventSourceModel *Inferred;
  const CXXRecordDecl *Record;
  llvm::SmallPtrSet<const FunctionDecl *, 4> Visited;
  int Depth = 0;
};
} // namespace

bool EventApiCatalog::destructorUndoes(const CXXRecordDecl *Record,
                                       EventSourceModel *Inferred) const {
  if (!Record->hasDefinition())
    return false;
  Record = Record->getDefinition();
  const CXXDestructorDecl *Destructor = Record->getDestructor();
  if (!Destructor || Destructor->isImplicit())
    return false;
  HeldUndoFinder Finder(*this, Inferred, Record);
  Finder.search(Destructor, 0);
  return Finder.Found;
}

bool EventApiCatalog::isTrackable(const CXXRecordDecl *Record) const {
  if (!Record || !Record->hasDefinition())
    return false;
  Record = Record->getDefinition();
  if (Trackable.matches(qualifiedName(Record)))
    return true;
  return !Record->forallBases([&](const CXXRecordDecl *Base) {
    return !Trackable.matches(qualifiedName(Base));
  });
}

static const FieldDecl *fieldOfThis(const Expr *E) {
  const auto *Member = dyn_cast_or_null<MemberExpr>(
      E ? E->IgnoreParenImpCasts() : nullptr);
  if (!Member || !isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
    return nullptr;
  return dyn_cast<FieldDecl>(Member->getMemberDecl());
}

//===----------------------------------------------------------------------===//
// Parents, local to one top-level declaration. ASTContext::getParents builds
// the parent map of the whole translation unit on first use, headers
// included: tens of MB for a TU that includes Asio or Qt. The questions asked
// here (how is a call's result used, which function is it in) only need the
// parents inside the declaration that contains the call.
//===----------------------------------------------------------------------===//

namespace {

class LocalParentBuilder : public RecursiveASTVisitor<LocalParentBuilder> {
public:
  explicit LocalParentBuilder(llvm::DenseMap<const void *, DynTypedNode> &Map)
      : Map(Map) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }
  bool shouldVisitLambdaBody() const { return true; }

  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    return visitNode(D, DynTypedNode::create(*D),
                     [&] { return RecursiveASTVisitor::TraverseDecl(D); });
  }
  // One parameter, unlike the base: every child comes through here (no
  // data recursion queue), so the stack of ancestors stays right.
  bool TraverseStmt(Stmt *S) {
    if (!S)
      return true;
    return visitNode(S, DynTypedNode::create(*S),
                     [&] { return RecursiveASTVisitor::TraverseStmt(S); });
  }
  bool TraverseConstructorInitializer(CXXCtorInitializer *Init) {
    if (!Init)
      return true;
    return visitNode(Init, DynTypedNode::create(*Init), [&] {
      return RecursiveASTVisitor::TraverseConstructorInitializer(Init);
    });
  }

private:
  template <class F>
  bool visitNode(const void *Key, DynTypedNode Node, F Traverse) {
    if (!Stack.empty())
      Map.try_emplace(Key, Stack.back());
    Stack.push_back(Node);
    bool Result = Traverse();
    Stack.pop_back();
    return Result;
  }
  llvm::DenseMap<const void *, DynTypedNode> &Map;
  llvm::SmallVector<DynTypedNode, 32> Stack;
};

struct LocalParents {
  const Decl *Top = nullptr;
  llvm::DenseMap<const void *, DynTypedNode> Map;
};

LocalParents &localParents() {
  static LocalParents Cache;
  return Cache;
}

bool containsLoc(const SourceManager &SM, SourceRange Range, SourceLocation Loc) {
  if (Range.isInvalid())
    return false;
  SourceLocation Begin = SM.getExpansionLoc(Range.getBegin());
  SourceLocation End = SM.getExpansionLoc(Range.getEnd());
  return !SM.isBeforeInTranslationUnit(Loc, Begin) &&
         !SM.isBeforeInTranslationUnit(End, Loc);
}

/// The namespace-scope declaration (a function, a class, a template) whose
/// source range contains \p Loc, or null.
const Decl *topLevelDeclContaining(SourceLocation Loc, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  Loc = SM.getExpansionLoc(Loc);
  const DeclContext *DC = Context.getTranslationUnitDecl();
  for (int Depth = 0; Depth < 64; ++Depth) {
    const Decl *Found = nullptr;
    for (const Decl *D : DC->decls())
      if (!D->isImplicit() && containsLoc(SM, D->getSourceRange(), Loc)) {
        Found = D;
        break;
      }
    if (!Found || !isa<NamespaceDecl, LinkageSpecDecl, ExportDecl>(Found))
      return Found;
    DC = cast<DeclContext>(Found);
  }
  return nullptr;
}

/// Records the parents of the nodes of \p Top, and for a member function of
/// a class template defined out of line, of its instantiations too (they
/// hang under the class template's specializations, not under \p Top).
void buildLocalParents(const Decl *Top,
                       llvm::DenseMap<const void *, DynTypedNode> &Map) {
  LocalParentBuilder(Map).TraverseDecl(const_cast<Decl *>(Top));
  const auto *Method = dyn_cast<CXXMethodDecl>(Top);
  const ClassTemplateDecl *Template =
      Method ? Method->getParent()->getDescribedClassTemplate() : nullptr;
  if (!Template)
    return;
  for (const ClassTemplateSpecializationDecl *Spec : Template->specializations())
    for (const CXXMethodDecl *Member : Spec->methods())
      if (const FunctionDecl *Pattern = Member->getInstantiatedFromMemberFunction();
          Pattern && Pattern->getCanonicalDecl() == Method->getCanonicalDecl())
        LocalParentBuilder(Map).TraverseDecl(const_cast<CXXMethodDecl *>(Member));
}

/// The parents of \p Node: from the local map of the top-level declaration
/// that contains \p Anchor, or from the context's map when \p Node is not in
/// it (an instantiation kept elsewhere).
DynTypedNodeList parentsOf(const DynTypedNode &Node, const Stmt *Anchor,
                           ASTContext &Context) {
  LocalParents &Cache = localParents();
  const void *Key = Node.get<Stmt>()    ? static_cast<const void *>(Node.get<Stmt>())
                    : Node.get<Decl>() ? static_cast<const void *>(Node.get<Decl>())
                    : Node.get<CXXCtorInitializer>()
                        ? static_cast<const void *>(Node.get<CXXCtorInitializer>())
                        : nullptr;
  if (Key) {
    auto It = Cache.Map.find(Key);
    bool IsTop = Cache.Top && Node.get<Decl>() == Cache.Top;
    if (It == Cache.Map.end() && !IsTop) {
      const SourceManager &SM = Context.getSourceManager();
      SourceLocation Loc = SM.getExpansionLoc(Anchor->getBeginLoc());
      if (!Cache.Top || !containsLoc(SM, Cache.Top->getSourceRange(), Loc)) {
        Cache.Map.clear();
        Cache.Top = topLevelDeclContaining(Loc, Context);
        if (Cache.Top)
          buildLocalParents(Cache.Top, Cache.Map);
        It = Cache.Map.find(Key);
      }
    }
    if (It != Cache.Map.end())
      return DynTypedNodeList(It->second);
    if (Cache.Top && Node.get<Decl>() == Cache.Top)
      return DynTypedNodeList(llvm::ArrayRef<DynTypedNode>()); // namespace scope
  }
  return Context.getParents(Node);
}

} // namespace

void resetLocalParents() {
  localParents() = LocalParents();
}

/// True if \p S is a call to a library factory template that forwards its
/// arguments into the object it returns (`std::make_unique<Sub>(bus, id)`):
/// what happens to that object happens to the arguments.
static bool forwardsIntoNewObject(const Stmt *S, ASTContext &Context) {
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call || isa<CXXMemberCallExpr, CXXOperatorCallExpr>(Call))
    return false;
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Callee && Callee->isTemplateInstantiation() &&
         Call->getType()->isRecordType() &&
         Context.getSourceManager().isInSystemHeader(
             Context.getSourceManager().getExpansionLoc(Callee->getLocation()));
}

ResultUse classifyResult(const CallExpr *Call, ASTContext &Context) {
  ResultUse Use;
  DynTypedNode Node = DynTypedNode::create(*Call);
  for (int Depth = 0; Depth < 12; ++Depth) {
    DynTypedNodeList Parents = parentsOf(Node, Call, Context);
    if (Parents.empty())
      return Use;
    const DynTypedNode &Parent = Parents[0];
    if (const auto *Init = Parent.get<CXXCtorInitializer>()) {
      if (const FieldDecl *Field = Init->getMember()) {
        Use.K = ResultUse::StoredInField;
        Use.Field = Field;
      }
      return Use;
    }
    if (const auto *Ctor = Parent.get<CXXConstructorDecl>()) {
      // The parent map may skip the initializer and give the constructor.
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getMember() && Node.get<Stmt>() == Init->getInit()) {
          Use.K = ResultUse::StoredInField;
          Use.Field = Init->getMember();
        }
      return Use;
    }
    if (const auto *Var = Parent.get<VarDecl>()) {
      if (Var->hasLocalStorage()) {
        Use.K = ResultUse::StoredInLocal;
        Use.Local = Var;
      }
      return Use;
    }
    const auto *S = Parent.get<Stmt>();
    if (!S)
      return Use;
    if (isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
            ExprWithCleanups, ParenExpr, CXXFunctionalCastExpr>(S) ||
        (isa<CXXConstructExpr>(S) &&
         cast<CXXConstructExpr>(S)->getNumArgs() >= 1) ||
        forwardsIntoNewObject(S, Context)) {
      Node = Parent;
      continue;
    }
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(S)) {
      if (Cast->getType()->isVoidType())
        Use.K = ResultUse::DiscardedOnPurpose;
      return Use;
    }
    if (isa<ReturnStmt>(S)) {
      Use.K = ResultUse::Returned;
      return Use;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
      if (Op->isAssignmentOp() && Op->getNumArgs() == 2)
        if (const FieldDecl *Field = fieldOfThis(Op->getArg(0))) {
          Use.K = ResultUse::StoredInField;
          Use.Field = Field;
        }
      return Use;
    }
    if (const auto *Assign = dyn_cast<BinaryOperator>(S)) {
      if (Assign->isAssignmentOp()) {
        if (const FieldDecl *Field = fieldOfThis(Assign->getLHS())) {
          Use.K = ResultUse::StoredInField;
          Use.Field = Field;
        } else if (const auto *Ref = dyn_cast<DeclRefExpr>(
                       Assign->getLHS()->IgnoreParenImpCasts())) {
          if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
              Var && Var->hasLocalStorage()) {
            Use.K = ResultUse::StoredInLocal;
            Use.Local = Var;
          }
        }
      }
      return Use;
    }
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
      // `handles_.push_back(sig.connect(...))`
      if (const FieldDecl *Field =
              fieldOfThis(Member->getImplicitObjectArgument())) {
        Use.K = ResultUse::StoredInField;
        Use.Field = Field;
      }
      return Use;
    }
    if (isa<Expr>(S))
      return Use; // an argument or operand: used
    Use.K = ResultUse::Discarded; // a statement of its own
    return Use;
  }
  return Use;
}

const FunctionDecl *enclosingFunction(const Stmt *S, ASTContext &Context) {
  DynTypedNode Node = DynTypedNode::create(*S);
  for (int Depth = 0; Depth < 256; ++Depth) {
    DynTypedNodeList Parents = parentsOf(Node, S, Context);
    if (Parents.empty())
      return nullptr;
    Node = Parents[0];
    if (const auto *Function = Node.get<FunctionDecl>()) {
      const auto *Method = dyn_cast<CXXMethodDecl>(Function);
      if (!Method || !Method->getParent()->isLambda())
        return Function;
    }
  }
  return nullptr;
}

namespace {
class UndoCollector : public RecursiveASTVisitor<UndoCollector> {
public:
  UndoCollector(const EventApiCatalog &Catalog, EventSourceModel &Inferred,
                ClassEvents &Events)
      : Catalog(Catalog), Inferred(Inferred), Events(Events) {}
  bool VisitCallExpr(CallExpr *Call) {
    if (Catalog.isUnregistration(Call, &Inferred))
      Events.UndoCalls.push_back(Call);
    return true;
  }

private:
  const EventApiCatalog &Catalog;
  EventSourceModel &Inferred;
  ClassEvents &Events;
};
} // namespace

/// True if \p Access is Qt's `signals:` or `Q_SIGNALS:`: the member functions
/// declared after it are signals, whose bodies moc generates.
static bool isQtSignalsSection(const AccessSpecDecl *Access,
                               const SourceManager &SM) {
  SourceLocation Loc = Access->getAccessSpecifierLoc();
  if (!Loc.isMacroID())
    return false;
  const char *Text = SM.getCharacterData(SM.getExpansionLoc(Loc));
  size_t Length = 0;
  while (Length < 16 && isAsciiIdentifierContinue(Text[Length]))
    ++Length;
  llvm::StringRef Spelling(Text, Length);
  return Spelling == "Q_SIGNALS" || Spelling == "signals";
}

static bool needsDefinition(const CXXMethodDecl *Method) {
  // Members a macro declares (Qt's Q_OBJECT) are generated elsewhere.
  return !Method->isImplicit() && !Method->getLocation().isMacroID() &&
         !Method->isDeleted() &&
         !Method->isDefaulted() && !Method->isPureVirtual();
}

const ClassEvents &ClassEventsCache::get(const CXXRecordDecl *Record) {
  Record = Record->getDefinition() ? Record->getDefinition() : Record;
  auto [It, Inserted] = Cache.try_emplace(Record);
  if (!Inserted)
    return It->second;
  ClassEvents &Events = It->second;
  UndoCollector Collector(Catalog, Inferred, Events);
  auto Visit = [&](const CXXMethodDecl *Method) {
    if (const FunctionDecl *Pattern = Method->getTemplateInstantiationPattern())
      Method = cast<CXXMethodDecl>(Pattern);
    const FunctionDecl *Definition = nullptr;
    if (Method->hasBody(Definition)) {
      Collector.TraverseDecl(const_cast<FunctionDecl *>(Definition));
      return;
    }
    if (needsDefinition(Method)) {
      Events.AllMembersVisible = false;
      Events.Missing.push_back(Method);
    }
  };
  const SourceManager &SM = Record->getASTContext().getSourceManager();
  bool InQtSignals = false;
  for (const Decl *D : Record->decls()) {
    if (const auto *Access = dyn_cast<AccessSpecDecl>(D)) {
      InQtSignals = isQtSignalsSection(Access, SM);
      continue;
    }
    if (InQtSignals)
      continue; // moc defines them, and they undo nothing
    if (const auto *Method = dyn_cast<CXXMethodDecl>(D))
      Visit(Method);
    else if (const auto *Template = dyn_cast<FunctionTemplateDecl>(D))
      if (const auto *Method =
              dyn_cast<CXXMethodDecl>(Template->getTemplatedDecl()))
        if (Method->hasBody())
          Visit(Method);
  }
  return Events;
}

std::string memberKey(const CXXMethodDecl *Method) {
  // Parameter types and qualifiers, not the exception specification: a
  // destructor's is computed only where it is defined.
  std::string Key = qualifiedName(Method) + "(";
  for (const ParmVarDecl *Param : Method->parameters())
    Key += Param->getType().getCanonicalType().getAsString() + ",";
  Key += ")";
  if (Method->isConst())
    Key += " const";
  return Key;
}

const FunctionDecl *diagnosticCallee(const FunctionDecl *Callee) {
  if (const FunctionDecl *Pattern = Callee->getTemplateInstantiationPattern())
    return Pattern;
  return Callee;
}

SourceLocation diagnosticLocation(const Expr *E, const SourceManager &SM) {
  return SM.getExpansionLoc(E->getExprLoc());
}

/// The note that names the source a registration is made with, as written
/// and with its type, and where it is; none for `this` or a source that
/// cannot be spelled.
std::optional<std::pair<std::string, SourceLocation>>
sourceNote(const model::Registration &R, const NamedDecl *Owner,
           const SourceManager &SM, const LangOptions &LangOpts) {
  if (!R.Source || isa<CXXThisExpr>(R.Source->IgnoreParenImpCasts()))
    return std::nullopt;
  CharSourceRange Range = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(R.Source->getSourceRange()), SM, LangOpts);
  if (Range.isInvalid())
    return std::nullopt;
  std::string Text;
  for (char C : Lexer::getSourceText(Range, SM, LangOpts)) {
    bool Space = C == ' ' || C == '\t' || C == '\n' || C == '\r';
    if (!Space)
      Text += C;
    else if (!Text.empty() && Text.back() != ' ')
      Text += ' ';
  }
  if (Text.empty())
    return std::nullopt;
  if (Text.size() > 48)
    Text = Text.substr(0, 45) + "...";
  QualType Type = R.Source->getType().getNonReferenceType().getUnqualifiedType();
  if (Type->isPointerType())
    Type = Type->getPointeeType().getUnqualifiedType();
  std::string Message = "the source '" + Text + "' ('" +
                        Type.getAsString(PrintingPolicy(LangOpts)) + "'" +
                        ") is not owned by '" + Owner->getName().str() + "'" +
                        " and may outlive it";
  return std::make_pair(Message, SM.getFileLoc(R.Source->getBeginLoc()));
}

} // namespace asynclint::model
