#!/usr/bin/env python3
"""Runs a server as the child of a child subreaper and reaps every process of its tree.

usage: reaper.py PIDFILE COMMAND [ARG...]

Exim and Postfix fork (and double-fork) for connections and deliveries; orphaned descendants are re-parented to
this process instead of init, and reaping them adds their CPU time to this process's cutime/cstime in /proc, so the
load generator measures the whole server by measuring this process's tree. TERM/INT are passed on to the server;
the reaper exits with the server once no descendant is left (at most 30 s after the server).
"""
import ctypes
import os
import signal
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: reaper.py PIDFILE COMMAND [ARG...]\n")
        return 2
    pidfile, command = sys.argv[1], sys.argv[2:]
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.stderr.write("reaper: prctl(PR_SET_CHILD_SUBREAPER) failed: errno %d\n" % ctypes.get_errno())
        return 1
    child = os.fork()
    if child == 0:
        os.execvp(command[0], command)
    with open(pidfile + ".tmp", "w") as f:
        f.write("%d\n" % os.getpid())
    os.rename(pidfile + ".tmp", pidfile)

    def forward(signum, _frame):
        try:
            os.kill(child, signum)
        except ProcessLookupError:
            pass

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    status = 0
    server_gone_at = None
    while True:
        try:
            pid, st = os.waitpid(-1, 0 if server_gone_at is None else os.WNOHANG)
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        if pid == child:
            status = os.waitstatus_to_exitcode(st)
            server_gone_at = time.monotonic()
        if server_gone_at is not None and pid == 0:
            if time.monotonic() - server_gone_at > 30:
                break
            time.sleep(0.2)
    return status if status >= 0 else 128 - status


if __name__ == "__main__":
    sys.exit(main())
