#!/usr/bin/env python3
"""Writes one translation unit that stresses the async checks.

FUNCTIONS helper functions call each other in chains (some end in a blocking
std::future::get), and SUBMISSIONS tasks hand lambdas to a home-grown pool;
the tasks call into the chains, so the blocking summary is built for most of
the TU. Usage: gen_async_tu.py OUT.cpp [FUNCTIONS] [SUBMISSIONS]
"""

import sys


def main():
    out = sys.argv[1]
    functions = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    submissions = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    lines = [
        "#include <functional>",
        "#include <future>",
        "struct ThreadPool {",
        "  template <class F> void submit(F &&f) { std::function<void()> g(f); }",
        "};",
        "ThreadPool pool;",
        "std::future<int> reply;",
    ]
    for i in range(functions):
        if i % 50 == 0:
            body = "return reply.get();" if i % 100 == 0 else "return %d;" % i
        else:
            body = "return f%d() + %d;" % (i - 1, i)
        lines.append("int f%d() { %s }" % (i, body))
    for i in range(submissions):
        target = (i * 37) % functions
        lines.append("void s%d() { pool.submit([] { f%d(); }); }" % (i, target))
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
