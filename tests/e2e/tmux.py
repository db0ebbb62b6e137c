"""A private tmux server that runs tplay in a real terminal for tests."""
import os
import shlex
import subprocess
import time

from tplaytest import WORK, slow


class Tmux:
    """One tmux server on its own socket, one window, one pane."""

    def __init__(self, name, width=120, height=40):
        self.sock = os.path.join(WORK, 'tmux-%s.sock' % name)
        self.width, self.height = width, height

    def cmd(self, *args):
        r = subprocess.run(['tmux', '-S', self.sock] + list(args),
                           capture_output=True, timeout=20)
        return r.stdout.decode('utf-8', 'replace')

    def start(self, shell_cmd, env=None):
        env_args = []
        for k, v in (env or {}).items():
            env_args += ['-e', '%s=%s' % (k, v)]
        subprocess.run(['tmux', '-S', self.sock, '-f', '/dev/null', '-u',
                        'new-session', '-d', '-x', str(self.width), '-y',
                        str(self.height)] + env_args + [shell_cmd],
                       check=True, timeout=20)
        self.cmd('set-option', '-g', 'remain-on-exit', 'on')

    def start_recorded(self, shell_cmd, raw, env=None):
        """start(shell_cmd), keeping every byte it writes to the pty in
        the file raw (emptied first): the command waits until pipe-pane
        is attached, so none is lost however slow tmux is."""
        ready = raw + '.ready'
        for p in (raw, ready):
            if os.path.exists(p):
                os.unlink(p)
        self.start('while [ ! -e %s ]; do sleep 0.05; done; %s'
                   % (shlex.quote(ready), shell_cmd), env)
        self.cmd('pipe-pane', '-o', 'cat >> %s' % shlex.quote(raw))
        open(ready, 'w').close()

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
