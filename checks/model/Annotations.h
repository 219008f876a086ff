//===--- Annotations.h - read asynclint's source annotations --------------===//
//
// runtime/include/asynclint/annotations.hpp expands its macros to
// `[[clang::annotate("asynclint::<tag>")]]` (optionally `=value`). These
// helpers find them on a declaration, any of its redeclarations, and the
// template it was instantiated from.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_MODEL_ANNOTATIONS_H
#define ASYNCLINT_MODEL_ANNOTATIONS_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace asynclint::model {

/// Annotation tags, the part after "asynclint::".
namespace tag {
inline constexpr llvm::StringLiteral Blocking = "blocking";
inline constexpr llvm::StringLiteral NonBlocking = "nonblocking";
inline constexpr llvm::StringLiteral Submits = "submits";
inline constexpr llvm::StringLiteral Task = "task";
inline constexpr llvm::StringLiteral Executor = "executor";
inline constexpr llvm::StringLiteral DedicatedThread = "dedicated_thread";
inline constexpr llvm::StringLiteral Registers = "registers";
inline constexpr llvm::StringLiteral Handler = "handler";
inline constexpr llvm::StringLiteral Unregisters = "unregisters";
inline constexpr llvm::StringLiteral RaiiHandle = "raii_handle";
} // namespace tag

/// If \p D (or a redeclaration, or its template pattern) carries
/// `asynclint::<Tag>` or `asynclint::<Tag>=<value>`, returns the value ("" when
/// there is none); otherwise std::nullopt.
std::optional<llvm::StringRef> findAnnotation(const clang::Decl *D,
                                              llvm::StringRef Tag);

inline bool hasAnnotation(const clang::Decl *D, llvm::StringRef Tag) {
  return findAnnotation(D, Tag).has_value();
}

} // namespace asynclint::model

#endif // ASYNCLINT_MODEL_ANNOTATIONS_H
