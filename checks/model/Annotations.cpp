//===--- Annotations.cpp - read asynclint's source annotations ------------===//

#include "model/Annotations.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"

using namespace clang;

namespace asynclint::model {

static std::optional<llvm::StringRef> findOnRedecls(const Decl *D,
                                                    llvm::StringRef Tag) {
  for (const Decl *Redecl : D->redecls()) {
    for (const auto *Attr : Redecl->specific_attrs<AnnotateAttr>()) {
      llvm::StringRef Text = Attr->getAnnotation();
      if (!Text.consume_front("asynclint::") || !Text.consume_front(Tag))
        continue;
      if (Text.empty())
        return llvm::StringRef();
      if (Text.consume_front("="))
        return Text;
    }
  }
  return std::nullopt;
}

/// The declaration \p D was instantiated from, if any.
static const Decl *templatePattern(const Decl *D) {
  if (const auto *Function = dyn_cast<FunctionDecl>(D)) {
    if (const FunctionDecl *Pattern = Function->getTemplateInstantiationPattern())
      return Pattern;
    if (const FunctionDecl *Member = Function->getInstantiatedFromMemberFunction())
      return Member;
  }
  if (const auto *Record = dyn_cast<CXXRecordDecl>(D))
    return Record->getTemplateInstantiationPattern();
  if (const auto *Param = dyn_cast<ParmVarDecl>(D)) {
    const auto *Function = dyn_cast<FunctionDecl>(Param->getDeclContext());
    if (!Function)
      return nullptr;
    const FunctionDecl *Pattern = Function->getTemplateInstantiationPattern();
    if (!Pattern || Param->getFunctionScopeIndex() >= Pattern->getNumParams())
      return nullptr;
    return Pattern->getParamDecl(Param->getFunctionScopeIndex());
  }
  return nullptr;
}

std::optional<llvm::StringRef> findAnnotation(const Decl *D, llvm::StringRef Tag) {
  for (int Depth = 0; D && Depth < 4; ++Depth, D = templatePattern(D))
    if (auto Found = findOnRedecls(D, Tag))
      return Found;
  return std::nullopt;
}

} // namespace asynclint::model
