#!/usr/bin/env python3
"""End to end: signals in bulk and at bad moments, in a real terminal
(tmux).  Storms of SIGWINCH end in the very screen a fresh start at the
final size draws; SIGTSTP and SIGCONT sent with kill hand the terminal
back and take it again, under a bare job-control parent (jobctl.py),
under bash, and in an orphaned process group (where the kernel will not
stop anyone); a SIGTSTP the parent ignores stays ignored; Ctrl-S does not
freeze tplay; SIGINT and SIGTERM in the middle of resize and toggle
storms still restore the terminal."""
import os
import shlex
import signal
import subprocess
import threading
import time

from tmux import Tmux
from test_play import clip as play_clip
from tplaytest import TPLAY, check, eq, path, run_tests, slow

HERE = os.path.dirname(os.path.abspath(__file__))
ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}
# Every size a storm goes through: tiny ones (where the picture and then
# the panel give way), narrow, tall, wide.
SIZES = [(1, 1), (2, 1), (1, 3), (5, 2), (10, 3), (12, 4), (20, 5),
         (39, 9), (40, 10), (41, 11), (80, 24), (30, 60), (200, 8),
         (160, 50), (64, 16), (3, 40), (120, 40)]
FINAL = (90, 28)


def clip():
    """A still picture (one colour: every frame draws the same cells) and
    test_play's three tracks, 60 s."""
    return play_clip('signals.mkv', picture='color=c=0x3366cc:')


class Run:
    """tplay in tmux under `sh -c`, its pid, exit status and tty modes
    (before and after) in files.  With jobctl, between sh and tplay sits
    tests/e2e/jobctl.py, which logs the job's stops and continues."""

    def __init__(self, name, f, size=(100, 30), jobctl=False, prefix=()):
        self.name = name
        self.files = {k: path('%s.%s' % (name, k)) for k in
                      ('pid', 'status', 'before', 'after', 'events',
                       'trace')}
        for p in self.files.values():
            if os.path.exists(p):
                os.unlink(p)
        self.t = Tmux(name, *size)
        tplay = ' '.join(shlex.quote(a) for a in list(prefix) +
                         [TPLAY, '--no-config', '--mpv-opt', 'ao=null', f])
        run = 'exec ' + tplay
        if jobctl:
            run = 'exec python3 %s %s %s' % (
                shlex.quote(os.path.join(HERE, 'jobctl.py')),
                self.files['events'], tplay)
        inner = 'stty -g > %s; echo $$ > %s; %s' % (
            self.files['before'], self.files['pid'], run)
        self.t.start('sh -c %s; echo $? > %s; stty -g > %s; sleep 60' % (
            shlex.quote(inner), self.files['status'], self.files['after']),
            env=dict(ENV, TPLAY_TRACE=self.files['trace']))

    def trace(self):
        """tplay's trace so far: one event a line (ui/trace.c)."""
        if not os.path.exists(self.files['trace']):
            return []
        return [l.split()[1:] for l in open(self.files['trace'])
                if l.strip()]

    def pid(self):
        """tplay's pid (under jobctl: the child of the pid written)."""
        self.t.wait_for(lambda _: os.path.exists(self.files['pid']) and
                        open(self.files['pid']).read().endswith('\n'), 'pid')
        pid = int(open(self.files['pid']).read())
        if os.path.exists(self.files['events']) or self._jobctl(pid):
            deadline = time.monotonic() + slow(10)
            while time.monotonic() < deadline:
                kids = open('/proc/%d/task/%d/children' % (pid, pid)).read()
                if kids.split():
                    return int(kids.split()[0])
                time.sleep(0.05)
        return pid

    @staticmethod
    def _jobctl(pid):
        try:
            return b'jobctl.py' in open('/proc/%d/cmdline' % pid, 'rb').read()
        except OSError:
            return False

    def stty(self):
        """The pane's terminal modes, read from outside."""
        with open(self.t.var('pane_tty')) as tty:
            return subprocess.run(['stty', '-g'], stdin=tty,
                                  capture_output=True, text=True,
                                  timeout=10).stdout

    def events(self):
        f = self.files['events']
        return open(f).read().split('\n')[:-1] if os.path.exists(f) else []

    def wait_file(self, what):
        f = self.files[what]
        deadline = time.monotonic() + slow(20)
        while time.monotonic() < deadline:
            if os.path.exists(f) and open(f).read().endswith('\n'):
                return open(f).read()
            time.sleep(0.05)
        raise AssertionError('%s never written; screen:\n%s'
                             % (what, self.t.screen()))

    def restored(self):
        """tplay exited with status 0 and gave the terminal back as it
        found it."""
        eq(self.wait_file('status').strip(), '0', 'exit status')
        eq(self.wait_file('after'), open(self.files['before']).read(),
           'stty settings after exit')
        # tplay left the alternate screen before it exited, but tmux may
        # not have read those bytes yet: the files came by another way.
        self.t.wait_var('alternate_on', '0')

    def close(self):
        self.t.kill()


def full_screen(s):
    return 'Audio tracks (3)' in s and '? help' in s


def same_colours(r, fresh):
    """r's screen and fresh's, escapes and all, come to be the same."""
    try:
        r.t.wait_for(lambda s: s == fresh.t.screen(escapes=True),
                     'the screen with its colours', escapes=True)
    except AssertionError:
        eq(r.t.screen(escapes=True), fresh.t.screen(escapes=True),
           'the screen with its colours')
        raise


def state(pid):
    """The process state letter of pid (R, S, T, ...)."""
    with open('/proc/%d/stat' % pid) as f:
        return f.read().rsplit(')', 1)[1].split()[0]


def resize_storm(t, rounds):
    """rounds x every size in SIZES, each round one tmux command list, so
    the resizes come back to back (hundreds of SIGWINCH)."""
    for _ in range(rounds):
        cmd = []
        for w, h in SIZES:
            cmd += ['resize-window', '-x', str(w), '-y', str(h), ';']
        t.cmd(*cmd[:-1])


def winch_burst(pid, n):
    for _ in range(n):
        os.kill(pid, signal.SIGWINCH)


def paused_at_start(r):
    """Pause and go back to 0: a screen that no longer changes, read once
    the picture of 00:00 is drawn (tplay's trace: a frame after the
    restart that followed the seek) and the screen has held still for a
    while (the pane's bytes may still be on their way through tmux)."""
    r.t.keys('Space')
    r.t.wait_for(lambda s: 'paused' in s, 'paused')
    seeks = sum(1 for e in r.trace() if e[:1] == ['seek'])
    r.t.keys('Home')
    r.t.wait_for(lambda s: 'paused 00:00' in s, 'paused at 00:00')

    def drawn(_):
        events = r.trace()
        at = [i for i, e in enumerate(events) if e[:1] == ['seek']]
        if len(at) <= seeks:
            return False
        rest = [e[:1] for e in events[at[-1]:]]
        return ['restart'] in rest and \
            ['frame'] in rest[rest.index(['restart']):]
    r.t.wait_for(drawn, 'the picture of 00:00 drawn')
    deadline = time.monotonic() + slow(30)
    last, since = None, time.monotonic()
    while True:
        s = r.t.screen(escapes=True)
        if s != last:
            last, since = s, time.monotonic()
        elif time.monotonic() - since >= slow(0.3):
            return r.t.screen()
        check(time.monotonic() < deadline, 'the screen never held still')
        time.sleep(0.05)


def test_winch_storms_end_in_the_screen_of_a_fresh_start():
    f = clip()
    fresh = Run('fresh', f, FINAL)
    r = Run('storm', f)
    try:
        r.t.wait_for(full_screen, 'screen')
        pid = r.pid()
        for k in range(3):
            # the help overlay open for one storm: it is laid out too
            r.t.keys('?' if k == 1 else 'Tab')
            resize_storm(r.t, 6)
            winch_burst(pid, 300)
        r.t.cmd('resize-window', '-x', str(FINAL[0]), '-y', str(FINAL[1]))
        winch_burst(pid, 300)
        # y is bound to nothing: it closes the help if still open; then the
        # first row selected again
        r.t.keys('y', 'BTab', 'BTab')
        check(r.t.var('pane_dead') == '0', 'tplay died in the storm')
        check(state(pid) not in 'TZ', 'tplay stopped or gone')
        fresh.t.wait_for(full_screen, 'fresh screen')
        paused_at_start(fresh)
        paused_at_start(r)
        # The same file, size and position: the same screen, row by row.
        got = r.t.wait_for(lambda s: s == fresh.t.screen(),
                           'the screen of a fresh start')
        lines = got.split('\n')
        check(len(lines) <= FINAL[1] + 1 and
              all(len(l) <= FINAL[0] for l in lines), 'fits the pane')
        check(full_screen(got), 'panel and status shown:\n' + got)
        # with the colours too (the picture is one colour, so it matches;
        # its cells are blanks, so the text above matched before either
        # picture was drawn)
        same_colours(r, fresh)
        r.t.keys('q')
        r.restored()
    finally:
        r.close()
        fresh.close()


def test_winch_bursts_at_one_size_change_nothing():
    r = Run('burst', clip(), FINAL)
    try:
        r.t.wait_for(full_screen, 'screen')
        pid = r.pid()
        before = paused_at_start(r)
        for _ in range(5):
            winch_burst(pid, 400)
        r.t.wait_for(lambda s: s == before, 'the screen as before the '
                     'bursts:\n' + before)
        r.t.keys('2')  # a key after the bursts: the loop still runs
        r.t.wait_for(lambda s: '[x] 2' in s, 'track 2 enabled')
        r.t.keys('q')
        r.restored()
    finally:
        r.close()


def test_kill_tstp_gives_the_terminal_back_and_cont_redraws():
    r = Run('tstp', clip(), jobctl=True)
    try:
        r.t.wait_for(full_screen, 'screen')
        pid = r.pid()
        running = r.stty()
        check(running != open(r.files['before']).read(),
              'tplay runs the terminal in its own modes')
        os.kill(pid, signal.SIGTSTP)
        r.t.wait_for(lambda _: 'stopped %d' % signal.SIGTSTP in r.events(),
                     'tplay stopped')
        # Nobody but tplay touched the terminal: these are its doing.
        # The modes are set before it stops; what it wrote then, tmux
        # may still be reading when jobctl logs the stop.
        eq(r.stty(), open(r.files['before']).read(), 'modes while stopped')
        r.t.wait_var('alternate_on', '0')
        r.t.wait_for(lambda s: not full_screen(s), 'the screen given back')
        os.kill(pid, signal.SIGCONT)
        r.t.wait_for(lambda _: 'continued' in r.events(), 'continued')
        r.t.wait_for(full_screen, 'redrawn after SIGCONT')
        eq(r.t.var('alternate_on'), '1', 'alternate screen back')
        eq(r.stty(), running, 'tplay modes back')
        # Twice more, and a SIGCONT with no stop before it.
        for k in range(2):
            os.kill(pid, signal.SIGTSTP)
            r.t.wait_for(lambda _: r.events().count(
                'stopped %d' % signal.SIGTSTP) == k + 2, 'stopped again')
            r.t.wait_var('alternate_on', '0')
            os.kill(pid, signal.SIGCONT)
            r.t.wait_for(full_screen, 'redrawn after SIGCONT')
        os.kill(pid, signal.SIGCONT)
        r.t.keys('2')
        r.t.wait_for(lambda s: '[x] 2' in s, 'keys work after')
        r.t.keys('q')
        r.restored()
        eq(r.events().count('stopped %d' % signal.SIGTSTP), 3, 'stops')
    finally:
        r.close()


def test_kill_tstp_and_cont_under_bash_then_fg():
    # The same with a real shell, as a user has it: bash takes the
    # terminal back when tplay stops, so a kill -CONT finds tplay in the
    # background, where taking the terminal stops it again (SIGTTOU)
    # before anything is drawn over the shell; fg brings it back.
    f = clip()
    t = Tmux('bashjob')
    before, after = path('bashjob.stty-before'), path('bashjob.stty-after')
    for p in (before, after):
        if os.path.exists(p):
            os.unlink(p)
    t.start('bash --norc --noprofile -i', env=dict(ENV, PS1='$ '))
    try:
        t.wait_for(lambda s: s.rstrip().endswith(('$', '#')), 'prompt')
        t.keys('stty -g > %s; %s --no-config --mpv-opt ao=null %s; '
               'stty -g > %s' % (before, shlex.quote(TPLAY), shlex.quote(f),
                                 after), 'Enter')
        t.wait_for(full_screen, 'screen')
        shell = t.var('pane_pid')
        pid = int(open('/proc/%s/task/%s/children' % (shell, shell)).read()
                  .split()[0])
        os.kill(pid, signal.SIGTSTP)
        t.wait_for(lambda s: s.count('Stopped') == 1, 'job stopped')
        eq(t.var('alternate_on'), '0', 'alternate screen while stopped')
        os.kill(pid, signal.SIGCONT)  # running from here on, until...
        t.wait_for(lambda _: state(pid) == 'T', 'tplay stopped again')
        t.keys('Enter')  # bash tells of the job's new stop at its prompt
        s = t.wait_for(lambda s: s.count('Stopped') == 2,
                       'bash saw the job stop again')
        check('Audio tracks' not in s, 'drawn over the shell:\n' + s)
        eq(t.var('alternate_on'), '0', 'alternate screen in the background')
        t.keys('fg', 'Enter')
        t.wait_for(full_screen, 'redrawn after fg')
        eq(t.var('alternate_on'), '1', 'alternate screen back')
        t.keys('q')
        t.wait_for(lambda _: os.path.exists(after) and
                   open(after).read().endswith('\n'), 'tplay exited')
        eq(open(after).read(), open(before).read(), 'stty after exit')
    finally:
        t.kill()


def test_resized_while_stopped_redraws_at_the_new_size():
    f = clip()
    fresh = Run('sfresh', f, FINAL)
    r = Run('sstop', f, jobctl=True)
    try:
        r.t.wait_for(full_screen, 'screen')
        pid = r.pid()
        paused_at_start(r)
        os.kill(pid, signal.SIGTSTP)
        r.t.wait_for(lambda _: 'stopped %d' % signal.SIGTSTP in r.events(),
                     'tplay stopped')
        # The SIGWINCHs wait while tplay is stopped and come with SIGCONT.
        resize_storm(r.t, 2)
        r.t.cmd('resize-window', '-x', str(FINAL[0]), '-y', str(FINAL[1]))
        os.kill(pid, signal.SIGCONT)
        fresh.t.wait_for(full_screen, 'fresh screen')
        paused_at_start(fresh)
        r.t.wait_for(lambda s: s == fresh.t.screen(),
                     'the screen of a fresh start')
        same_colours(r, fresh)
        r.t.keys('q')
        r.restored()
    finally:
        r.close()
        fresh.close()


def test_tstp_in_an_orphaned_group_keeps_the_screen():
    # tplay under sh with no job control: the group's only parents are
    # in it or outside the session, so the kernel discards the default
    # action of a stop signal (a stop no one could ever continue).
    r = Run('orphan', clip())
    try:
        r.t.wait_for(full_screen, 'screen')
        pid = r.pid()
        running = r.stty()
        for k in range(4):
            os.kill(pid, signal.SIGTSTP)
            # tplay reads the signal before a key sent after it: the key
            # taking effect shows it went on past the SIGTSTP.
            r.t.keys('2')
            mark = '[x] 2' if k % 2 == 0 else '[ ] 2'
            r.t.wait_for(lambda s: mark in s and full_screen(s),
                         'the screen, and key %d handled' % (k + 1))
            check(state(pid) != 'T', 'tplay stopped with no one to wake it')
            eq(r.t.var('alternate_on'), '1', 'alternate screen')
            eq(r.stty(), running, 'tplay modes kept')
        r.t.keys('q')
        r.restored()
    finally:
        r.close()


def test_tstp_ignored_by_the_parent_stays_ignored():
    # A parent that ignores SIGTSTP (and so its children, through exec)
    # means "this job is not to be stopped": tplay keeps playing.
    ignore = ('import os, signal, sys; signal.signal(signal.SIGTSTP, '
              'signal.SIG_IGN); os.execvp(sys.argv[1], sys.argv[1:])')
    r = Run('ignored', clip(), jobctl=True, prefix=['python3', '-c', ignore])
    try:
        r.t.wait_for(full_screen, 'screen')
        pid = r.pid()
        os.kill(pid, signal.SIGTSTP)
        r.t.keys('C-z')
        r.t.keys('2')  # handled after the two: tplay did not stop
        r.t.wait_for(lambda s: '[x] 2' in s, 'keys work after')
        eq([e for e in r.events() if e.startswith('stopped')], [],
           'stops')
        eq(r.t.var('alternate_on'), '1', 'alternate screen')
        r.t.keys('q')
        r.restored()
    finally:
        r.close()


def test_ctrl_s_freezes_neither_keys_nor_sigterm():
    # With flow control on, Ctrl-S stops the terminal's output: tplay
    # would block in its next write, deaf to q and to SIGTERM.
    r = Run('xoff', clip())
    try:
        r.t.wait_for(full_screen, 'screen')
        pid = r.pid()
        r.t.keys('C-s')
        r.t.keys('2')
        r.t.wait_for(lambda s: '[x] 2' in s, 'a key handled and shown')
        r.t.keys('C-s', '3')
        r.t.wait_for(lambda s: '[x] 3' in s, 'a key handled and shown')
        os.kill(pid, signal.SIGTERM)
        r.restored()
    finally:
        r.close()


def storm_then_signal(name, sig, storm):
    r = Run(name, clip())
    try:
        r.t.wait_for(full_screen, 'screen')
        pid = r.pid()
        stop = threading.Event()
        rounds = []

        def resizes():
            while not stop.is_set():
                resize_storm(r.t, 1)
                rounds.append(1)

        def toggles():
            while not stop.is_set():
                r.t.keys(*'123#s123' * 16)
                rounds.append(1)

        th = threading.Thread(target=resizes if storm == 'resize'
                              else toggles, daemon=True)
        th.start()
        try:
            # The storm is on: two rounds sent, more on their way.  (A
            # sleep here let the signal come before the storm when slow.)
            deadline = time.monotonic() + slow(20)
            while len(rounds) < 2:
                check(time.monotonic() < deadline, 'the storm never began')
                time.sleep(0.01)
            os.kill(pid, sig)
            r.wait_file('status')
        finally:
            stop.set()
            th.join(timeout=20)
        r.restored()
    finally:
        r.close()


def test_sigterm_and_sigint_in_a_resize_storm_restore_the_terminal():
    for sig in (signal.SIGTERM, signal.SIGINT):
        storm_then_signal('rstorm%d' % sig, sig, 'resize')


def test_sigterm_and_sigint_in_a_toggle_storm_restore_the_terminal():
    for sig in (signal.SIGTERM, signal.SIGINT):
        storm_then_signal('tstorm%d' % sig, sig, 'toggle')


if __name__ == '__main__':
    run_tests(globals())
