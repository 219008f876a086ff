//===--- DeclNames.h - functions and classes named as the user writes them -===//
//
// The names diagnostics print: qualified the way a user spells them
// (`std::future::get`, `ctpl::thread_pool`), without template arguments,
// inline namespaces (`std::__cxx11`, `std::_V2`, `std::__1`) or anonymous
// namespaces; a lambda as `lambda in 'enclosing'`. Each result is ready to
// splice into a message: plain names come quoted.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_UTILS_DECLNAMES_H
#define ASYNCLINT_UTILS_DECLNAMES_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

#include <string>

namespace asynclint::utils {

/// The name of \p D qualified the way a user spells it, unquoted
/// (`std::basic_string`, `Pool::submit`); \p Scope, when given, stands for
/// \p D's own class (a member named through a derived class). Empty for
/// null.
std::string qualifiedName(const clang::NamedDecl *D,
                          const clang::CXXRecordDecl *Scope = nullptr);

/// `'ns::Class::member'`, `'function'`, or `lambda in 'enclosing'` for a
/// lambda's call operator or class (`lambda` alone at namespace scope).
std::string displayName(const clang::NamedDecl *D);

/// The callee of \p Call as displayName() names it, qualified by the class
/// of the object the call is made on when the member is inherited from a
/// base (`'std::future::wait'`, not `'std::__basic_future::wait'`); `''`
/// for an indirect call.
std::string calleeDisplayName(const clang::CallExpr *Call);

} // namespace asynclint::utils

#endif
