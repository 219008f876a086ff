//===--- UndoPairing.h - does this undo call undo that registration --------===//
//
// An undo call of the right API counts for a registration only when nothing
// in its shape says it undoes another one:
//   - by handle: the undo is made on, or given, a member of the object that
//     holds a handle of the registration's handle type (`conn_.disconnect()`,
//     `bus_.unsubscribe(id_)`): it undoes the registration whose handle was
//     stored in that member, not one whose handle was dropped or stored in
//     another member;
//   - by source: the undo is made on (or given) a source reached from the
//     object by a path of members and accessors (`mouse_.disconnect(this)`),
//     and the registration's source is another such path
//     (`keyboard_.connect(...)`);
//   - by handler: both name a member function (`&Self::onKey`) and they
//     differ.
// Where the shape cannot be resolved (a loop over a container of handles, a
// source given as a parameter, a helper) the undo counts: the class-level
// rule.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_MODEL_UNDOPAIRING_H
#define ASYNCLINT_MODEL_UNDOPAIRING_H

#include "model/EventApis.h"

namespace asynclint::model {

/// True unless the shape of \p Undo shows that it undoes a registration
/// other than \p R, whose result is used as \p Use.
bool mayUndo(const Registration &R, const ResultUse &Use,
             const clang::CallExpr *Undo);

/// True if \p Undo removes every handler of \p R's source at once: a call
/// with no arguments made on the same path from the object
/// (`changed_.clear()`, `sig_.disconnect_all_slots()` for `changed_.connect`,
/// `sig_.connect`), so no handle is needed to undo \p R.
bool undoesAll(const Registration &R, const clang::CallExpr *Undo);

} // namespace asynclint::model

#endif // ASYNCLINT_MODEL_UNDOPAIRING_H
