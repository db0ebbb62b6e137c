"""A private tmux server that runs tplay in a real terminal for tests."""
import os
import shlex
import subprocess
import time

from tplaytest import WORK, slow

# Written to the pty after a recorded command: the recording is whole.
END_MARK = 'tplay-test-recording-ends-here'


class Tmux:
    """One tmux server on its own socket, one window, one pane."""

    def __init__(self, name, width=120, height=40):
        self.sock = os.path.join(WORK, 'tmux-%s.sock' % name)
        self.width, self.height = width, height

    def cmd(self, *args):
        r = subprocess.run(['tmux', '-S', self.sock] + list(args),
                           capture_output=True, timeout=20)
        return r.stdout.decode('utf-8', 'replace')

    launches = 0

    def start(self, shell_cmd, env=None):
        """Run shell_cmd in a new session with env's variables.  Unless
        env names one, each start has an XDG_STATE_HOME of its own
        (self.state: the log, and the positions tplay keeps on quit), so
        a tplay started on a clip an earlier one quit does not resume it,
        however late the earlier one's last write comes."""
        env = dict(env or {})
        if 'XDG_STATE_HOME' not in env:
            Tmux.launches += 1
            env['XDG_STATE_HOME'] = os.path.join(
                WORK, 'state-%s-%d' % (os.path.basename(self.sock),
                                       Tmux.launches))
        self.state = env['XDG_STATE_HOME']
        env_args = []
        for k, v in env.items():
            env_args += ['-e', '%s=%s' % (k, v)]
        # remain-on-exit in the same command list as the session: the
        # server runs the list before it reaps any child, so even a
        # command that exits at once leaves its pane to be read.
        subprocess.run(['tmux', '-S', self.sock, '-f', '/dev/null', '-u',
                        'new-session', '-d', '-x', str(self.width), '-y',
                        str(self.height)] + env_args + [shell_cmd] +
                       [';', 'set-option', '-g', 'remain-on-exit', 'on'],
                       check=True, timeout=20)

    def start_recorded(self, shell_cmd, raw, env=None):
        """start(shell_cmd), keeping every byte it writes to the pty in
        the file raw (emptied first): the command waits until pipe-pane
        is attached, so none is lost however slow tmux is.  Unless
        shell_cmd ends in an exec, the pane writes END_MARK once it is
        done (recorded() waits for that), then stays alive: a dead pane
        would scroll its last line away for tmux's "Pane is dead"."""
        ready = raw + '.ready'
        for p in (raw, ready):
            if os.path.exists(p):
                os.unlink(p)
        self.start('while [ ! -e %s ]; do sleep 0.05; done; %s; printf '
                   '"\\n%%s\\n" %s; sleep 600'
                   % (shlex.quote(ready), shell_cmd, END_MARK), env)
        self.cmd('pipe-pane', '-o', 'cat >> %s' % shlex.quote(raw))
        open(ready, 'w').close()

    @staticmethod
    def recorded(raw, timeout=15):
        """Every byte the command of start_recorded wrote, once it has
        ended: the pty is one stream, so when END_MARK (written after the
        command) is in the file, all that came before it is too; tmux
        and the cat behind pipe-pane may still be passing on the tail
        when the pane is already dead."""
        deadline = time.monotonic() + slow(timeout)
        mark = END_MARK.encode() + b'\r\n'  # the tty adds the CR
        while True:
            data = open(raw, 'rb').read() if os.path.exists(raw) else b''
            i = data.find(mark)
            if i >= 0:
                return data[:i].rsplit(b'\r\n', 1)[0]
            if time.monotonic() > deadline:
                raise AssertionError('%s: the recording never ended (%d '
                                     'bytes; the tail: %r)'
                                     % (raw, len(data), data[-200:]))
            time.sleep(0.05)

    @staticmethod
    def quiet(raw, what, quiet=0.5, timeout=30):
        """Wait until nothing has been written to the recording raw for
        `quiet` seconds (stretched under valgrind): what the program set
        off is all drawn.  For a screen that has nothing left to change
        (paused, no message fading), not for a playing picture."""
        deadline = time.monotonic() + slow(timeout)
        size, since = -1, time.monotonic()
        while True:
            now = time.monotonic()
            n = os.path.getsize(raw) if os.path.exists(raw) else 0
            if n != size:
                size, since = n, now
            elif now - since >= slow(quiet):
                return
            if now > deadline:
                raise AssertionError('%s: the terminal never went quiet '
                                     'after %s' % (raw, what))
            time.sleep(0.05)

    def keys(self, *keys):
        self.cmd('send-keys', *keys)

    def screen(self, escapes=False):
        return self.cmd('capture-pane', '-p', *(['-e'] if escapes else []))

    def var(self, name):
        return self.cmd('display-message', '-p', '#{%s}' % name).strip()

    def wait_for(self, pred, what, timeout=15, escapes=False):
        """Poll the screen (with its colour escapes if asked) until
        pred(screen) holds; return that screen."""
        deadline = time.monotonic() + slow(timeout)
        s = ''
        while time.monotonic() < deadline:
            s = self.screen(escapes)
            if pred(s):
                return s
            time.sleep(0.05)
        raise AssertionError('timed out waiting for %s; screen:\n%s' % (what, s))

    def wait_var(self, name, value, timeout=15):
        deadline = time.monotonic() + slow(timeout)
        v = None
        while time.monotonic() < deadline:
            v = self.var(name)
            if v == value:
                return
            time.sleep(0.05)
        raise AssertionError('%s stayed %r, want %r' % (name, v, value))

    def kill(self):
        subprocess.run(['tmux', '-S', self.sock, 'kill-server'],
                       capture_output=True, timeout=20)


def sgr(state, params):
    """Apply one SGR sequence's parameters (the text between "ESC [" and
    "m") to state: bold, dim, italic, underline, blink, reverse as True,
    fg and bg as SGR tuples ((5, n) for 256 colours, (2, r, g, b) for
    24-bit, (p,) for the 16)."""
    ps = [int(p) if p else 0 for p in params.split(';')]
    names = {1: 'bold', 2: 'dim', 3: 'italic', 4: 'underline', 5: 'blink',
             7: 'reverse'}
    offs = {22: ('bold', 'dim'), 23: ('italic',), 24: ('underline',),
            25: ('blink',), 27: ('reverse',)}
    i = 0
    while i < len(ps):
        p = ps[i]
        if p == 0:
            state.clear()
        elif p in names:
            state[names[p]] = True
        elif p in offs:
            for k in offs[p]:
                state.pop(k, None)
        elif p in (38, 48):
            key = 'fg' if p == 38 else 'bg'
            n = 3 if ps[i + 1:i + 2] == [5] else 5
            state[key] = tuple(ps[i + 1:i + n])
            i += n - 1
        elif p in (39, 49):
            state.pop('fg' if p == 39 else 'bg', None)
        elif 30 <= p <= 37 or 90 <= p <= 97:
            state['fg'] = (p,)
        elif 40 <= p <= 47 or 100 <= p <= 107:
            state['bg'] = (p,)
        i += 1
