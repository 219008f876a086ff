//===--- GObjectInstances.h - GObject's C idiom: instances, owners, undo --===//
//
// GLib code in C has no `this`: an instance function takes `Self *self`,
// where `Self` is an instance struct whose first member is its parent's
// instance struct, down to GTypeInstance. A handler connected with `self` as
// user data (`g_signal_connect(src, "sig", cb, self)`, `g_timeout_add(ms,
// cb, self)`) is a registration of the instance, and it dangles once the
// instance is finalized unless:
//   - the source dies with the instance: the instance itself, an object it
//     creates (a field assigned only from creations), a template child (a
//     field whose offset is bound in class_init), or, when both are widgets
//     (ContextTypes, such as GtkWidget), a child widget;
//   - a function of the same type (one with a `Self *` parameter or local,
//     dispose and finalize among them) undoes it on the same source field or
//     with the same handler-id field, through GLib's macros and their locals
//     (`g_clear_signal_handler(&self->id, self->src)`,
//     `g_clear_handle_id(&self->tag, g_source_remove)`).
// What is read from the TU is memoized per TU.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_MODEL_GOBJECTINSTANCES_H
#define ASYNCLINT_MODEL_GOBJECTINSTANCES_H

#include "model/EventApis.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace asynclint::model {

/// The instance a registration is made for.
struct GInstance {
  /// The variable holding it (`self`).
  const clang::VarDecl *Self = nullptr;
  /// Its instance struct (`struct _Viewer`).
  const clang::RecordDecl *Type = nullptr;
};

class GObjectInstances {
public:
  explicit GObjectInstances(const EventApiCatalog &Catalog)
      : Catalog(Catalog) {}
  /// Forgets what was learnt; called at the start of each translation unit.
  void clear() {
    Fields.clear();
    TypeUndos.clear();
    Indexed = false;
  }

  /// The instance that one of \p R's handler arguments is (user data that is
  /// a pointer to a GObject instance struct), if any.
  std::optional<GInstance> instanceOf(const Registration &R) const;
  /// True if \p F is a function of \p Instance's type: the instance is its
  /// parameter, or a local cast from one (`Self *self = SELF(object)`). A
  /// function that makes an instance of its own is not.
  static bool isInstanceFunction(const GInstance &Instance,
                                 const clang::FunctionDecl *F);
  /// True if \p Instance is the application object (ProcessLifetimeTypes,
  /// such as GApplication), which outlives the main loop.
  bool livesWithProcess(const GInstance &Instance) const;
  /// True if \p R's source dies no later than \p Instance.
  bool sourceDiesWithInstance(const Registration &R, const GInstance &Instance,
                              const clang::FunctionDecl *Registering,
                              clang::ASTContext &Context);
  /// The undo call of \p R, if any: one naming its source or id field
  /// anywhere in the TU, or, where neither is a field, any undo of the pair
  /// in a function of \p Instance's type.
  const clang::CallExpr *undoInType(const Registration &R,
                                    const GInstance &Instance,
                                    const clang::FunctionDecl *Registering,
                                    clang::ASTContext &Context);

  /// The instance struct \p Type points to, or null: a struct whose chain of
  /// first members reaches GTypeInstance.
  static const clang::RecordDecl *instanceStruct(clang::QualType Type);

  /// What the TU shows of how an instance's pointer field is set.
  struct FieldFacts {
    bool Created = false;  // assigned from a creation
    bool Foreign = false;  // assigned from anything else but null
    bool Template = false; // its offset is taken (a template child)
  };

private:
  void index(clang::ASTContext &Context);
  bool ownedField(const clang::FieldDecl *Field, const GInstance &Instance,
                  clang::ASTContext &Context);

  const EventApiCatalog &Catalog;
  llvm::DenseMap<const clang::FieldDecl *, FieldFacts> Fields;
  /// Per instance struct, the undo calls made in the functions of its type;
  /// under null, every undo call of the TU.
  llvm::DenseMap<const clang::RecordDecl *,
                 llvm::SmallVector<std::pair<const clang::CallExpr *,
                                             const clang::FunctionDecl *>,
                                   4>>
      TypeUndos;
  bool Indexed = false;
};

} // namespace asynclint::model

#endif // ASYNCLINT_MODEL_GOBJECTINSTANCES_H
