//===--- NamePatterns.cpp - match declarations against name globs ---------===//

#include "model/NamePatterns.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Error.h"

using namespace clang;

namespace asynclint::model {

/// \p Glob with every glob metacharacter escaped, so it matches literally.
static std::string escapeGlob(llvm::StringRef Glob) {
  std::string Escaped;
  for (char C : Glob) {
    if (llvm::StringRef("*?[]{}\\").contains(C))
      Escaped += '\\';
    Escaped += C;
  }
  return Escaped;
}

NamePatterns::NamePatterns(llvm::ArrayRef<std::string> Items) {
  auto Texts = std::make_shared<std::vector<std::string>>();
  Texts->reserve(Items.size() * 2);
  for (const std::string &Item : Items) {
    llvm::StringRef Glob = llvm::StringRef(Item).trim();
    Glob.consume_front("::");
    if (!Glob.empty())
      Texts->push_back(Glob.str());
  }
  // The vector is not resized below this point: patterns refer into it.
  const size_t Count = Texts->size();
  for (size_t I = 0; I < Count; ++I)
    Texts->push_back(escapeGlob((*Texts)[I]));
  for (size_t I = 0; I < Count; ++I) {
    llvm::StringRef Glob = (*Texts)[I];
    auto Pattern = llvm::GlobPattern::create(Glob);
    if (!Pattern) {
      // An invalid glob (an unbalanced '[', say) matches literally.
      llvm::consumeError(Pattern.takeError());
      Pattern = llvm::GlobPattern::create((*Texts)[Count + I]);
      if (!Pattern) {
        llvm::consumeError(Pattern.takeError());
        continue;
      }
    }
    Patterns.push_back(std::move(*Pattern));
    llvm::StringRef Last = Glob.rsplit("::").second;
    if (Last.empty())
      Last = Glob;
    if (Last.find_first_of("*?[{\\") != llvm::StringRef::npos)
      AnyWildcardLast = true;
    else
      LastComponents.insert(Last);
  }
  Globs.assign(Texts->begin(), Texts->begin() + Count);
  Storage = std::move(Texts);
}

bool NamePatterns::matches(llvm::StringRef QualifiedName) const {
  QualifiedName.consume_front("::");
  for (const llvm::GlobPattern &Pattern : Patterns)
    if (Pattern.match(QualifiedName))
      return true;
  return false;
}

bool NamePatterns::mayMatchUnqualified(llvm::StringRef Name) const {
  return AnyWildcardLast || LastComponents.contains(Name);
}

bool NamePatterns::matchesAny(llvm::ArrayRef<std::string> Names) const {
  for (const std::string &Name : Names)
    if (matches(Name))
      return true;
  return false;
}

std::string foldedName(llvm::StringRef Name) {
  std::string Out;
  for (char C : Name)
    if (C != '_')
      Out += llvm::toLower(C);
  return Out;
}

const Expr *callObject(const CallExpr *Call) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    if (const Expr *Object = Member->getImplicitObjectArgument())
      return Object->IgnoreParenImpCasts();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
    if (isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()) &&
        Op->getNumArgs() > 0)
      return Op->getArg(0)->IgnoreParenImpCasts();
  return nullptr;
}

/// Adds `<Record>::<Method>` for \p Record and every base class of it.
static void addMemberNames(const CXXRecordDecl *Record, llvm::StringRef Method,
                           llvm::SmallVectorImpl<std::string> &Names) {
  if (!Record)
    return;
  Record = Record->getDefinition() ? Record->getDefinition() : Record;
  std::string Name = qualifiedName(Record) + "::" + Method.str();
  if (llvm::is_contained(Names, Name))
    return;
  Names.push_back(std::move(Name));
  if (!Record->hasDefinition())
    return;
  for (const CXXBaseSpecifier &Base : Record->bases())
    addMemberNames(Base.getType()->getAsCXXRecordDecl(), Method, Names);
}

llvm::SmallVector<std::string, 4> callNames(const CallExpr *Call) {
  llvm::SmallVector<std::string, 4> Names;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return Names;
  Names.push_back(qualifiedName(Callee));
  const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
  if (!Method || !Method->getIdentifier())
    return Names;
  if (const Expr *Object = callObject(Call)) {
    QualType Type = Object->getType();
    if (const auto *Pointer = Type->getAs<PointerType>())
      Type = Pointer->getPointeeType();
    addMemberNames(Type->getAsCXXRecordDecl(), Method->getName(), Names);
  }
  return Names;
}

} // namespace asynclint::model
