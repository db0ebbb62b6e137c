#!/usr/bin/env python3
"""End to end: installing.  make install puts the program, its man page,
its documentation, the bash, zsh and fish completions and the desktop
entry under DESTDIR and PREFIX, and make uninstall takes each away; the
desktop entry is one desktop-file-validate accepts, and it runs the
program make install installs."""
import os
import re

from tplaytest import BUILD, ROOT, check, eq, path, run, run_tests, slow

# Under PREFIX, with its mode.  zsh's completion: where zsh looks for a
# package's (PREFIX /usr), else for a local install's (site-functions:
# /usr/local/share/zsh/site-functions is in Debian's zsh fpath).
ZSH_PACKAGE = 'share/zsh/vendor-completions/_tplay'
ZSH_LOCAL = 'share/zsh/site-functions/_tplay'
INSTALLED = {
    'bin/tplay': 0o755,
    'share/man/man1/tplay.1': 0o644,
    'share/doc/tplay/README.md': 0o644,
    'share/doc/tplay/tplay.conf': 0o644,
    'share/bash-completion/completions/tplay': 0o644,
    ZSH_LOCAL: 0o644,
    'share/fish/vendor_completions.d/tplay.fish': 0o644,
    'share/applications/tplay.desktop': 0o644,
}
# Every document of docs/, as they come.
INSTALLED.update({'share/doc/tplay/docs/' + n: 0o644
                  for n in os.listdir(os.path.join(ROOT, 'docs'))
                  if n.endswith('.md')})
PREFIX = '/opt/tplay'


def make(destdir, target):
    """make target with DESTDIR and PREFIX, on the build under test.  -o:
    never rebuild tplay here (a sanitizer build remade with the plain
    flags would no longer be one)."""
    build = os.path.abspath(BUILD)
    r = run(['make', '--no-print-directory', '-C', ROOT, 'BUILD=' + build,
             '-o', os.path.join(build, 'tplay'), 'DESTDIR=' + destdir,
             'PREFIX=' + PREFIX, target], timeout=slow(60))
    eq(r.returncode, 0, 'make %s: %s' % (target, r.stderr.decode()))


def files_under(root):
    """Every file under root, by its path relative to root, with its mode."""
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            f = os.path.join(folder, name)
            found[os.path.relpath(f, root)] = os.stat(f).st_mode & 0o7777
    return found


def same_files(got, want, what):
    """got and want ({path: mode}) alike, or what differs, by name."""
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    modes = sorted('%s %o (want %o)' % (f, got[f], want[f])
                   for f in set(got) & set(want) if got[f] != want[f])
    check(not (missing or extra or modes), '%s: missing %s; not expected '
          '%s; modes %s' % (what, missing, extra, modes))


def test_make_install_puts_everything_in_destdir_and_uninstall_removes_it():
    dest = path('destdir')
    make(dest, 'install')
    same_files(files_under(dest),
               {PREFIX[1:] + '/' + f: m for f, m in INSTALLED.items()},
               'make install DESTDIR=%s PREFIX=%s' % (dest, PREFIX))
    make(dest, 'uninstall')
    same_files(files_under(dest), {}, 'after make uninstall')


def test_the_desktop_entry_validates_and_runs_tplay():
    dest = path('destdir-desktop')
    make(dest, 'install')
    entry = dest + PREFIX + '/share/applications/tplay.desktop'
    r = run(['desktop-file-validate', entry])
    eq((r.returncode, r.stdout.decode() + r.stderr.decode()), (0, ''),
       'desktop-file-validate')
    text = open(entry).read()
    m = re.search(r'^Exec=(\S+)', text, re.M)
    check(m, 'an Exec line in %s' % entry)
    eq(m.group(1), 'tplay',
       'the program Exec runs (bin/tplay)')
    check(re.search(r'^Terminal=true$', text, re.M), 'Terminal=true')
    make(dest, 'uninstall')


if __name__ == '__main__':
    run_tests(globals())
