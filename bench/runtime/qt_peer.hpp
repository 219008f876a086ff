// A Qt5 emitter for the runtime benchmark (moc'd by AUTOMOC).
#ifndef ASYNCLINT_BENCH_QT_PEER_HPP
#define ASYNCLINT_BENCH_QT_PEER_HPP

#include <QObject>

namespace asynclint::bench {

/// Emits `fired(value)`; receivers connect with Qt::DirectConnection.
class QtEmitter : public QObject {
  Q_OBJECT
 public:
  void fire(int value) { Q_EMIT fired(value); }
 Q_SIGNALS:
  void fired(int value);
};

} // namespace asynclint::bench

#endif // ASYNCLINT_BENCH_QT_PEER_HPP
