#!/usr/bin/env python3
"""End to end: the zsh and fish completions (share/completions/_tplay and
tplay.fish), loaded the way the shells load installed ones and driven in
a real zsh and a real fish, offer every option tplay --help lists and no
other, and complete option names, languages after --alang and --slang (a
list goes on after its comma), libmpv option names and files, with no
guess at a number.  The bash completion is held to the same in test_docs."""
import os
import shlex
import time

from tmux import Tmux
from tplaytest import ROOT, TPLAY, check, eq, path, run, run_tests, slow
from test_docs import OPTION

COMPLETIONS = os.path.join(ROOT, 'share', 'completions')
FILES = path('complete')

# zsh's completion system, autoloading _tplay from share/completions, with
# compadd wrapped: each match it would add (its hidden prefix and what the
# word holds before the part completed, such as "ja," or "--alang=",
# in front) goes to $CAPTURE.  Tab runs the completion and writes the
# file whole (a rename) once done; nothing is inserted or listed, so the
# line stays as typed.
ZSHRC = r'''
fpath=(%s $fpath)
autoload -Uz compinit && compinit -u -D
compadd() {
  # Calls that only ask which matches there would be are the system's own.
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
    builtin compadd "$@"
    return
  fi
  local -a hits
  local i=${@[(i)-p]} pre=
  (( i < $# )) && pre=${@[i+1]}
  builtin compadd -A hits "$@"
  (( $#hits )) && print -rl -- "${hits[@]/#/$IPREFIX$pre}" >> $CAPTURE.part
  builtin compadd "$@"
}
capture-complete() {
  : >| $CAPTURE.part
  _main_complete
  compstate[list]=
  compstate[insert]=
  mv -f $CAPTURE.part $CAPTURE
}
zle -C capture-complete complete-word capture-complete
bindkey '^I' capture-complete
PS1='zsh-ready> '
''' % shlex.quote(COMPLETIONS)

# (what is typed, what the shell must offer); {f} is FILES.
CASES = [
    ('tplay --al', ['--alang']),
    ('tplay --mic-p', ['--mic-period', '--mic-periods']),
    ('tplay --alang p', ['pt', 'pt-BR']),
    ('tplay --alang ja,e', ['ja,en', 'ja,es']),
    ('tplay --alang=j', ['--alang=ja']),
    ('tplay --sl', ['--slang']),
    ('tplay --no-s', ['--no-sub']),
    ('tplay --slang ja,e', ['ja,en', 'ja,es']),
    ('tplay --slang=z', ['--slang=zh', '--slang=zh-Hant']),
    ('tplay --mic-gain ', []),
    ('tplay --mpv-opt a', ['ao=', 'audio-device=']),
    ('tplay {f}/fi', ['{f}/film.mkv', '{f}/film.ogg']),
    ('tplay --no-video {f}/fi', ['{f}/film.mkv', '{f}/film.ogg']),
    ('tplay --config {f}/n', ['{f}/notes.txt']),
]


def make_files():
    os.makedirs(FILES, exist_ok=True)
    for name in ('film.mkv', 'film.ogg', 'notes.txt'):
        open(os.path.join(FILES, name), 'w').close()


def shell_env():
    """A home of its own for each shell (fish writes its history and
    variables there); tplay on PATH, as fish loads the completion of
    a command it can find."""
    home = path('shell-home')
    bin_dir = os.path.join(home, 'bin')
    os.makedirs(bin_dir, exist_ok=True)
    link = os.path.join(bin_dir, 'tplay')
    if not os.path.lexists(link):
        os.symlink(os.path.abspath(TPLAY), link)
    return {'HOME': home, 'XDG_DATA_HOME': os.path.join(home, 'data'),
            'PATH': bin_dir + os.pathsep + os.environ['PATH'],
            'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}


class Zsh:
    """An interactive zsh in a tmux pane; complete() types a line, presses
    Tab and reads what the completion offered."""
    started = 0

    def __init__(self):
        zdot = path('zdotdir')
        os.makedirs(zdot, exist_ok=True)
        with open(os.path.join(zdot, '.zshrc'), 'w') as f:
            f.write(ZSHRC)
        self.capture = os.path.join(zdot, 'capture')
        env = dict(shell_env(), ZDOTDIR=zdot, CAPTURE=self.capture)
        # A socket of its own for each zsh: a server just killed may not
        # have let go of its socket yet.
        Zsh.started += 1
        self.t = Tmux('zsh%d' % Zsh.started, 120, 40)
        # -d: no system-wide zshrc, whatever the machine's holds.
        self.t.start('exec zsh -d -i', env=env)
        self.t.wait_for(lambda s: 'zsh-ready>' in s, 'the zsh prompt')

    def complete(self, line):
        if os.path.exists(self.capture):
            os.unlink(self.capture)
        self.t.keys('C-u')
        self.t.cmd('send-keys', '-l', line)
        self.t.keys('Tab')
        deadline = time.monotonic() + slow(15)
        while not os.path.exists(self.capture):
            check(time.monotonic() < deadline, 'zsh never completed %r; '
                  'screen:\n%s' % (line, self.t.screen()))
            time.sleep(0.05)
        with open(self.capture) as f:
            return [w for w in f.read().split('\n') if w]

    def close(self):
        self.t.kill()


def fish_complete(line):
    """What fish offers for line, as `complete -C` lists it (each match,
    a tab, its description), from share/completions as fish autoloads
    an installed tplay.fish."""
    r = run(['fish', '--no-config', '-c',
             'set fish_complete_path %s; complete -C$argv[1]'
             % shlex.quote(COMPLETIONS), line],
            env=dict(os.environ, **shell_env()), timeout=slow(20))
    eq((r.returncode, r.stderr.decode()), (0, ''),
       'fish completing %r' % line)
    return [w.split('\t')[0] for w in r.stdout.decode().split('\n') if w]


def help_options():
    r = run([TPLAY, '--help'])
    eq(r.returncode, 0, '--help status')
    options = set(OPTION.findall(r.stdout.decode()))
    check('--alang' in options and '-h' in options,
          'options found in --help: %s' % sorted(options))
    return options


def offers_every_option(shell, offered, where):
    """offered (what shell offers after "tplay -") against --help."""
    helped = help_options()
    missing = sorted(helped - set(offered))
    unknown = sorted(set(offered) - helped)
    check(not missing, '%s does not offer %s, which tplay --help lists: '
          'add it to %s' % (shell, ', '.join(missing), where))
    check(not unknown, '%s offers %s, which tplay --help does not list: '
          'remove it from %s' % (shell, ', '.join(unknown), where))


def completes_the_cases(shell, complete):
    make_files()
    for line, want in CASES:
        line = line.format(f=FILES)
        eq(sorted(complete(line)), sorted(w.format(f=FILES) for w in want),
           '%s completing %r' % (shell, line))


def test_zsh_offers_every_option_of_help():
    z = Zsh()
    try:
        offered = z.complete('tplay -')
    finally:
        z.close()
    offers_every_option('zsh', offered, 'share/completions/_tplay')


def test_zsh_completes_options_languages_and_files():
    z = Zsh()
    try:
        completes_the_cases('zsh', z.complete)
    finally:
        z.close()


def test_fish_offers_every_option_of_help():
    offers_every_option('fish', fish_complete('tplay -'),
                        'share/completions/tplay.fish')


def test_fish_completes_options_languages_and_files():
    completes_the_cases('fish', fish_complete)


if __name__ == '__main__':
    run_tests(globals())
