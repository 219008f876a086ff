// Gives AUTOMOC a translation unit for qt_peer.hpp.
#include "qt_peer.hpp"
