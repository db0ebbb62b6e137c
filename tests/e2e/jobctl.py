#!/usr/bin/env python3
"""The least a job-control shell does, and nothing more, for tests:
run COMMAND in a process group of its own in the foreground of the
terminal, and log each change of its state to EVENTS ("stopped N",
"continued", "exited N", "killed N").  Its group is not orphaned (this
parent is in the same session, in another group), so SIGTSTP stops it;
but unlike a real shell this parent never takes the terminal back nor
touches its modes while the job is stopped: what the terminal shows and
which modes it is in are the job's doing alone.

Usage: jobctl.py EVENTS COMMAND...
"""
import os
import signal
import sys


def main():
    events, cmd = sys.argv[1], sys.argv[2:]
    tty = os.open('/dev/tty', os.O_RDWR)
    # Handing the terminal over from the background is allowed only with
    # SIGTTOU ignored.
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    pid = os.fork()
    if pid == 0:
        os.setpgid(0, 0)
        os.tcsetpgrp(tty, os.getpid())
        os.close(tty)
        signal.signal(signal.SIGTTOU, signal.SIG_DFL)
        os.execvp(cmd[0], cmd)
    try:
        os.setpgid(pid, pid)
        os.tcsetpgrp(tty, pid)
    except OSError:
        pass  # the child did both already
    log = open(events, 'a', buffering=1)
    while True:
        _, st = os.waitpid(pid, os.WUNTRACED | os.WCONTINUED)
        if os.WIFSTOPPED(st):
            log.write('stopped %d\n' % os.WSTOPSIG(st))
        elif os.WIFCONTINUED(st):
            log.write('continued\n')
        elif os.WIFEXITED(st):
            log.write('exited %d\n' % os.WEXITSTATUS(st))
            break
        elif os.WIFSIGNALED(st):
            log.write('killed %d\n' % os.WTERMSIG(st))
            break
    os.tcsetpgrp(tty, os.getpgrp())


if __name__ == '__main__':
    main()
