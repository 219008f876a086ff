# lit configuration for asynclint's test suite.
import os
import shlex

import lit.formats

config.name = "asynclint"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".c", ".test"]
config.excludes = ["Inputs", "runtime", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.asynclint_obj_root, "test")

q = shlex.quote
runner = os.path.join(config.asynclint_src_root, "test", "check_asynclint.py")
common = "%s %s --filecheck %s" % (q(config.python), q(runner), q(config.filecheck))
# One substitution per front end: every check test runs through both with the
# same expectations, so the asynclint tool and the plugin never drift.
tool_driver = q(config.asynclint_bin)
plugin_driver = "%s --load=%s" % (q(config.clang_tidy_host), q(config.asynclint_plugin))
config.substitutions.append(
    ("%check_asynclint_plugin", "%s --driver %s" % (common, q(plugin_driver))))
config.substitutions.append(
    ("%check_asynclint", "%s --driver %s" % (common, q(tool_driver))))
config.substitutions.append(("%asynclint_plugin", plugin_driver))
# A test build of the tool with a fake fact family (tool/CMakeLists.txt).
config.substitutions.append(("%asynclint_facts_test", q(os.path.join(
    config.asynclint_obj_root, "bin", "asynclint-facts-test"))))
config.substitutions.append(("%asynclint", tool_driver))
config.substitutions.append(("%clang_tidy", q(config.clang_tidy_host)))
config.substitutions.append(("%clangxx", q(config.clangxx)))
config.substitutions.append(("%python", q(config.python)))
config.substitutions.append(("%src_root", q(config.asynclint_src_root)))
config.substitutions.append(("%obj_root", q(config.asynclint_obj_root)))
config.substitutions.append(("%runtime_include",
                             q(os.path.join(config.asynclint_src_root, "runtime", "include"))))
config.substitutions.append(("%cmake", q(config.cmake)))
config.substitutions.append(("%resource_dir", q(config.resource_dir)))

config.environment["PATH"] = os.pathsep.join(
    [os.path.dirname(config.filecheck), os.path.dirname(config.asynclint_bin),
     config.environment.get("PATH", os.environ.get("PATH", ""))])
config.environment["HOME"] = os.environ.get("HOME", "/tmp")


def has_header(path):
    return os.path.exists(path)


# Library features, so tests against real installed headers are marked
# UNSUPPORTED (and listed as such) where a library is missing, never skipped
# silently: CI installs them all.
for feature, header in [
    ("boost", "/usr/include/boost/asio.hpp"),
    ("boost-signals2", "/usr/include/boost/signals2.hpp"),
    ("tbb", "/usr/include/oneapi/tbb.h"),
    ("cpprest", "/usr/include/pplx/pplxtasks.h"),
    ("httplib", "/usr/include/httplib.h"),
    ("qt5", "/usr/include/x86_64-linux-gnu/qt5/QtCore/QObject"),
    ("qt6", "/usr/include/x86_64-linux-gnu/qt6/QtCore/QObject"),
    ("sigcxx3", "/usr/include/sigc++-3.0/sigc++/sigc++.h"),
    ("glib", "/usr/include/glib-2.0/glib-object.h"),
]:
    if has_header(header):
        config.available_features.add(feature)

# Tools some test/tool tests need (install, packaging, version checks).
import shutil
for feature, program in [("clang-tidy-22", "clang-tidy-22"), ("dpkg", "dpkg-deb"),
                         ("cpack", "cpack"), ("git", "git")]:
    if shutil.which(program):
        config.available_features.add(feature)
